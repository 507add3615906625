import { randomBytes } from 'node:crypto';
import { DEPARTMENTAL_TARGETS, startService, type RunningService } from './stack';

// The rate limit counts a request against the key it authenticates with, and anything that does not
// authenticate against its connecting address: a forger cannot spend a department's allowance, and made-up
// keys do not each get a fresh one.

describe('rate limit buckets', () => {
  let service: RunningService;
  const from = (remoteAddress: string, key: string) =>
    service.app.inject({ method: 'GET', url: '/v1/records/live-birth', remoteAddress, headers: { 'x-api-key': key } });
  const secret = () => randomBytes(32).toString('base64url');

  beforeAll(async () => {
    service = await startService(DEPARTMENTAL_TARGETS[0], { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('does not let keys forged with a real key’s prefix spend that key’s allowance', async () => {
    const real = await service.issueKey('health', ['read:health']);
    const prefix = real.key.split('_')[2];
    expect((await from('10.0.0.1', real.key)).statusCode).toBe(200);
    expect((await from('10.0.0.1', real.key)).headers['x-ratelimit-remaining']).toBe('3');

    const forged: number[] = [];
    for (let i = 0; i < 7; i++) forged.push((await from('10.0.0.1', `wdp_health_${prefix}_${secret()}`)).statusCode);
    expect(forged).toEqual([401, 401, 401, 401, 401, 429, 429]);

    // Same address, same prefix: the real key still has its three requests left.
    const afterwards: number[] = [];
    for (let i = 0; i < 4; i++) afterwards.push((await from('10.0.0.1', real.key)).statusCode);
    expect(afterwards).toEqual([200, 200, 200, 429]);
  });

  it('counts made-up keys against the address that sends them, not a fresh bucket each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await from('10.0.0.2', `wdp_health_${randomBytes(4).toString('hex')}_${secret()}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await from('10.0.0.2', `wdp_health_${randomBytes(4).toString('hex')}_${secret()}`);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await from('10.0.0.3', `wdp_health_${randomBytes(4).toString('hex')}_${secret()}`)).statusCode).toBe(401);
  });

  it('documents 429 with Retry-After on every operation but the probes', async () => {
    const doc = (await service.call('GET', '/docs-json')).json();
    const resolve = (r?: { $ref?: string; headers?: object }) => (r?.$ref ? doc.components.responses[r.$ref.split('/').pop()!] : r);
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { $ref?: string; headers?: object }> }>>)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    for (const { path, method, op } of operations) {
      const tooMany = resolve(op.responses['429']);
      const documented = Boolean(tooMany?.headers && 'Retry-After' in tooMany.headers && tooMany.content?.['application/problem+json']);
      expect([method, path, documented]).toEqual([method, path, !/^\/(health\/|metrics$)/.test(path)]);
    }
  });
});
