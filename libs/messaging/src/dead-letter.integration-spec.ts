import { CE_HEADER, deadLetterTopic } from '@wdp/contracts';
import { collectTopic, createTestDatabase, testDataSource, testInfra, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { eventHeaders } from './headers';
import { InboxConsumer } from './inbox-consumer';
import { createKafkaProducer } from './producer';
import { applyTestEffects, count, testEvent, testMigrations } from './test-support/fixtures';

describe('inbox consumer: poison messages go to the DLQ and consumption continues', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  let consumer: InboxConsumer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('msg_dlq');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterAll(async () => {
    await consumer?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('dead-letters unparseable bytes at once and a failing event after bounded retries', async () => {
    // One partition, so "the messages after it" is well defined.
    const topic = await uniqueTopic('dlq', { partitions: 1 });
    const before = testEvent({ key: 'k', seq: 1, amount: 1 });
    const poison = testEvent({ key: 'k', seq: 2, amount: 1, poison: true });
    const after = testEvent({ key: 'k', seq: 3, amount: 1 });
    const garbage = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x7b]);

    const producer = createKafkaProducer({ brokers: kafkaBrokers, clientId: 'dlq-test-producer', idempotent: false });
    await producer.connect();
    const json = (e: typeof before) => JSON.stringify(e);
    await producer.send([{
      topic,
      messages: [
        { key: 'k', value: json(before), headers: eventHeaders(before) },
        { key: 'k', value: garbage, headers: { 'x-origin': 'legacy-system' } },
        { key: 'k', value: json(poison), headers: eventHeaders(poison, { 'x-origin': 'dept' }) },
        { key: 'k', value: json(after), headers: eventHeaders(after) },
      ],
    }]);
    const lateEvent = testEvent({ key: 'k', seq: 4, amount: 1 });
    await producer.send([{ topic, messages: [{ key: 'k', value: json(lateEvent), headers: eventHeaders(lateEvent) }] }]);
    await producer.disconnect();

    let poisonCalls = 0;
    consumer = new InboxConsumer({
      dataSource: ds, brokers: kafkaBrokers, groupId: 'dlq-consumer', topics: [topic], fromBeginning: true,
      maxRetries: 2, retryBackoff: { baseMs: 20, maxMs: 100 },
      handler: async (events, manager) => {
        if (events.some((e) => e.event.id === poison.id)) poisonCalls += 1;
        await applyTestEffects(events, manager);
      },
    });
    await consumer.start();

    const dlq = await collectTopic(kafkaBrokers, deadLetterTopic(topic), { until: (m) => m.length >= 2 });
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === 3, { what: 'three good events applied' });

    const applied = await ds.query(`SELECT seq FROM test_effects ORDER BY id`);
    expect(applied.map((r: { seq: number }) => r.seq)).toEqual([1, 3, 4]);
    expect(await count(ds, `SELECT count(*) FROM inbox WHERE event_id = $1`, [poison.id])).toBe(0);

    const [garbageDl, poisonDl] = dlq;
    expect(garbageDl.value).toEqual(garbage);
    expect(garbageDl.key).toBe('k');
    expect(garbageDl.headers).toMatchObject({
      'x-origin': 'legacy-system',
      dlq_original_topic: topic,
      dlq_original_partition: '0',
      dlq_original_offset: '1',
      dlq_consumer: 'dlq-consumer',
      dlq_attempts: '1',
    });
    expect(garbageDl.headers.dlq_error).toMatch(/not JSON/);
    expect(Date.parse(garbageDl.headers.dlq_failed_at)).not.toBeNaN();

    expect(JSON.parse(poisonDl.value!.toString('utf8'))).toEqual(poison);
    expect(poisonDl.headers).toMatchObject({
      [CE_HEADER.id]: poison.id,
      [CE_HEADER.type]: poison.type,
      'x-origin': 'dept',
      dlq_original_topic: topic,
      dlq_original_offset: '2',
      dlq_attempts: '3', // the batch attempt plus maxRetries individual ones
    });
    expect(poisonDl.headers.dlq_error).toContain('poison event k/2');
    // The poison event was tried once in its batch, then exactly maxRetries (2) times alone.
    expect(poisonCalls).toBe(3);

    // Offsets moved past everything: nothing is left to re-read.
    await waitFor(() => consumer!.stats().lag[`${topic}/0`] === 0, { what: 'consumer caught up' });
    expect(consumer.stats().deadLettered).toBe(2);
  });
});
