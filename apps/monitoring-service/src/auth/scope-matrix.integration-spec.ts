import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyService } from '@wdp/ingestion';
import type { MonitoringServiceConfig } from '../config';
import { SplitMonitoringWriteScope1765000009100 } from '../database/scope-split.migrations';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { DemoReaderKey, demoReaderKeyFile } from './demo-reader-key';

// Each monitoring action needs its own scope (or admin); the dashboard's demo key only reads.

describe('monitoring scopes: least privilege per action', () => {
  let h: MonitoringHarness;
  let keys: ApiKeyService;
  let dir: string;
  const call = (method: 'GET' | 'POST', url: string, key: string, payload?: object) => h.app.inject({ method, url, payload, headers: { 'x-api-key': key } });
  const issue = async (department: string, scopes: string[]) => (await keys.issue({ department, scopes, label: `scope test ${scopes.join(' ')}` })).key;

  /** Status of each action for a key. Invalid bodies and unknown ids: a permitted key gets 422 or 404, a refused one 403. */
  const matrix = async (key: string) => ({
    read: (await call('GET', '/v1/indicators?pageSize=1', key)).statusCode,
    streamToken: (await call('POST', '/v1/alerts/stream-tokens', key, {})).statusCode,
    acknowledge: (await call('POST', `/v1/alerts/${randomUUID()}/acknowledge`, key, { comment: 'checked' })).statusCode,
    resolve: (await call('POST', `/v1/alerts/${randomUUID()}/resolve`, key, { reason: 'checked' })).statusCode,
    subscribe: (await call('POST', '/v1/subscriptions', key, {})).statusCode,
    subscriptions: (await call('GET', '/v1/subscriptions', key)).statusCode,
    report: (await call('POST', '/v1/reports', key, {})).statusCode,
    unsuppressed: (await call('GET', '/v1/values?indicator=ECO-01&unsuppressed=true', key)).statusCode,
  });

  beforeAll(async () => {
    h = await startMonitoring('mon_scopes');
    keys = h.app.get(ApiKeyService);
    dir = mkdtempSync(join(tmpdir(), 'wdp-demo-key-'));
  });

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the dashboard demo key reads only: no alert actions, subscriptions or reports', async () => {
    const config = { API_KEYS_FILE: join(dir, 'monitoring-service.json') } as MonitoringServiceConfig;
    await new DemoReaderKey(keys, config).onApplicationBootstrap();
    const demo = JSON.parse(readFileSync(demoReaderKeyFile(config), 'utf8'));
    expect(demo.scopes).toEqual(['read:monitoring']);
    expect(await matrix(demo.key)).toEqual({ read: 200, streamToken: 201, acknowledge: 403, resolve: 403, subscribe: 403, subscriptions: 403, report: 403, unsuppressed: 403 });
  });

  it('replaces a demo key left from before the split, which could act', async () => {
    const config = { API_KEYS_FILE: join(dir, 'old', 'monitoring-service.json') } as MonitoringServiceConfig;
    await new DemoReaderKey(keys, config).onApplicationBootstrap();
    const first = JSON.parse(readFileSync(demoReaderKeyFile(config), 'utf8'));
    await h.dataSource.query(`UPDATE api_keys SET scopes = scopes || ARRAY['handle:alerts'] WHERE id = $1`, [first.id]);
    await new DemoReaderKey(keys, config).onApplicationBootstrap();
    const second = JSON.parse(readFileSync(demoReaderKeyFile(config), 'utf8'));
    expect(second.key).not.toBe(first.key);
    expect((await keys.authenticate(first.key)).outcome).toBe('revoked');
    expect((await keys.authenticate(second.key)).outcome).toBe('authenticated');
  });

  it('maps each action to its own scope', async () => {
    const handler = await issue('monitoring', ['read:monitoring', 'handle:alerts']);
    const manager = await issue('monitoring', ['manage:subscriptions']);
    const reporter = await issue('monitoring', ['generate:reports']);
    expect(await matrix(handler)).toEqual({ read: 200, streamToken: 201, acknowledge: 404, resolve: 404, subscribe: 403, subscriptions: 403, report: 403, unsuppressed: 403 });
    expect(await matrix(manager)).toEqual({ read: 403, streamToken: 403, acknowledge: 403, resolve: 403, subscribe: 422, subscriptions: 200, report: 403, unsuppressed: 403 });
    expect(await matrix(reporter)).toEqual({ read: 403, streamToken: 403, acknowledge: 403, resolve: 403, subscribe: 403, subscriptions: 403, report: 422, unsuppressed: 403 });
  });

  it('lets the administrator act, and read figures unsuppressed as documented', async () => {
    expect(await matrix(h.keys.admin)).toEqual({ read: 403, streamToken: 403, acknowledge: 404, resolve: 404, subscribe: 422, subscriptions: 200, report: 422, unsuppressed: 200 });
    expect((await call('GET', '/v1/values?indicator=ECO-01', h.keys.admin)).statusCode).toBe(200);
  });

  it('migrates a key holding write:monitoring to the scopes it covered, audited, so it keeps working', async () => {
    const old = await issue('monitoring', ['read:monitoring']);
    const [{ id }] = await h.dataSource.query(`SELECT id FROM api_keys WHERE prefix = $1`, [old.split('_')[2]]);
    await h.dataSource.query(`UPDATE api_keys SET scopes = ARRAY['read:monitoring', 'write:monitoring'] WHERE id = $1`, [id]);
    const untouched = await issue('monitoring', ['read:monitoring']);
    const runner = h.dataSource.createQueryRunner();
    try {
      await new SplitMonitoringWriteScope1765000009100().up(runner);
    } finally {
      await runner.release();
    }
    const scopesOf = async (prefix: string) => (await h.dataSource.query(`SELECT scopes FROM api_keys WHERE prefix = $1`, [prefix]))[0].scopes;
    expect(await scopesOf(old.split('_')[2])).toEqual(['read:monitoring', 'handle:alerts', 'manage:subscriptions', 'generate:reports']);
    expect(await scopesOf(untouched.split('_')[2])).toEqual(['read:monitoring']);
    const audit = await h.dataSource.query(`SELECT action, detail FROM audit_log WHERE resource = 'api-key' AND resource_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['api-key.issued', 'api-key.scopes-migrated']);
    expect(await matrix(old)).toEqual({ read: 200, streamToken: 201, acknowledge: 404, resolve: 404, subscribe: 422, subscriptions: 200, report: 422, unsuppressed: 403 });
  });

  it('issues keys only of this service: its departments and scopes, 422 naming the field otherwise, nothing stored', async () => {
    const before = (await h.dataSource.query(`SELECT count(*)::int AS n FROM api_keys`))[0].n;
    const mint = (body: object) => call('POST', '/v1/admin/api-keys', h.keys.admin, { label: 'minted in test', ...body });
    const refused = [
      await mint({ department: 'health', scopes: ['write:health'] }),
      await mint({ department: 'nowhere', scopes: ['read:monitoring'] }),
      await mint({ department: 'monitoring', scopes: ['read:monitoring', 'write:monitoring'] }),
      await mint({ department: 'statistics', scopes: ['read:health'] }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([422, 422, 422, 422]);
    expect(refused.map((r) => r.headers['content-type'])).toEqual(refused.map(() => expect.stringContaining('application/problem+json')));
    const fields = refused.map((r) => r.json().errors.map((e: { field: string }) => e.field));
    expect(fields).toEqual([['department', 'scopes[0]'], ['department'], ['scopes[1]'], ['scopes[0]']]);
    expect((await h.dataSource.query(`SELECT count(*)::int AS n FROM api_keys`))[0].n).toBe(before);
    const team = await mint({ department: 'monitoring', scopes: ['read:monitoring', 'handle:alerts'] });
    expect(team.statusCode).toBe(201);
  });
});
