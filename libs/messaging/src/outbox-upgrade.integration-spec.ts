import { CE_HEADER } from '@wdp/contracts';
import { collectTopic, createTestDatabase, testDataSource, testInfra, uniqueTopic, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { CreateInbox1764380000001, CreateOutbox1764380000000, messagingMigrations } from './migrations';
import { OutboxRelay } from './outbox-relay';
import { testEvent } from './test-support/fixtures';

// An operator upgrades a service whose outbox still holds unpublished events written before the payload
// became text: the migration must carry them over, and the relay must publish them as before.
describe('outbox upgrade: events written as jsonb are published after the text migration', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('msg_outbox_upgrade');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the pending event, its type, source and headers', async () => {
    const topic = await uniqueTopic('outbox-upgrade', { partitions: 1 });
    const event = testEvent({ key: 'area-7', seq: 1, amount: 3 });
    const before = await testDataSource(db.url, [CreateOutbox1764380000000, CreateInbox1764380000001]);
    try {
      await before.query(
        `INSERT INTO outbox (event_id, topic, message_key, payload, headers) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`,
        [event.id, topic, 'area-7', JSON.stringify(event), JSON.stringify({ 'x-request-id': 'req-upgrade' })],
      );
    } finally {
      await before.destroy();
    }

    ds = await testDataSource(db.url, messagingMigrations);
    const [row] = await ds.query(`SELECT event_type, event_source, pg_typeof(payload)::text AS payload_type FROM outbox WHERE event_id = $1`, [event.id]);
    expect(row).toEqual({ event_type: event.type, event_source: event.source, payload_type: 'text' });

    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-upgrade' });
    try {
      expect(await relay.relayOnce()).toBe(1);
    } finally {
      await relay.stop();
    }
    const [m] = await collectTopic(kafkaBrokers, topic, { until: (ms) => ms.length >= 1 });
    expect(JSON.parse(m.value!.toString('utf8'))).toEqual(event);
    expect(m.headers[CE_HEADER.type]).toBe(event.type);
    expect(m.headers[CE_HEADER.source]).toBe(event.source);
    expect(m.headers['x-request-id']).toBe('req-upgrade');
  });
});
