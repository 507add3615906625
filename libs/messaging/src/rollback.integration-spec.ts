import { createTestDatabase, testDataSource, testInfra, topicMessageCount, uniqueTopic, collectTopic, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox-relay';
import { enqueueEvents, OutboxOutsideTransactionError } from './outbox-writer';
import { count, testEvent, testMigrations } from './test-support/fixtures';

describe('outbox: a rolled-back transaction publishes nothing', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase('msg_rollback');
    ds = await testDataSource(db.url, testMigrations);
    relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-rollback' });
  });
  afterAll(async () => {
    await relay?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('leaves no outbox row and sends nothing to the topic', async () => {
    const topic = await uniqueTopic('rollback', { partitions: 3 });
    const rolledBack = testEvent({ key: 'area-1', seq: 1, amount: 1 });

    await expect(
      ds.transaction(async (manager) => {
        await manager.query(`INSERT INTO test_accounts (id, balance) VALUES ('area-1', 1)`);
        await enqueueEvents(manager, [{ topic, key: 'area-1', event: rolledBack }]);
        throw new Error('validation failed after the write');
      }),
    ).rejects.toThrow('validation failed after the write');

    expect(await count(ds, `SELECT count(*) FROM outbox`)).toBe(0);
    expect(await count(ds, `SELECT count(*) FROM test_accounts`)).toBe(0);
    expect(await relay.relayOnce()).toBe(0);
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(0);

    // Control: the same path with a commit does publish, so the zero above is not an artefact of the setup.
    const committed = testEvent({ key: 'area-1', seq: 2, amount: 1 });
    await ds.transaction((manager) => enqueueEvents(manager, [{ topic, key: 'area-1', event: committed }]));
    expect(await relay.relayOnce()).toBe(1);
    const messages = await collectTopic(kafkaBrokers, topic, { until: (m) => m.length >= 1 });
    expect(messages.map((m) => JSON.parse(m.value!.toString()).id)).toEqual([committed.id]);
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(1);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(
      enqueueEvents(ds.manager, [{ topic: 'any', key: 'k', event: testEvent({ key: 'k', seq: 1, amount: 0 }) }]),
    ).rejects.toBeInstanceOf(OutboxOutsideTransactionError);
    expect(await count(ds, `SELECT count(*) FROM outbox WHERE message_key = 'k'`)).toBe(0);
  });
});
