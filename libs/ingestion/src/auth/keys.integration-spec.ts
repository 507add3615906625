import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messagingMigrations } from '@wdp/messaging';
import { createTestDatabase, testDataSource, testInfra, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { runKeysCli } from '../cli/keys-cli';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { ingestionMigrations } from '../persistence/migrations';
import { generateApiKey } from './api-key-secret';
import { ApiKeyService } from './api-key.service';
import { ensureBootstrapKeys, readKeysFile } from './bootstrap-keys';

describe('API keys against PostgreSQL: bootstrap, demo keys file, CLI, revocation', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let keys: ApiKeyService;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('ingestion_keys');
    ds = await testDataSource(db.url, [...messagingMigrations, ...ingestionMigrations]);
    keys = new ApiKeyService(ds, 'health');
    dir = mkdtempSync(join(tmpdir(), 'wdp-keys-'));
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues demo keys once into a private file and reuses them while they work', async () => {
    const file = join(dir, 'keys', 'health-service.json');
    const log: string[] = [];
    await ensureBootstrapKeys(keys, { serviceName: 'health-service', department: 'health', keysFile: file, log: (m) => log.push(m) });
    const first = readKeysFile(file)!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.keys.admin.scopes).toEqual(['admin']);
    expect(first.keys.health.scopes).toEqual(['write:health', 'read:health']);
    expect((await keys.authenticate(first.keys.health.key)).outcome).toBe('authenticated');
    expect(log.join('\n')).not.toContain(first.keys.health.key);

    await ensureBootstrapKeys(keys, { serviceName: 'health-service', department: 'health', keysFile: file, log: () => undefined });
    expect(readKeysFile(file)!.keys.health.key).toBe(first.keys.health.key);

    await keys.revoke(first.keys.health.id, 'test');
    expect((await keys.authenticate(first.keys.health.key)).outcome).toBe('revoked');
    await ensureBootstrapKeys(keys, { serviceName: 'health-service', department: 'health', keysFile: file, log: () => undefined });
    const renewed = readKeysFile(file)!;
    expect(renewed.keys.health.key).not.toBe(first.keys.health.key);
    expect((await keys.authenticate(renewed.keys.health.key)).outcome).toBe('authenticated');
  });

  it('registers ADMIN_API_KEY idempotently and writes no file', async () => {
    const { key } = generateApiKey('health');
    const file = join(dir, 'none.json');
    await ensureBootstrapKeys(keys, { serviceName: 'health-service', department: 'health', adminKey: key, keysFile: file, log: () => undefined });
    await ensureBootstrapKeys(keys, { serviceName: 'health-service', department: 'health', adminKey: key, keysFile: file, log: () => undefined });
    const auth = await keys.authenticate(key);
    expect(auth).toMatchObject({ outcome: 'authenticated', principal: { scopes: ['admin'] } });
    expect(readKeysFile(file)).toBeUndefined();
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM api_keys WHERE key_hash = encode(sha256($1::bytea), 'hex')`, [key]);
    expect(n).toBe(1);
  });

  it('issues, lists and revokes keys from the command line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name } };
    expect(await runKeysCli(['issue', '--service', 'health', '--department', 'health', '--scopes', 'write:health,read:health', '--label', 'MCH system'], io)).toBe(0);
    const issued = JSON.parse(out.join('\n'));
    expect(issued).toMatchObject({ department: 'health', scopes: ['write:health', 'read:health'], label: 'MCH system' });
    expect((await keys.authenticate(issued.key)).outcome).toBe('authenticated');

    out.length = 0;
    expect(await runKeysCli(['list', '--service', 'health-service'], io)).toBe(0);
    expect(out.join('\n')).toContain(issued.id);
    expect(out.join('\n')).not.toContain(issued.key);

    expect(await runKeysCli(['revoke', '--service', 'health', '--id', issued.id, '--reason', 'rotated'], io)).toBe(0);
    expect((await keys.authenticate(issued.key)).outcome).toBe('revoked');

    expect(await runKeysCli(['issue', '--service', 'health', '--department', 'health', '--scopes', 'write:education'], io)).toBe(65);
    expect(err.pop()).toContain('scopes[0]');
    // The same rule as the admin API: this service's department and scopes only.
    expect(await runKeysCli(['issue', '--service', 'health', '--department', 'education', '--scopes', 'read:education'], io)).toBe(65);
    expect(err.pop()).toContain('department');
    expect(await runKeysCli(['issue', '--service', 'health', '--scopes', 'read:monitoring'], io)).toBe(65);
    expect(await runKeysCli(['issue', '--service', 'nowhere', '--scopes', 'admin'], io)).toBe(64);
    // The CLI has no HTTP pipe in front of it: the label and revocation reason are screened where keys are issued and revoked.
    expect(await runKeysCli(['issue', '--service', 'health', '--scopes', 'read:health', '--label', 'clerk 110105\u200b19491231\u200b002X'], io)).toBe(65);
    expect(err.pop()).toMatch(/^label: .*resident ID number/);
    expect(await runKeysCli(['revoke', '--service', 'health', '--id', issued.id, '--reason', 'left, 11010519491231002X'], io)).toBe(65);
    expect(err.pop()).toMatch(/^reason: .*resident ID number/);
    const [{ ids }] = await ds.query(`SELECT count(*)::int AS ids FROM api_keys WHERE label ~ '1949' OR revoked_reason ~ '1949'`);
    expect(ids).toBe(0);
    expect(await runKeysCli(['frobnicate'], io)).toBe(64);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM api_keys WHERE department <> 'health' OR NOT scopes <@ ARRAY['admin', 'write:health', 'read:health']`);
    expect(n).toBe(0);
  });

  it('forgets idempotency keys after the retention period', async () => {
    await ds.query(`INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, created_at) VALUES
      (gen_random_uuid(), 'old', 'h', now() - interval '3 days'), (gen_random_uuid(), 'new', 'h', now())`);
    expect(await new IdempotencyStore().purgeOlderThan(ds, 48)).toBe(1);
    expect((await ds.query(`SELECT idempotency_key FROM idempotency_keys`)).map((r: { idempotency_key: string }) => r.idempotency_key)).toEqual(['new']);
  });
});
