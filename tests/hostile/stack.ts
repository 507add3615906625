import { randomBytes } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateEnv, type ServiceConfig } from '@wdp/config';
import { DEPARTMENT_CODES, TOPIC_PARTITIONS, departmentTopic } from '@wdp/contracts';
import { ApiKeyService, type IngestionOptions } from '@wdp/ingestion';
import { createServiceApp, type ServiceInfo } from '@wdp/platform';
import { createTestDatabase, injectJson, testInfra, uniqueTopic, waitFor, type InjectMethod, type InjectOptions, type TestDatabase } from '@wdp/testing';
import type { LightMyRequestResponse } from 'fastify';
import { Client } from 'pg';
import { AppModule as EducationModule } from '../../apps/education-service/src/app.module';
import { EducationServiceConfig } from '../../apps/education-service/src/config';
import { SERVICE_INFO as EDUCATION } from '../../apps/education-service/src/service-info';
import { AppModule as EmploymentModule } from '../../apps/employment-service/src/app.module';
import { EmploymentServiceConfig } from '../../apps/employment-service/src/config';
import { SERVICE_INFO as EMPLOYMENT } from '../../apps/employment-service/src/service-info';
import { AppModule as FamilyModule } from '../../apps/family-service/src/app.module';
import { FamilyServiceConfig } from '../../apps/family-service/src/config';
import { SERVICE_INFO as FAMILY } from '../../apps/family-service/src/service-info';
import { AppModule as HealthModule } from '../../apps/health-service/src/app.module';
import { HealthServiceConfig } from '../../apps/health-service/src/config';
import { SERVICE_INFO as HEALTH } from '../../apps/health-service/src/service-info';
import { AppModule as MonitoringModule } from '../../apps/monitoring-service/src/app.module';
import { MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { SERVICE_INFO as MONITORING } from '../../apps/monitoring-service/src/service-info';
import { AppModule as RightsModule } from '../../apps/rights-protection-service/src/app.module';
import { RightsProtectionServiceConfig } from '../../apps/rights-protection-service/src/config';
import { SERVICE_INFO as RIGHTS } from '../../apps/rights-protection-service/src/service-info';
import { AppModule as SocialSecurityModule } from '../../apps/social-security-service/src/app.module';
import { SocialSecurityServiceConfig } from '../../apps/social-security-service/src/config';
import { SERVICE_INFO as SOCIAL_SECURITY } from '../../apps/social-security-service/src/service-info';

// Every service of the system started the way it runs (real database, real broker), each on a fresh database
// and on topics of its own, so nothing a hostile test sends can reach the topics the demo's services read.

export interface ServiceTarget {
  /** The department whose keys write here: the departmental code, or `statistics` for the monitoring service. */
  department: string;
  info: ServiceInfo;
  configClass: new () => ServiceConfig;
  forRoot(config: ServiceConfig, overrides: Partial<IngestionOptions>): DynamicModule;
}

const target = <C extends ServiceConfig>(
  department: string, info: ServiceInfo, configClass: new () => C, module: { forRoot(config: C, overrides: Partial<IngestionOptions>): DynamicModule },
): ServiceTarget => ({ department, info, configClass, forRoot: (config, overrides) => module.forRoot(config as C, overrides) });

export const DEPARTMENTAL_TARGETS: readonly ServiceTarget[] = [
  target('health', HEALTH, HealthServiceConfig, HealthModule),
  target('education', EDUCATION, EducationServiceConfig, EducationModule),
  target('employment', EMPLOYMENT, EmploymentServiceConfig, EmploymentModule),
  target('social-security', SOCIAL_SECURITY, SocialSecurityServiceConfig, SocialSecurityModule),
  target('rights-protection', RIGHTS, RightsProtectionServiceConfig, RightsModule),
  target('family', FAMILY, FamilyServiceConfig, FamilyModule),
];
export const MONITORING_TARGET: ServiceTarget = target('statistics', MONITORING, MonitoringServiceConfig, MonitoringModule);
export const ALL_TARGETS: readonly ServiceTarget[] = [...DEPARTMENTAL_TARGETS, MONITORING_TARGET];

export interface RunningService {
  target: ServiceTarget;
  app: NestFastifyApplication;
  db: TestDatabase;
  sql: Client;
  /** Topics this service publishes to (its department's copy; monitoring also its alerts copy). */
  publishedTopics: string[];
  /** Monitoring only: its copies of the departmental topics it consumes, by department. */
  consumedTopics: Record<string, string>;
  call(method: InjectMethod, url: string, opts?: InjectOptions): Promise<LightMyRequestResponse>;
  issueKey(department: string, scopes: string[], label?: string): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

/**
 * Starts one service on a fresh database with its own topics; `env` overrides its configuration (strings, as
 * from the environment). Monitoring reads `consume`'s topics for those departments (e.g. the departmental
 * services started alongside), and fresh copies for the rest.
 */
export async function startService(t: ServiceTarget, env: Record<string, string> = {}, consume: Record<string, string> = {}): Promise<RunningService> {
  const { kafkaBrokers, databaseUrl } = testInfra();
  const db = await createTestDatabase(`hostile_${t.department.replace(/-/g, '_')}`);
  const ownTopic = await uniqueTopic(`hostile-${t.department}-events`);
  const publishedTopics = [ownTopic];
  const consumedTopics: Record<string, string> = {};
  const monitoringEnv: Record<string, string> = {};
  if (t === MONITORING_TARGET) {
    for (const d of DEPARTMENT_CODES) {
      consumedTopics[d] = d === 'statistics' ? ownTopic : consume[d] ?? await uniqueTopic(`hostile-${d}-events`, { partitions: TOPIC_PARTITIONS[departmentTopic(d)] });
    }
    const alerts = await uniqueTopic('hostile-monitoring-alerts');
    publishedTopics.push(alerts);
    Object.assign(monitoringEnv, {
      DATA_TOPICS: Object.values(consumedTopics).join(','),
      ALERTS_TOPIC: alerts,
      CONSUMER_GROUP_ID: `hostile-monitoring-${randomBytes(4).toString('hex')}`,
      SUBMISSION_CHECK_INTERVAL_MS: '0',
    });
  }
  const config = validateEnv(t.configClass, {
    DATABASE_URL: databaseUrl,
    DATABASE_NAME: db.name,
    KAFKA_BROKERS: kafkaBrokers,
    API_KEYS_FILE: 'off',
    LOG_LEVEL: 'error',
    ...monitoringEnv,
    ...env,
  });
  const app = await createServiceApp(t.forRoot(config, { topic: ownTopic, keysFile: false }), t.info, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const keys = app.get(ApiKeyService);
  return {
    target: t,
    app,
    db,
    sql,
    publishedTopics,
    consumedTopics,
    call: (method, url, opts) => injectJson(app, method, url, opts),
    issueKey: async (department, scopes, label = `hostile test ${scopes.join(' ')}`) => {
      const issued = await keys.issue({ department, scopes, label });
      return { id: issued.id, key: issued.key };
    },
    async close() {
      await sql.end().catch(() => undefined);
      await app.close();
      await db.drop();
    },
  };
}

/** Waits until the relay has published every outbox row, so later table snapshots see no background change. */
export async function outboxDrained(service: RunningService, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => {
    const { rows } = await service.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    return rows[0].n === 0 ? true : undefined;
  }, { timeoutMs, what: `${service.target.info.name}: outbox drained` });
}

/** Row count and content digest of every table of the service's database (migrations bookkeeping aside). */
export async function tableSnapshot(sql: Client): Promise<Record<string, string>> {
  const { rows: tables } = await sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`);
    out[name] = `${rows[0].n}:${rows[0].digest}`;
  }
  return out;
}

/**
 * A snapshot taken once background work has settled (the relay marking rows, monitoring consuming what was
 * seeded and settling its alerts): two snapshots a second apart agree.
 */
export async function settledSnapshot(sql: Client, timeoutMs = 30_000): Promise<Record<string, string>> {
  let previous = await tableSnapshot(sql);
  return waitFor(async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await tableSnapshot(sql);
    const same = JSON.stringify(next) === JSON.stringify(previous);
    previous = next;
    return same ? next : undefined;
  }, { timeoutMs, intervalMs: 0, what: 'tables at rest' });
}
