import { collectTopic, createTestDatabase, testDataSource, testInfra, topicMessageCount, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { OutboxRelay } from './outbox-relay';
import { enqueueEvents, type OutboxMessage } from './outbox-writer';
import { applyTestEffects, count, testEvent, testMigrations } from './test-support/fixtures';

const KEYS = 12;
const PER_KEY = 60;
const TOTAL = KEYS * PER_KEY;

describe('order per key through relay and consumer', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  const stoppers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('msg_ordering');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('delivers every key in sequence across partitions, with two relays running', async () => {
    const topic = await uniqueTopic('ordering', { partitions: 6 });
    // Two relays on the same outbox, small batches so many claim rounds interleave.
    for (const name of ['relay-a', 'relay-b']) {
      const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: name, batchSize: 37, pollIntervalMs: 200 });
      stoppers.push(() => relay.stop());
      await relay.start();
    }
    const consumer = new InboxConsumer({
      dataSource: ds, brokers: kafkaBrokers, groupId: 'ordering-consumer', topics: [topic], fromBeginning: true,
      handler: applyTestEffects,
    });
    stoppers.push(() => consumer.stop());
    await consumer.start();

    // Events are written in many transactions that interleave keys, while the relays are already running.
    for (let round = 0; round < PER_KEY; round += 5) {
      const messages: OutboxMessage[] = [];
      for (let seq = round; seq < round + 5; seq++) {
        for (let k = 0; k < KEYS; k++) {
          const key = `area-${k}`;
          messages.push({ topic, key, event: testEvent({ key, seq, amount: 1 }) });
        }
      }
      await ds.transaction((manager) => enqueueEvents(manager, messages));
    }

    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === TOTAL, { timeoutMs: 45_000, what: `${TOTAL} effects` });

    const rows: { agg_key: string; seq: number; partition: number }[] = await ds.query(
      `SELECT agg_key, seq, partition FROM test_effects ORDER BY id`,
    );
    const seen = new Map<string, number[]>();
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const r of rows) {
      seen.set(r.agg_key, [...(seen.get(r.agg_key) ?? []), r.seq]);
      partitionsOfKey.set(r.agg_key, (partitionsOfKey.get(r.agg_key) ?? new Set()).add(r.partition));
    }
    const expected = Array.from({ length: PER_KEY }, (_, i) => i);
    for (let k = 0; k < KEYS; k++) expect(seen.get(`area-${k}`)).toEqual(expected);
    for (const parts of partitionsOfKey.values()) expect(parts.size).toBe(1);
    expect(new Set(rows.map((r) => r.partition)).size).toBeGreaterThan(1);

    // Two relays, yet every event reached Kafka exactly once, in key order on the topic as well.
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(TOTAL);
    const onTopic = await collectTopic(kafkaBrokers, topic, { until: (m) => m.length >= TOTAL });
    const topicSeqs = new Map<string, number[]>();
    for (const m of onTopic) {
      const d = JSON.parse(m.value!.toString('utf8')).data as { key: string; seq: number };
      topicSeqs.set(d.key, [...(topicSeqs.get(d.key) ?? []), d.seq]);
    }
    for (let k = 0; k < KEYS; k++) expect(topicSeqs.get(`area-${k}`)).toEqual(expected);
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM outbox WHERE published_at IS NULL`)) === 0, { what: 'rows marked published' });
  });
});
