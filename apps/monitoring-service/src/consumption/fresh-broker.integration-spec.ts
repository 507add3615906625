import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type CloudEvent, departmentTopic, type RecordEventData, type RecordFact, TOPIC_PARTITIONS } from '@wdp/contracts';
import { validateEnv } from '@wdp/config';
import { createKafkaProducer, eventHeaders, keepEnsuringTopics } from '@wdp/messaging';
import { createServiceApp } from '@wdp/platform';
import { createTestDatabase, localKafka, testInfra, waitFor, type LocalKafkaInstance, type TestDatabase } from '@wdp/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { MonitoringServiceConfig } from '../config';
import { SERVICE_INFO } from '../service-info';
import { recordEvent } from '../test-support/monitoring-harness';

// A brand-new broker of its own (19094, controller 19095): 9092 is shared, 19092–19093 is the outage test's.
const PORT = 19094;
const GROUP = 'monitoring-service';

const births = (area: string, count: number): RecordFact => ({
  kind: 'live-birth', area, period: '2021-03', sex: 'F', ageBand: '25-29', count, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
});
const recorded = (area: string, count: number) =>
  recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: births(area, count), previous: null });

describe('monitoring on a new broker: started first, alone; rejoins by itself after the broker goes away', () => {
  const kafka = localKafka();
  const log = (m: string) => process.stderr.write(`[fresh-broker] ${m}\n`);
  let inst: LocalKafkaInstance;
  let db: TestDatabase;
  let app: NestFastifyApplication | undefined;

  beforeAll(async () => {
    inst = kafka.instance(PORT);
    await kafka.stop(inst, { log }); // a leftover from an aborted run
    kafka.wipe(inst);
    await kafka.start(inst, { log });
    db = await createTestDatabase('mon_fresh_broker');
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch((err: Error) => log(`close: ${err.message}`));
    await db?.drop();
    await kafka.stop(inst, { log });
    kafka.wipe(inst);
  }, 120_000);

  const ready = async () => (await app!.inject({ method: 'GET', url: '/health/ready' })).statusCode;
  const consumerStatus = async () => (await app!.inject({ method: 'GET', url: '/health/consumer' })).statusCode;
  const member = async () => {
    const text = (await app!.inject({ method: 'GET', url: '/metrics' })).body;
    const m = new RegExp(`^wdp_consumer_member\\{group="${GROUP}"\\} (\\d+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  /** The consumer's entry in /health/consumer: under `details` when ready (200), `checks` of the problem when not (503). */
  const consumerHealth = async () => {
    const body = (await app!.inject({ method: 'GET', url: '/health/consumer' })).json();
    return (body.details ?? body.checks)?.consumers?.groups?.[GROUP];
  };
  const applied = async (events: CloudEvent[]) => {
    const [{ n }] = await app!.get(DataSource).query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)]);
    return n === events.length;
  };
  /** What a departmental service does at start (ensure its topic) and its relay then (publish). */
  const departmentPublishes = async (events: CloudEvent<RecordEventData>[]) => {
    const topic = departmentTopic('health');
    expect(await keepEnsuringTopics(inst.brokers, [{ name: topic, partitions: TOPIC_PARTITIONS[topic] }])).toBe(true);
    const producer = createKafkaProducer({ brokers: inst.brokers, clientId: 'fresh-broker-health-relay' });
    try {
      await producer.send([{ topic, messages: events.map((e) => ({ key: e.data!.recordId!, value: JSON.stringify(e), headers: eventHeaders(e) })) }]);
    } finally {
      await producer.disconnect();
    }
  };

  it('consumes everything, reports the consumer out of its group while the coordinator is gone (the pod stays ready), and comes back', async () => {
    const config = validateEnv(MonitoringServiceConfig, {
      PORT: '3000',
      DATABASE_URL: testInfra().databaseUrl,
      DATABASE_NAME: db.name,
      KAFKA_BROKERS: inst.brokers,
      CONSUMER_GROUP_ID: GROUP,
      SUBMISSION_CHECK_INTERVAL_MS: '0',
      API_KEYS_FILE: 'off',
      LOG_LEVEL: 'warn',
      // Short, so the outage below is noticed, and the pre-outage member expires, within seconds.
      CONSUMER_SESSION_TIMEOUT_MS: '6000',
      CONSUMER_READY_GRACE_MS: '3000',
    });
    // Monitoring alone on a broker that has no topics and no __consumer_offsets yet: the first FindCoordinator
    // answers "coordinator not available" while the offsets topic is created.
    app = await createServiceApp(AppModule.forRoot(config, { keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await waitFor(async () => (await ready()) === 200, { timeoutMs: 60_000, what: 'monitoring ready on the new broker' });
    expect(await member()).toBe(1);

    const first = [recorded('520103100201', 3), recorded('520103100202', 4), recorded('520103001001', 5)];
    await departmentPublishes(first);
    await waitFor(() => applied(first), { timeoutMs: 60_000, what: 'events published after monitoring started applied' });

    // The coordinator (the only broker) disappears while the consumer runs.
    await kafka.stop(inst, { signal: 'SIGKILL', log });
    // The Kafka probe fails at once; the consumer's own check must fail too (session 6 s + grace 3 s).
    await waitFor(async () => (await consumerHealth())?.ready === false, { timeoutMs: 60_000, what: 'the consumer not ready with the coordinator gone' });
    expect(await consumerHealth()).toMatchObject({ member: false, ready: false });
    expect(await member()).toBe(0);
    expect(await consumerStatus()).toBe(503);
    // The cluster does not answer, so the consumer waits rather than being dead: the pod keeps serving
    // (docs/operations.md, "Probes").
    expect(await ready()).toBe(200);
    // Let the client give up (its retries exhausted: a crash), which is what used to leave it dead for good.
    await waitFor(async () => ((await consumerHealth())?.restarts ?? 0) >= 1, { timeoutMs: 180_000, intervalMs: 500, what: 'the consumer crashed and was restarted' });

    await kafka.start(inst, { log }); // same data directory: same topics, offsets and group
    await waitFor(async () => (await consumerStatus()) === 200, { timeoutMs: 120_000, intervalMs: 250, what: 'the consumer in its group again after the broker came back' });
    expect(await member()).toBe(1);
    const second = [recorded('520103100201', 6), recorded('520103100202', 7)];
    await departmentPublishes(second);
    await waitFor(() => applied(second), { timeoutMs: 60_000, what: 'events published after the rejoin applied' });
    expect(await applied(first)).toBe(true);
  }, 420_000);
});
