import { createTestDatabase, localKafka, testDataSource, uniqueTopic, waitFor, type LocalKafkaInstance, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { InboxConsumer } from './inbox-consumer';
import { OutboxRelay } from './outbox-relay';
import { enqueueEvents } from './outbox-writer';
import { applyTestEffects, count, testEvent, testMigrations } from './test-support/fixtures';

// A broker of its own (port 19092): the shared broker on 9092 that other tests use is never stopped.
const OUTAGE_PORT = 19092;

describe('broker outage: writes commit while Kafka is down and are delivered once it is back', () => {
  const kafka = localKafka();
  const log = (m: string) => process.stderr.write(`[outage-test] ${m}\n`);
  let inst: LocalKafkaInstance;
  let db: TestDatabase;
  let ds: DataSource;
  const stoppers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    inst = kafka.instance(OUTAGE_PORT);
    await kafka.stop(inst, { log }); // a leftover from an aborted run
    kafka.wipe(inst);
    await kafka.start(inst, { log });
    db = await createTestDatabase('msg_outage');
    ds = await testDataSource(db.url, testMigrations);
  }, 120_000);

  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop().catch((err) => log(`cleanup: ${(err as Error).message}`));
    await ds?.destroy();
    await db?.drop();
    await kafka.stop(inst, { log });
    kafka.wipe(inst);
  }, 120_000);

  const write = (seq: number) =>
    ds.transaction(async (manager) => {
      await enqueueEvents(manager, [{ topic, key: 'area-9', event: testEvent({ key: 'area-9', seq, amount: 1 }) }]);
    });
  let topic: string;

  it('keeps accepting writes during the outage and delivers them after recovery', async () => {
    const brokers = inst.brokers;
    topic = await uniqueTopic('outage', { partitions: 3, brokers });
    const relay = new OutboxRelay({
      dataSource: ds, brokers, clientId: 'relay-outage', pollIntervalMs: 300, backoff: { baseMs: 100, maxMs: 1_000 },
    });
    stoppers.push(() => relay.stop());
    const consumer = new InboxConsumer({
      dataSource: ds, brokers, groupId: 'outage-consumer', topics: [topic], fromBeginning: true, handler: applyTestEffects,
      // After a broker crash the group waits for the pre-crash member's session to expire before rebalancing;
      // a short session keeps that wait (30 s by default) out of the test's run time.
      sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000,
    });
    stoppers.push(() => consumer.stop());
    await relay.start();
    await consumer.start();
    await consumer.ready();

    await write(0);
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === 1, { what: 'delivery before the outage' });

    await kafka.stop(inst, { signal: 'SIGKILL', log });
    for (let seq = 1; seq <= 5; seq++) await write(seq); // must not fail or block: the outbox only needs PostgreSQL
    expect(await count(ds, `SELECT count(*) FROM outbox WHERE published_at IS NULL`)).toBe(5);

    // The relay is really trying and failing (not idle): attempts and the error are recorded on the rows.
    await waitFor(
      async () => (await count(ds, `SELECT count(*) FROM outbox WHERE published_at IS NULL AND attempts > 0 AND last_error IS NOT NULL`)) > 0,
      { timeoutMs: 60_000, what: 'a failed send recorded during the outage' },
    );
    expect((await relay.backlog()).count).toBe(5);
    expect(await count(ds, `SELECT count(*) FROM test_effects`)).toBe(1);

    await kafka.start(inst, { log });
    await waitFor(async () => (await count(ds, `SELECT count(*) FROM test_effects`)) === 6, {
      timeoutMs: 90_000, what: 'all six events applied after recovery',
    });
    await waitFor(async () => (await relay.backlog()).count === 0, { what: 'rows marked published' });
    const seqs = (await ds.query(`SELECT seq FROM test_effects ORDER BY id`)).map((r: { seq: number }) => r.seq);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await count(ds, `SELECT balance FROM test_accounts WHERE id = 'area-9'`)).toBe(6);
  }, 180_000);
});
