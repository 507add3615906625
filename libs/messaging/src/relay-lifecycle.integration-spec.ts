import { createTestDatabase, testDataSource, testInfra, topicMessageCount, uniqueTopic, waitFor, type TestDatabase } from '@wdp/testing';
import type { DataSource } from 'typeorm';
import { MAX_CLAIM_BYTES, OutboxRelay, type RelayedRow } from './outbox-relay';
import { enqueueEvents } from './outbox-writer';
import { count, testEvent, testMigrations } from './test-support/fixtures';

describe('outbox relay lifecycle', () => {
  const { kafkaBrokers } = testInfra();
  let db: TestDatabase;
  let ds: DataSource;
  const stoppers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('msg_relay_lifecycle');
    ds = await testDataSource(db.url, testMigrations);
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await ds?.destroy();
    await db?.drop();
  });

  const write = (topic: string, seq: number) =>
    ds.transaction((m) => enqueueEvents(m, [{ topic, key: 'area-3', event: testEvent({ key: 'area-3', seq, amount: 1 }) }]));

  it('is woken by NOTIFY (not the poll), also after its LISTEN connection was killed', async () => {
    const topic = await uniqueTopic('relay-wake', { partitions: 1 });
    // A poll interval far beyond the waits below: only a NOTIFY can explain a prompt publish.
    const relay = new OutboxRelay({ dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-wake', pollIntervalMs: 120_000 });
    stoppers.push(() => relay.stop());
    await relay.start();
    const listenerPids = async (): Promise<number[]> =>
      (await ds.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'wdp-outbox-listener'`, [db.name],
      )).map((r: { pid: number }) => r.pid);
    const [firstPid] = await listenerPids();
    expect(await listenerPids()).toEqual([firstPid]);

    await write(topic, 1);
    await waitFor(async () => (await topicMessageCount(kafkaBrokers, topic)) === 1, { timeoutMs: 10_000, what: 'first event published' });

    await ds.query(`SELECT pg_terminate_backend($1)`, [firstPid]);
    await waitFor(async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== firstPid;
    }, { timeoutMs: 15_000, what: 'LISTEN connection re-established' });

    await write(topic, 2);
    await waitFor(async () => (await topicMessageCount(kafkaBrokers, topic)) === 2, { timeoutMs: 10_000, what: 'event after reconnect published' });
    // The broker's ack comes before the row is marked, so the backlog empties a moment after the publish.
    await waitFor(async () => (await relay.backlog()).count === 0, { what: 'rows marked published' });
    await relay.stop(); // otherwise it would compete for the next test's rows (only one relay holds the lock)
  });

  it('claims at most MAX_CLAIM_BYTES of payload at a time, however many rows fit the batch size', async () => {
    const topic = await uniqueTopic('relay-claim-bytes', { partitions: 1 });
    // Twenty 600 KB events, as large batch events are: 12 MB in all, more than one claim may hold.
    const padding = 'x'.repeat(600_000);
    await ds.transaction((m) => enqueueEvents(m, Array.from({ length: 20 }, (_, seq) => ({ topic, key: 'k', event: testEvent({ key: 'k', seq, amount: 1, padding } as never) }))));
    const claims: number[][] = [];
    const relay = new OutboxRelay({
      dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-claim-bytes', batchSize: 1_000,
      afterSendHook: (rows: RelayedRow[]) => void claims.push(rows.map((r) => Buffer.byteLength(r.payload))),
    });
    stoppers.push(() => relay.stop());
    await relay.start();
    await waitFor(async () => (await topicMessageCount(kafkaBrokers, topic)) === 20, { timeoutMs: 30_000, what: 'all twenty published' });
    await relay.stop();
    expect(claims.flat()).toHaveLength(20);
    expect(claims.length).toBeGreaterThan(1);
    // Each claim starts below the bound: every row but the last of a claim began before MAX_CLAIM_BYTES.
    for (const sizes of claims) expect(sizes.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(MAX_CLAIM_BYTES);
  });

  it('stop() lets the in-flight batch finish and mark its rows', async () => {
    const topic = await uniqueTopic('relay-stop', { partitions: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inFlight!: () => void;
    const sending = new Promise<void>((r) => (inFlight = r));
    const relay = new OutboxRelay({
      dataSource: ds, brokers: kafkaBrokers, clientId: 'relay-stop', pollIntervalMs: 100,
      afterSendHook: async () => {
        inFlight();
        await gate; // hold the batch between the broker's ack and the mark
      },
    });
    stoppers.push(async () => {
      release(); // never leave the relay parked in the hook, even when an assertion failed
      await relay.stop();
    });
    await relay.start();
    await write(topic, 1);
    await sending;

    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // still waiting for the batch
    release();
    await stopping;

    expect(await count(ds, `SELECT count(*) FROM outbox WHERE published_at IS NULL`)).toBe(0);
    expect(await topicMessageCount(kafkaBrokers, topic)).toBe(1);
  });
});
