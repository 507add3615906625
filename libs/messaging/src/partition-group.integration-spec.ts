import { deadLetterTopic } from '@wdp/contracts';
import { collectTopic, createTestDatabase, testDataSource, testInfra, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { eventHeaders } from './headers';
import { InboxConsumer } from './inbox-consumer';
import type { OutgoingMessage } from './kafka-client';
import { createKafkaProducer } from './producer';
import { applyTestEffects, count, testEvent, testMigrations, type TestEventData } from './test-support/fixtures';

// A fetch's partition batches applied together: one transaction for several partitions, every event once,
// order per key kept, and a poison message in one partition costing the others nothing.
describe('inbox consumer: partitions of one fetch applied in one transaction', () => {
  const { kafkaBrokers } = testInfra();
  const PARTITIONS = 6;
  const PER_PARTITION = 40;
  let db: TestDatabase;
  let ds: DataSource;
  let consumer: InboxConsumer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('msg_partition_group');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await ds.query(`TRUNCATE test_effects, test_accounts, inbox`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** PER_PARTITION events on each partition, keys p0…p5, seq 1…n per key; `poison` marks one event bad. */
  async function produce(topic: string, poison?: { partition: number; seq: number }): Promise<void> {
    const messages: OutgoingMessage[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (let seq = 1; seq <= PER_PARTITION; seq++) {
        const data: TestEventData = { key: `p${p}`, seq, amount: 1, poison: poison?.partition === p && poison.seq === seq };
        const e = testEvent(data);
        messages.push({ key: data.key, value: JSON.stringify(e), headers: eventHeaders(e), partition: p });
      }
    }
    const producer = createKafkaProducer({ brokers: kafkaBrokers, clientId: 'partition-group-producer', idempotent: false });
    await producer.connect();
    await producer.send([{ topic, messages }]);
    await producer.disconnect();
  }

  function start(topic: string, groupId: string): InboxConsumer {
    consumer = new InboxConsumer({
      dataSource: ds, brokers: kafkaBrokers, groupId, topics: [topic], fromBeginning: true,
      concurrentPartitions: PARTITIONS, maxRetries: 1, retryBackoff: { baseMs: 10, maxMs: 20 },
      handler: (events, manager) => applyTestEffects(events, manager),
    });
    return consumer;
  }

  it('applies several partitions in one transaction, each event once, in order per key', async () => {
    const topic = await uniqueTopic('partition-group', { partitions: PARTITIONS });
    await produce(topic);
    const c = start(topic, `partition-group-${Date.now()}`);
    await c.start();
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === PARTITIONS * PER_PARTITION, { what: 'every event applied' });
    await waitFor(() => c.caughtUp(), { what: 'consumer caught up' });

    const stats = c.stats();
    expect(stats.processed).toBe(PARTITIONS * PER_PARTITION);
    expect(stats.duplicates).toBe(0);
    // Every partition was handed over as a batch, and at least once several of them shared a transaction.
    expect(stats.batches).toBeGreaterThanOrEqual(PARTITIONS);
    expect(stats.transactions).toBeLessThan(stats.batches);
    const balances = await ds.query(`SELECT id, balance FROM test_accounts ORDER BY id`);
    expect(balances).toEqual(Array.from({ length: PARTITIONS }, (_, p) => ({ id: `p${p}`, balance: PER_PARTITION })));
    const rows: { agg_key: string; seq: number }[] = await ds.query(`SELECT agg_key, seq FROM test_effects ORDER BY id`);
    for (let p = 0; p < PARTITIONS; p++) {
      expect(rows.filter((r) => r.agg_key === `p${p}`).map((r) => r.seq)).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => i + 1));
    }
  });

  it('a poison message in one partition dead-letters only itself; the partitions it shared a transaction with count', async () => {
    const topic = await uniqueTopic('partition-group-poison', { partitions: PARTITIONS });
    await produce(topic, { partition: 2, seq: 7 });
    const c = start(topic, `partition-group-poison-${Date.now()}`);
    await c.start();
    const dlq = await collectTopic(kafkaBrokers, deadLetterTopic(topic), { until: (m) => m.length >= 1 });
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === PARTITIONS * PER_PARTITION - 1, { what: 'every good event applied' });
    await waitFor(() => c.caughtUp(), { what: 'consumer caught up' });

    expect(dlq).toHaveLength(1);
    expect(JSON.parse(dlq[0].value!.toString('utf8')).data).toMatchObject({ key: 'p2', seq: 7, poison: true });
    const balances = await ds.query(`SELECT id, balance FROM test_accounts ORDER BY id`);
    expect(balances).toEqual(Array.from({ length: PARTITIONS }, (_, p) => ({ id: `p${p}`, balance: p === 2 ? PER_PARTITION - 1 : PER_PARTITION })));
    expect(c.stats()).toMatchObject({ processed: PARTITIONS * PER_PARTITION - 1, duplicates: 0, deadLettered: 1 });
  });
});
