import { createTestDatabase, testDataSource, testInfra, topicMessageCount, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { OutboxRelay } from './outbox-relay';
import { enqueueEvents, type OutboxMessage } from './outbox-writer';
import { applyTestEffects, count, testEvent, testMigrations } from './test-support/fixtures';

const N = 10_500; // > 13,107 rows × 5 parameters would break one statement; also crosses several chunks

describe('bulk: one transaction with 10,000+ events', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  const stoppers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('msg_bulk');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('writes, publishes and consumes them all, then prunes the published rows and the inbox', async () => {
    const topic = await uniqueTopic('bulk', { partitions: 6 });
    const messages: OutboxMessage[] = Array.from({ length: N }, (_, i) => {
      const key = `area-${i % 18}`;
      return { topic, key, event: testEvent({ key, seq: i, amount: 1 }) };
    });
    const t0 = Date.now();
    await ds.transaction((manager) => enqueueEvents(manager, messages));
    const writeMs = Date.now() - t0;
    expect(await count(ds, `SELECT count(*) FROM outbox WHERE published_at IS NULL`)).toBe(N);

    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-bulk' });
    stoppers.push(() => relay.stop());
    const consumer = new InboxConsumer({
      dataSource: ds, brokers: kafkaBrokers, groupId: 'bulk-consumer', topics: [topic], fromBeginning: true,
      handler: applyTestEffects,
    });
    stoppers.push(() => consumer.stop());
    const t1 = Date.now();
    await relay.start();
    await consumer.start();
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === N, { timeoutMs: 50_000, what: `${N} effects` });
    process.stderr.write(`[bulk] enqueue ${N} in ${writeMs} ms; relay+consume in ${Date.now() - t1} ms\n`);

    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(N);
    // Consumed implies acknowledged, but the mark may still be committing.
    await waitFor(async () => (await relay.backlog()).count === 0, { what: 'rows marked published' });
    expect(await relay.backlog()).toEqual({ count: 0, oldestAgeSeconds: 0 });
    expect(await count(ds, `SELECT sum(balance) FROM test_accounts`)).toBe(N);

    expect(await relay.prunePublished(60_000)).toBe(0); // all published just now
    expect(await relay.prunePublished(0)).toBe(N);
    expect(await count(ds, `SELECT count(*) FROM outbox`)).toBe(0);
    expect(await consumer.pruneInbox(0)).toBe(N);
  });
});
