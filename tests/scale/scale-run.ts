import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { Client } from 'pg';
import { ADMIN_DATABASE_URL, batches, countedTotal, type Endpoint, newTally, recordPools, ROOT, sendAll, sleep, type Tally } from '@wdp/testing/system';
import { concurrentDecisions, parseDecisions, sharesOf } from './decision-log';
import { awaitBalanced } from './group-watch';
import { Replicas } from './replicas';
import type { Rebalance, ScaleFigures, Throughput } from './report';

// `npm run test:scale`: a three-broker KRaft cluster, two monitoring and two health replicas as processes on
// throwaway databases; a phase with one monitoring replica and one with two (throughput on a backlog), then
// the fault phase: SCALE_RECORDS records through both health replicas while a broker, a monitoring replica and
// a health replica are killed -9 and restarted. Then everything is reconciled against the databases.

interface ClusterNode {
  port: number;
  brokers: string;
  pidFile: string;
  logFile: string;
  dir: string;
}
interface Cluster {
  nodes: ClusterNode[];
  brokers: string;
  dir: string;
}
const kafkaLocal = require('../../scripts/lib/kafka-local.cjs') as {
  cluster(basePort?: number, size?: number): Cluster;
  startCluster(c: Cluster, opts?: { log?: (m: string) => void }): Promise<unknown>;
  stopCluster(c: Cluster, opts?: { log?: (m: string) => void; signal?: NodeJS.Signals }): Promise<void>;
  wipeCluster(c: Cluster): void;
  start(n: ClusterNode, opts?: { log?: (m: string) => void; timeoutMs?: number }): Promise<unknown>;
  stop(n: ClusterNode, opts?: { log?: (m: string) => void; signal?: NodeJS.Signals }): Promise<void>;
  readPid(n: ClusterNode): number | null;
};

const BATCH = 500;
const GROUP = 'monitoring-service';
const SEND = { timeoutMs: 15_000, giveUpAfterMs: 300_000 };
const SETTLE_TIMEOUT_MS = Number(process.env.SCALE_SETTLE_TIMEOUT_MS ?? 900_000);
const STALL_MS = 60_000;

export interface ScaleOptions {
  records?: number;
  phaseRecords?: number;
  log?: (m: string) => void;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const count = async (c: Client, sql: string, params: unknown[] = []) => Number((await c.query(sql, params)).rows[0].n);

export async function runScale(options: ScaleOptions = {}): Promise<ScaleFigures> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const records = options.records ?? Number(process.env.SCALE_RECORDS ?? 200_000);
  const phaseRecords = options.phaseRecords ?? Number(process.env.SCALE_PHASE_RECORDS ?? Math.max(10_000, Math.round(records / 5)));
  const basePort = Number(process.env.SCALE_BASE_PORT ?? 4700);
  const run = `s${Date.now().toString(36)}`;
  const db = { monitoring: `wdp_${run}_monitoring`, health: `wdp_${run}_health` };
  const loadBefore = os.loadavg()[0];

  const cluster = kafkaLocal.cluster(Number(process.env.SCALE_KAFKA_PORT ?? 19492), 3);
  await kafkaLocal.stopCluster(cluster, { log: () => undefined });
  kafkaLocal.wipeCluster(cluster);
  log(`[scale] starting a 3-node KRaft cluster on ${cluster.brokers}...`);
  await kafkaLocal.startCluster(cluster, { log });

