import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isProbeSeries } from './alert-probe';
import { demoPush, demoPushData } from './demo-push';

// A fixed clock: the demo data's years end at the last complete one.
const NOW = new Date('2025-03-01T00:00:00Z');

describe('the bench’s demo push', () => {
  const data = demoPushData({ scale: 0.05, skipReturn: isProbeSeries, now: NOW });
  let server: Server;
  let baseUrl = '';
  const seen: { method: string; url: string; items: number; apiKey: string }[] = [];

  beforeAll(async () => {
    // Answers like a departmental API: a record batch creates every item, a return is created.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { items?: unknown[] };
        seen.push({ method: req.method!, url: req.url!, items: parsed.items?.length ?? 0, apiKey: String(req.headers['x-api-key']) });
        res.writeHead(201, { 'content-type': 'application/json' });
        const n = parsed.items?.length ?? 0;
        res.end(JSON.stringify(parsed.items ? { received: n, created: n, unchanged: 0 } : { outcome: 'created' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('leaves out the series the alert probe writes, and keeps records of several departments and the returns', () => {
    expect(data.returns.some(isProbeSeries)).toBe(false);
    expect(data.returns.length).toBeGreaterThan(0);
    expect(new Set([...data.records.keys()].map((k) => k.split('/')[0])).size).toBeGreaterThan(3);
  });

  it('sends every record and return to its department’s service with that department’s key, and counts them', async () => {
    const result = await demoPush(data, (department, service) => ({ department, service, baseUrl, apiKey: `key-${department}` }), 4);
    const records = [...data.records.values()].reduce((n, items) => n + items.length, 0);
    expect(result).toMatchObject({ records, returns: data.returns.length, requests: seen.length });
    expect(seen.filter((r) => r.url.startsWith('/v1/records/')).reduce((n, r) => n + r.items, 0)).toBe(records);
    expect(seen.filter((r) => r.url.startsWith('/v1/returns/'))).toHaveLength(data.returns.length);
    expect(seen.every((r) => r.method === 'POST' && r.items <= 5_000)).toBe(true);
    expect(new Set(seen.map((r) => r.apiKey)).has('key-statistics')).toBe(true);
    expect(result.seconds).toBeGreaterThanOrEqual(0);
    // Thousands of local HTTP requests: about a second alone, far more beside the rest of the suite on two cores.
  }, 60_000);
});
