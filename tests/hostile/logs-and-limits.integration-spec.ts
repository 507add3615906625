import { ApiKeyService, generateApiKey } from '@wdp/ingestion';
import { writeOperations, type WriteOperation } from './openapi-operations';
import { DEPARTMENTAL_TARGETS, MONITORING_TARGET, startService, type RunningService } from './stack';
import { captureOutput } from './capture-output';

const HEALTH = DEPARTMENTAL_TARGETS.find((t) => t.department === 'health')!;

async function firstRecordPost(service: RunningService): Promise<WriteOperation> {
  const doc = (await service.call('GET', '/docs-json')).json();
  return writeOperations(doc).find((o) => o.method === 'POST' && /^\/v1\/records\/[^/{]+$/.test(o.path))!;
}

describe('no key or secret in the logs', () => {
  it('logs at trace level through start, writes, failed and revoked authentication without ever printing a key', async () => {
    const secrets: string[] = [];
    const { output } = await captureOutput(async () => {
      const service = await startService(HEALTH, { LOG_LEVEL: 'trace' });
      try {
        const op = await firstRecordPost(service);
        const own = await service.issueKey('health', ['write:health', 'read:health', 'admin']);
        const revokedKey = await service.issueKey('health', ['read:health']);
        const forged = generateApiKey('health').key;
        const wrongSecret = `${own.key.slice(0, -4)}AAAA`;
        const foreign = generateApiKey('education').key;
        secrets.push(own.key, revokedKey.key, forged, wrongSecret, foreign);
        await service.app.get(ApiKeyService).revoke(revokedKey.id, 'test');
        const body = { ...op.example, reference: 'LOG-1' };
        const calls: Promise<unknown>[] = [
          service.call('POST', op.path, { key: own.key, body }),
          service.call('POST', op.path, { key: own.key, body: { ...body, zz: own.key } }),
          service.call('POST', op.path, { key: own.key, body: { ...body, sex: wrongSecret } }),
          service.call('GET', `${op.path}?apiKey=${encodeURIComponent(own.key)}`, { key: own.key }),
          service.call('GET', op.path, { key: revokedKey.key }),
          service.call('GET', op.path, { key: forged }),
          service.call('GET', op.path, { key: wrongSecret }),
          service.call('GET', op.path, { key: foreign }),
          service.call('GET', op.path, { key: `  ${own.key}x` }),
          service.call('GET', op.path, { headers: { authorization: `Bearer ${own.key}` } }),
          service.call('POST', op.path, { key: own.key, body: { items: 'x' }, headers: { 'idempotency-key': own.key } }),
          service.call('POST', '/v1/admin/api-keys', { key: own.key, body: { department: 'health', scopes: ['read:health'], label: 'from log test' } }),
          service.call('DELETE', `/v1/admin/api-keys/${revokedKey.id}?reason=${encodeURIComponent(own.key)}`, { key: own.key }),
        ];
        const answers = (await Promise.all(calls)) as { statusCode: number; body: string }[];
        expect(answers[0].statusCode).toBe(201);
        expect(answers.some((a) => a.statusCode === 401)).toBe(true);
        // The one answer that must carry a key is the one issuing it; no other answer echoes one.
        for (const a of answers.filter((_, i) => i !== 11)) for (const s of secrets) expect(a.body).not.toContain(s.slice(-43));
        secrets.push(JSON.parse(answers[11].body).key);
      } finally {
        await service.close();
      }
    });
    expect(output).toContain('"msg":"request completed"'); // the capture works: the JSON request log is in it
    for (const s of secrets) {
      expect(output).not.toContain(s);
      expect(output).not.toContain(s.slice(-43)); // the secret alone
    }
  });
});

describe('rate limiting', () => {
  let service: RunningService;
  let op: WriteOperation;

  beforeAll(async () => {
    service = await startService(MONITORING_TARGET, { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    op = (writeOperations((await service.call('GET', '/docs-json')).json()).find((o) => o.method === 'POST' && o.path.startsWith('/v1/returns/')))!;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers 429 with Retry-After and problem details past the limit, per key, and never throttles the probes', async () => {
    const a = await service.issueKey('statistics', ['write:statistics', 'read:statistics']);
    const b = await service.issueKey('statistics', ['write:statistics', 'read:statistics']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await service.call('GET', op.path, { key: a.key })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await service.call('POST', op.path, { key: a.key, body: op.example });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(limited.body).not.toContain(a.key.slice(-43));
    expect((await service.sql.query(`SELECT count(*)::int AS n FROM statistical_returns`)).rows[0].n).toBe(0);
    expect((await service.call('GET', op.path, { key: b.key })).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await service.call('GET', '/health/live')).statusCode).toBe(200);
    // Without a well-formed key a client is counted by its address (beforeAll's /docs-json was the first of its 5).
    const anonymous: number[] = [];
    for (let i = 0; i < 6; i++) anonymous.push((await service.call('GET', '/v1/kinds')).statusCode);
    expect(anonymous).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
