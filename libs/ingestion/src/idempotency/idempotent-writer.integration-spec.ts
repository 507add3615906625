import { messagingMigrations } from '@wdp/messaging';
import { createTestDatabase, testDataSource, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { ingestionMigrations } from '../persistence/migrations';
import { IdempotentWriter } from './idempotent-writer';

const API_KEY = '0192f0c4-0000-7000-8000-000000000002';

describe('IdempotentWriter storage', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('ing_idem_writer');
    ds = await testDataSource(db.url, [...messagingMigrations, ...ingestionMigrations]);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('replays a response byte for byte as first given, keys in their order', async () => {
    const writer = new IdempotentWriter(ds);
    // Keys in the order the services answer with them, which is not jsonb's (shorter keys first).
    const body = { dryRun: false, received: 2, items: [{ row: 0, id: '0192f0c4-0000-7000-8000-00000000000a', reference: 'R-1', revision: 1, status: 'created' }] };
    const ctx = { apiKeyId: API_KEY, key: 'replay-order-1', requestHash: 'h1' };
    const first = await writer.write(ctx, async () => ({ status: 201, body }));
    const replay = await writer.replay(ctx);
    expect(replay).toMatchObject({ status: 201, replayed: true });
    expect(JSON.stringify(replay!.body)).toBe(JSON.stringify(first.body));
  });

  it('keeps the stored response as json text, not a parsed jsonb tree', async () => {
    const [{ type }] = await ds.query(
      `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'idempotency_keys'::regclass AND attname = 'response_body'`,
    );
    expect(type).toBe('json');
  });
});
