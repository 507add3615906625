// Shared by the messaging integration tests: a tiny "domain" whose effects are easy to count.
import { createEvent, type CloudEvent } from '@wdp/contracts';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { ConsumedEvent } from '../inbox-consumer';
import { messagingMigrations } from '../migrations';

export interface TestEventData {
  key: string;
  seq: number;
  /** Added to the account balance: a deliberately non-idempotent effect, so a duplicate would show. */
  amount: number;
  poison?: boolean;
}

export class CreateTestTables1764380009999 implements MigrationInterface {
  name = 'CreateTestTables1764380009999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE test_accounts (id text PRIMARY KEY, balance integer NOT NULL DEFAULT 0)`);
    await q.query(`CREATE TABLE test_effects (
      id bigserial PRIMARY KEY, event_id text NOT NULL, agg_key text NOT NULL, seq integer NOT NULL,
      partition integer NOT NULL, kafka_offset bigint NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE test_effects; DROP TABLE test_accounts`);
  }
}

export const testMigrations = [...messagingMigrations, CreateTestTables1764380009999];

export function testEvent(data: TestEventData, type = 'gov.yunyan.test.effect.v1'): CloudEvent<TestEventData> {
  return createEvent({ source: '/tests/messaging', type, subject: data.key, data });
}

/** The consumer side effect: one effect row per applied event and the amount added to the account. */
export async function applyTestEffects(events: ConsumedEvent[], manager: EntityManager): Promise<void> {
  for (const e of events) {
    const d = e.event.data as TestEventData;
    if (d.poison) throw new Error(`poison event ${d.key}/${d.seq}`);
    await manager.query(
      `INSERT INTO test_effects (event_id, agg_key, seq, partition, kafka_offset) VALUES ($1, $2, $3, $4, $5)`,
      [e.event.id, d.key, d.seq, e.partition, e.offset],
    );
    await manager.query(
      `INSERT INTO test_accounts (id, balance) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET balance = test_accounts.balance + EXCLUDED.balance`,
      [d.key, d.amount],
    );
  }
}

export async function count(manager: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await manager.query(sql, params);
  return Number(Object.values(row)[0]);
}