  const stateDir = path.join(ROOT, '.local', 'scale', run);
  const replicas = new Replicas(stateDir, ADMIN_DATABASE_URL, log);
  // Never leave a paused replica behind, whatever happens to this process.
  const resumeAll = () => replicas.resumeAll();
  process.on('exit', resumeAll);
  const keysFile = path.join(stateDir, 'keys', 'health-service.json');
  const common = { DATABASE_URL: ADMIN_DATABASE_URL, KAFKA_BROKERS: cluster.brokers, LOG_LEVEL: 'warn' };
  for (const i of [1, 2]) {
    replicas.add({ id: `health-${i}`, service: 'health-service', port: basePort + 10 + i, env: { ...common, DATABASE_NAME: db.health, API_KEYS_FILE: keysFile } });
    // debug: the settler's line per decision, read back for the shares and the check that no pair was decided by two at once.
    replicas.add({
      id: `monitoring-${i}`,
      service: 'monitoring-service',
      port: basePort + i,
      env: { ...common, DATABASE_NAME: db.monitoring, API_KEYS_FILE: 'off', LOG_LEVEL: 'debug', SUBMISSION_CHECK_INTERVAL_MS: '0' },
    });
  }
  const kafka = new Kafka({ clientId: 'scale-watch', brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let monitoring: Client | null = null;
  let health: Client | null = null;
  try {
    log('[scale] starting health-1 and monitoring-1 (they migrate the databases), then health-2 and monitoring-2...');
    await Promise.all([replicas.start('health-1'), replicas.start('monitoring-1')]);
    await Promise.all([replicas.start('health-2'), replicas.start('monitoring-2')]);
    await admin.connect();
    monitoring = await replicas.sql(db.monitoring);
    health = await replicas.sql(db.health);
    const key = (JSON.parse(fs.readFileSync(keysFile, 'utf8')) as { keys: Record<string, { key: string }> }).keys.health.key;
    const pools = recordPools().filter((p) => p.department === 'health');
    const countedKeys = new Set(pools.map((p) => `${p.department}/${p.kind}`));
    const counted = () => countedTotal(monitoring!, countedKeys);
    // A load balancer's choice: the next live health replica for each batch.
    let turn = 0;
    const endpoint = (): Endpoint => {
      const live = ['health-1', 'health-2'].filter((id) => replicas.alive(id));
      const id = live.length > 0 ? live[turn++ % live.length] : 'health-1';
      return { baseUrl: replicas.get(id).baseUrl, apiKey: key };
    };
    const send = (n: number, tag: string, tally: Tally) => sendAll(batches(pools, n, BATCH, `${run}${tag}`), endpoint, 4, tally, SEND);
    let accepted = 0;

    // Throughput: a backlog of phaseRecords drained by one replica, then another by two. The consuming replicas
    // are joined, then paused (SIGSTOP) while the backlog is sent, and timed from their resume to its last record.
    const throughput: Throughput[] = [];
    await replicas.stop('monitoring-2');
    for (const ids of [['monitoring-1'], ['monitoring-1', 'monitoring-2']]) {
      for (const id of ids) if (!replicas.alive(id)) await replicas.start(id);
      await awaitBalanced(admin, GROUP, ids.length, Date.now());
      await until('every queued pair decided', async () => (await count(monitoring!, `SELECT count(*) AS n FROM alert_queue`)) === 0, SETTLE_TIMEOUT_MS);
      const before = await counted();
      ids.forEach((id) => replicas.pause(id));
      const tally = newTally();
      log(`[scale] throughput with ${ids.length} monitoring replica(s): sending ${phaseRecords} records while they are paused...`);
      await send(phaseRecords, `t${ids.length}`, tally);
      accepted += tally.acceptedUnits;
      const t0 = Date.now();
      ids.forEach((id) => replicas.resume(id));
      await until(`the backlog counted (${ids.length} replica(s))`, async () => (await counted()) - before >= tally.acceptedUnits, SETTLE_TIMEOUT_MS);
      const t = { replicas: ids.length, units: tally.acceptedUnits, seconds: (Date.now() - t0) / 1000 };
      throughput.push(t);
      log(`[scale]   ${Math.round(t.units / t.seconds)} units/s (${t.units} in ${t.seconds.toFixed(1)} s)`);
    }
    await awaitBalanced(admin, GROUP, 2, Date.now());

    // The fault phase.
    const tally = newTally();
    const faults: string[] = [];
    const rebalances: Rebalance[] = [];
    log(`[scale] fault phase: sending ${records} records through both health replicas...`);
    const load = send(records, 'f', tally);
    let loadDone = false;
    void load.finally(() => (loadDone = true));
    const reached = (share: number) => until(`${share * 100} % accepted`, () => loadDone || tally.acceptedRecords >= records * share, SETTLE_TIMEOUT_MS);
    const inject = (async () => {
      await reached(0.2);
      const node = cluster.nodes[1];
      log(`[scale]   kill -9 broker ${node.brokers} (pid ${kafkaLocal.readPid(node)})`);
      await kafkaLocal.stop(node, { signal: 'SIGKILL', log: () => undefined });
      faults.push(`kill -9 broker ${node.brokers} at ${tally.acceptedRecords} accepted`);
      await sleep(5000);
      await kafkaLocal.start(node, { log: () => undefined });
      log('[scale]   broker restarted');

      await reached(0.4);
      log(`[scale]   kill -9 monitoring-2 (pid ${replicas.get('monitoring-2').child?.pid})`);
      const killed = Date.now();
      await replicas.stop('monitoring-2', 'SIGKILL');
      faults.push(`kill -9 monitoring-2 at ${tally.acceptedRecords} accepted`);
      rebalances.push({ what: 'replica died', seconds: await awaitBalanced(admin, GROUP, 1, killed) });
      // From the restart: a replica reports ready only once its consumer has joined.
      const restarted = Date.now();
      const bootMs = await replicas.start('monitoring-2');
      rebalances.push({ what: 'replica returned', seconds: await awaitBalanced(admin, GROUP, 2, restarted) });
      log(`[scale]   monitoring-2 restarted (ready in ${(bootMs / 1000).toFixed(1)} s); rebalances ${rebalances.map((r) => r.seconds?.toFixed(1)).join(', ')} s`);

      await reached(0.6);
      log(`[scale]   kill -9 health-2 (pid ${replicas.get('health-2').child?.pid})`);
      await replicas.stop('health-2', 'SIGKILL');
      faults.push(`kill -9 health-2 at ${tally.acceptedRecords} accepted`);
      await sleep(2000);
      await replicas.start('health-2');
      log('[scale]   health-2 restarted');
    })();
    await Promise.all([load, inject]);
    accepted += tally.acceptedUnits;
    log(`[scale] ${tally.acceptedRecords} accepted; waiting for monitoring to count them and decide every pair...`);
    // A lost event never arrives: once the outbox is drained and the count has stood still for a minute, the
    // run reconciles and reports the loss rather than waiting out the timeout.
    let last = -1;
    let stillSince = Date.now();
    await until('every accepted record counted, or the count standing still with the outbox drained', async () => {
      const now = await counted();
      if (now >= accepted) return true;
      if (now !== last) [last, stillSince] = [now, Date.now()];
      return Date.now() - stillSince > STALL_MS &&
        (await count(health!, `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`)) === 0;
    }, SETTLE_TIMEOUT_MS);
    await until('every queued pair decided', async () => (await count(monitoring!, `SELECT count(*) AS n FROM alert_queue`)) === 0, SETTLE_TIMEOUT_MS);
    await sleep(3000); // a duplicate applied late would show now

    const decisions = ['monitoring-1', 'monitoring-2'].flatMap((id) => parseDecisions(id, fs.readFileSync(replicas.get(id).logFile, 'utf8')));
    const topics = await replicationOf(admin);
    const alertsOnTopic = await messagesOn(admin, 'wdp.monitoring.alerts.v1');
    return {
      records,
      accepted,
      counted: await counted(),
      eventsCreated: await count(health, `SELECT count(*) AS n FROM outbox`),
      eventsApplied: await count(monitoring, `SELECT count(*) AS n FROM inbox`),
      statuses: tally.statuses,
      abandoned: tally.abandoned,
      faults,
      rebalances,
      throughput,
      shares: Object.fromEntries(sharesOf(decisions)),
      concurrentDecisions: [...new Set(concurrentDecisions(decisions).map((o) => o.pair))],
      duplicateAlertEvents: await count(monitoring, `SELECT count(*) AS n FROM (SELECT 1 FROM alert_event GROUP BY alert_id, transition HAVING count(*) > 1) d`),
      alertsRaised: await count(monitoring, `SELECT count(*) AS n FROM alert_event WHERE transition = 'raised'`),
      alertTopicResent: alertsOnTopic - (await count(monitoring, `SELECT count(*) AS n FROM outbox`)),
      queuedPairs: await count(monitoring, `SELECT count(*) AS n FROM alert_queue`),
      underReplicatedTopics: topics.wrong,
      topicsChecked: topics.checked,
      load: `1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, on ${os.cpus().length} cores`,
    };
  } finally {
    await monitoring?.end().catch(() => undefined);
    await health?.end().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await replicas.stopAll();
    process.off('exit', resumeAll);
    await dropDatabases(Object.values(db)).catch((e) => log(`[scale] dropping databases: ${e}`));
    await kafkaLocal.stopCluster(cluster, { log: () => undefined });
    kafkaLocal.wipeCluster(cluster);
    if (process.env.SCALE_KEEP_LOGS) log(`[scale] replica logs kept in ${stateDir}`);
    else fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The project's topics, each checked for 3 replicas per partition and min.insync.replicas 2. */
async function replicationOf(admin: Admin): Promise<{ checked: number; wrong: string[] }> {
  const names = (await admin.listTopics()).filter((t) => t.startsWith('wdp.'));
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const configs = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })) });
  const minIsr = new Map(configs.resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'min.insync.replicas')?.configValue]));
  const wrong = topics.filter((t) => t.partitions.some((p) => p.replicas.length !== 3) || minIsr.get(t.name) !== '2').map((t) => t.name);
  return { checked: topics.length, wrong };
}

async function messagesOn(admin: Admin, topic: string): Promise<number> {
  let n = 0;
  for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
  return n;
}

async function dropDatabases(names: string[]): Promise<void> {
  const { Client: PgClient } = require('pg') as typeof import('pg');
  const c = new PgClient({ connectionString: ADMIN_DATABASE_URL });
  await c.connect();
  try {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
