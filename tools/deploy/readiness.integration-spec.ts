import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateEnv } from '@wdp/config';
import { ApiKeyService } from '@wdp/ingestion';
import { createServiceApp } from '@wdp/platform';
import { createTestDatabase, localKafka, testInfra, waitFor, type LocalKafkaInstance, type TestDatabase } from '@wdp/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule as HealthModule } from '../../apps/health-service/src/app.module';
import { HealthServiceConfig } from '../../apps/health-service/src/config';
import { SERVICE_INFO as HEALTH } from '../../apps/health-service/src/service-info';
import { AppModule as MonitoringModule } from '../../apps/monitoring-service/src/app.module';
import { MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { SERVICE_INFO as MONITORING } from '../../apps/monitoring-service/src/service-info';

// What the Kubernetes probes (deploy/k8s) rest on, against real services and a broker of their own that the
// test kills (19392, controller 19393: the shared broker on 9092 is never stopped). A departmental service
// stays ready and keeps taking writes while Kafka is down; the monitoring service stays ready while its
// consumer waits for the cluster, which /health/consumer and /health/kafka report instead.
const PORT = 19392;
const POOL = 2;

describe('probes through a Kafka outage: readiness is PostgreSQL, Kafka and the consumer have signals of their own', () => {
  const kafka = localKafka();
  const log = (m: string) => process.stderr.write(`[readiness] ${m}\n`);
  let inst: LocalKafkaInstance;
  let healthDb: TestDatabase;
  let monitoringDb: TestDatabase;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    inst = kafka.instance(PORT, PORT + 1);
    await kafka.stop(inst, { log }); // a leftover from an aborted run
    kafka.wipe(inst);
    await kafka.start(inst, { log });
    healthDb = await createTestDatabase('readiness_health');
    monitoringDb = await createTestDatabase('readiness_monitoring');
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close().catch((err: Error) => log(`close: ${err.message}`));
    await healthDb?.drop();
    await monitoringDb?.drop();
    await kafka.stop(inst, { log });
    kafka.wipe(inst);
  }, 120_000);

  const get = async (app: NestFastifyApplication, url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };
  const unpublished = async (app: NestFastifyApplication) =>
    (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n as number;
  const base = (db: TestDatabase) => ({
    DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: inst.brokers, API_KEYS_FILE: 'off', LOG_LEVEL: 'fatal',
  });

  it('a departmental service stays ready and accepts writes with the broker gone; monitoring stays ready while its consumer waits', async () => {
    const healthConfig = validateEnv(HealthServiceConfig, { ...base(healthDb), PORT: '3001', DATABASE_POOL_MAX: String(POOL) });
    const health = await createServiceApp(HealthModule.forRoot(healthConfig, { keysFile: false }), HEALTH, healthConfig);
    apps.push(health);
    await health.init();
    const monitoringConfig = validateEnv(MonitoringServiceConfig, {
      ...base(monitoringDb), PORT: '3000', SUBMISSION_CHECK_INTERVAL_MS: '0',
      // Short, so the outage shows on /health/consumer within seconds.
      CONSUMER_SESSION_TIMEOUT_MS: '6000', CONSUMER_READY_GRACE_MS: '3000',
    });
    const monitoring = await createServiceApp(MonitoringModule.forRoot(monitoringConfig, { keysFile: false }), MONITORING, monitoringConfig);
    apps.push(monitoring);
    await monitoring.init();

    const { key } = await health.get(ApiKeyService).issue({ department: 'health', scopes: ['write:health', 'read:health'], label: 'readiness test' });
    const birth = (reference: string) => ({
      reference, subjectRef: `p-${reference}`, area: '520103001001', period: '2025-07', sex: 'F', ageBand: '30-34',
      attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
    });
    const record = (reference: string) =>
      health.inject({ method: 'POST', url: '/v1/records/live-birth', headers: { 'x-api-key': key, 'content-type': 'application/json' }, payload: birth(reference) });

    // All up: everything answers 200, and the first write is published.
    await waitFor(async () => (await get(monitoring, '/health/consumer')).status === 200, { timeoutMs: 60_000, what: 'the monitoring consumer in its group' });
    expect((await get(monitoring, '/health/ready')).status).toBe(200);
    expect((await get(health, '/health/kafka')).status).toBe(200);
    expect((await record('RDY-1')).statusCode).toBe(201);
    await waitFor(async () => (await unpublished(health)) === 0, { timeoutMs: 60_000, what: 'the first write published' });

    // The pool honours DATABASE_POOL_MAX: six queries at once hold at most POOL connections.
    const sql = new Client({ connectionString: testInfra().databaseUrl });
    await sql.connect();
    try {
      const ds = health.get(DataSource);
      const running = Promise.all(Array.from({ length: 6 }, () => ds.query('SELECT pg_sleep(0.5)')));
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { rows } = await sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [healthDb.name, HEALTH.name]);
        seen.push(rows[0].n);
        await new Promise((r) => setTimeout(r, 100));
      }
      await running;
      expect(Math.max(...seen)).toBe(POOL);
    } finally {
      await sql.end();
    }

    await kafka.stop(inst, { signal: 'SIGKILL', log });

    // The departmental service: ready, writing into its outbox; the outage shows on /health/kafka only.
    await waitFor(async () => (await get(health, '/health/kafka')).status === 503, { timeoutMs: 30_000, what: '/health/kafka down with the broker' });
    const ready = await get(health, '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details)).toEqual(['database']);
    expect((await record('RDY-2')).statusCode).toBe(201);
    expect(await unpublished(health)).toBeGreaterThanOrEqual(1);

    // Monitoring: its consumer is out of its group and not ready, but waiting for the cluster, not dead.
    await waitFor(async () => (await get(monitoring, '/health/consumer')).status === 503, { timeoutMs: 60_000, what: 'the consumer out of its group' });
    const monitoringReady = await get(monitoring, '/health/ready');
    expect(monitoringReady.status).toBe(200);
    expect(monitoringReady.body.details.consumers.groups[monitoringConfig.CONSUMER_GROUP_ID]).toMatchObject({ member: false, ready: false, verdict: 'waiting' });

    // Back: the outbox drains and the consumer rejoins.
    await kafka.start(inst, { log }); // same data directory: same topics, offsets and group
    await waitFor(async () => (await unpublished(health)) === 0, { timeoutMs: 120_000, what: 'the write taken during the outage published' });
    await waitFor(async () => (await get(monitoring, '/health/consumer')).status === 200, { timeoutMs: 120_000, intervalMs: 250, what: 'the consumer back in its group' });
    expect((await get(health, '/health/kafka')).status).toBe(200);
  }, 420_000);
});
