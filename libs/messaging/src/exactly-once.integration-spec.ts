import { CE_HEADER } from '@wdp/contracts';
import { collectTopic, createTestDatabase, testDataSource, testInfra, topicMessageCount, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { OutboxRelay } from './outbox-relay';
import { enqueueEvents } from './outbox-writer';
import { applyTestEffects, count, testEvent, testMigrations } from './test-support/fixtures';

describe('outbox → Kafka → inbox: exactly-once effect', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  const stoppers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('msg_exactly_once');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('applies an event once even when the relay dies after publishing and before marking', async () => {
    const topic = await uniqueTopic('exactly-once', { partitions: 3 });
    const event = testEvent({ key: 'area-52', seq: 1, amount: 5 });

    await ds.transaction(async (manager) => {
      await manager.query(`INSERT INTO test_accounts (id, balance) VALUES ('area-52', 100)`);
      await enqueueEvents(manager, [{ topic, key: 'area-52', event, headers: { 'x-request-id': 'req-1' } }]);
    });

    // First relay: the broker acknowledges, then the process "dies" before the rows are marked.
    const dying = new OutboxRelay({
      dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-dying',
      afterSendHook: () => { throw new Error('killed after publish'); },
    });
    stoppers.push(() => dying.stop());
    await expect(dying.relayOnce()).rejects.toThrow('killed after publish');
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(1);
    const [afterCrash] = await ds.query(`SELECT published_at, attempts, last_error FROM outbox WHERE event_id = $1`, [event.id]);
    expect(afterCrash.published_at).toBeNull();
    expect(afterCrash.attempts).toBe(1);
    expect(afterCrash.last_error).toContain('killed after publish');

    // Its replacement runs the real loop (woken by LISTEN/NOTIFY or the poll) and publishes the row again.
    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-live' });
    stoppers.push(() => relay.stop());
    await relay.start();
    await waitFor(async () => (await relay.backlog()).count === 0, { what: 'outbox drained' });
    const onTopic = await collectTopic(kafkaBrokers, topic, { until: (m) => m.length >= 2 });
    expect(onTopic).toHaveLength(2); // the duplicate really reached Kafka
    for (const m of onTopic) {
      expect(m.key).toBe('area-52');
      expect(m.headers[CE_HEADER.id]).toBe(event.id);
      expect(m.headers[CE_HEADER.type]).toBe(event.type);
      expect(m.headers[CE_HEADER.source]).toBe(event.source);
      expect(m.headers['content-type']).toBe('application/cloudevents+json');
      expect(m.headers['x-request-id']).toBe('req-1');
      expect(JSON.parse(m.value!.toString('utf8'))).toEqual(event);
    }

    const consumer = new InboxConsumer({
      dataSource: ds, brokers: kafkaBrokers, groupId: 'exactly-once-consumer', topics: [topic], fromBeginning: true,
      handler: applyTestEffects,
    });
    stoppers.push(() => consumer.stop());
    await consumer.start();
    await waitFor(() => consumer.stats().processed + consumer.stats().duplicates >= 2, { what: 'both deliveries consumed' });

    expect(consumer.stats()).toMatchObject({ processed: 1, duplicates: 1, deadLettered: 0 });
    expect(await count(ds, `SELECT count(*) FROM test_effects WHERE event_id = $1`, [event.id])).toBe(1);
    expect(await count(ds, `SELECT balance FROM test_accounts WHERE id = 'area-52'`)).toBe(105);
    expect(await count(ds, `SELECT count(*) FROM inbox WHERE consumer = 'exactly-once-consumer'`)).toBe(1);
    const [marked] = await ds.query(`SELECT published_at, attempts, last_error FROM outbox WHERE event_id = $1`, [event.id]);
    expect(marked.published_at).not.toBeNull();
    expect(marked.attempts).toBe(2);
    expect(marked.last_error).toBeNull();
  });
});
