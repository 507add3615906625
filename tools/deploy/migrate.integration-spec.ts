import { testInfra, uniqueDatabaseName } from '@wdp/testing';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { serviceNamed } from './migrate';

const ROOT = path.resolve(__dirname, '..', '..');

async function onServer<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Runs the migration Job's command for one service, as the Job's container does, against a database of its own. */
function runMigrate(service: string, database: string) {
  const { kafkaBrokers, databaseUrl } = testInfra();
  return spawnSync(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/deploy/migrate.ts', service], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SWCRC: 'true', DATABASE_URL: databaseUrl, DATABASE_NAME: database, KAFKA_BROKERS: kafkaBrokers, API_KEYS_FILE: 'off' },
  });
}

describe('tools/deploy/migrate.ts (the migration Job)', () => {
  jest.setTimeout(180_000);
  const { databaseUrl } = testInfra();
  const created: string[] = [];
  const urlOf = (database: string) => Object.assign(new URL(databaseUrl), { pathname: `/${database}` }).toString();

  afterAll(async () => {
    for (const name of created) await onServer(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it.each(['health-service', 'monitoring-service'])('creates and migrates the %s database, then exits; a second run changes nothing', async (service) => {
    const database = uniqueDatabaseName(`migrate_${service}`);
    created.push(database);
    const first = runMigrate(service, database);
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain(`${service}: database ready, migrations applied`);
    const applied = await onServer(urlOf(database), async (c) => (await c.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name));
    expect(applied.length).toBeGreaterThan(2);
    expect(applied.some((n) => /Outbox/i.test(n))).toBe(true);

    const again = runMigrate(service, database);
    expect(again.status).toBe(0);
    const after = await onServer(urlOf(database), async (c) => (await c.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name));
    expect(after).toEqual(applied);
  });

  it('refuses an unknown service', () => {
    expect(() => serviceNamed('nope-service')).toThrow(/unknown service nope-service/);
    const run = runMigrate('nope-service', uniqueDatabaseName('migrate_nope'));
    expect(run.status).toBe(1);
  });
});
