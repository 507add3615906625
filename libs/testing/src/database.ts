import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { testInfra } from './infra-env';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connections still open to it. */
  drop(): Promise<void>;
}

/** A database name that is unique per call and safe to use unquoted: lowercase, digits, underscores. */
export function uniqueDatabaseName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 30) || 'test';
  return `t_${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh, empty database on the server in DATABASE_URL. */
export async function createTestDatabase(prefix: string, serverUrl = testInfra().databaseUrl): Promise<TestDatabase> {
  const name = uniqueDatabaseName(prefix);
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function onServer<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

/** An initialized DataSource on `url` that has run `migrations` (synchronize stays off, as in the services). */
export async function testDataSource(
  url: string,
  migrations: MigrationList,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema> = [],
): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    migrations,
    entities,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 10 },
  });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}
