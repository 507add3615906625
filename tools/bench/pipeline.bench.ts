import type { Client } from 'pg';
import type { BenchResult } from './bench-result';
import { AlertProbe, type AlertSample, isProbeSeries, percentile } from './lib/alert-probe';
import { demoPush, demoPushData } from './lib/demo-push';
import { batchSeconds } from './lib/batch-metrics';
import { accountCpu } from './lib/cpu-account';
import { cpuTables } from './lib/cpu-tables';
import { ancestorsOf, irqTimeAccounting, ProcessCensus } from './lib/process-census';
import { labelProcess } from './lib/process-labels';
import { isRecordTopic, topicLogBytes, topicMessages } from './lib/topic-bytes';
import { benchBroker, benchBrokerDataDir, benchBrokerPid, sessionFigures } from './lib/bench-broker';
import { createKafka, type KafkaAdmin } from '@wdp/messaging';
import { batches, countedTotal, newTally, recordPools, sendAll, sendPaced, SERVICE_NAMES, sleep, Stack } from '@wdp/testing/system';

// The pipeline end to end, all seven services as processes on a broker and databases of their own:
// records/s from "batch accepted by a departmental API" to "counted in the gender-statistics database",
// alert latency idle and under that load, and each service's resident memory idle and under load.

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const ALERT_SAMPLES = Number(process.env.BENCH_ALERT_SAMPLES ?? 20);
const STEADY_SHARE = Number(process.env.BENCH_STEADY_SHARE ?? 0.5);
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_MS ?? 600_000);
/** Scale of the demo data set pushed as the realistic load (0.6: `npm start`'s, about 11,500 records). 0 skips it. */
const DEMO_SCALE = Number(process.env.BENCH_DEMO_SCALE ?? 0.6);

async function alertSamples(probe: AlertProbe, n: number, keepGoing: () => boolean = () => true): Promise<AlertSample[]> {
  const out: AlertSample[] = [];
  for (let i = 0; i < n && keepGoing(); i++) {
    out.push(await probe.sample());
    await sleep(300);
  }
  return out;
}

const r1 = (x: number) => (Number.isFinite(x) ? Math.round(x) : NaN);

function latencyRow(load: string, samples: AlertSample[]): Record<string, string | number> {
  const total = samples.map((s) => s.totalMs);
  const decide = samples.map((s) => s.decideMs);
  return {
    load,
    samples: samples.length,
    p50: r1(percentile(total, 50)),
    p95: r1(percentile(total, 95)),
    p99: r1(percentile(total, 99)),
    'p50 / p95 to the decision': `${r1(percentile(decide, 50))} / ${r1(percentile(decide, 95))}`,
    'timed out': total.filter((x) => !Number.isFinite(x)).length,
  };
}

const latencyFigures = (prefix: string, samples: AlertSample[]) => {
  const total = samples.map((s) => s.totalMs);
  return { [`${prefix}_p50_ms`]: r1(percentile(total, 50)), [`${prefix}_p95_ms`]: r1(percentile(total, 95)), [`${prefix}_p99_ms`]: r1(percentile(total, 99)) };
};

/**
 * Pushes the demo data set while the probe samples alert latency; then waits until monitoring has applied and
 * decided all of it and reads the alert events the push caused.
 */
async function duringDemoPush(stack: Stack, probe: AlertProbe, monitoringDb: Client) {
  process.stderr.write(`[bench] pipeline: alert latency during the demo push (scale ${DEMO_SCALE})...\n`);
  const data = demoPushData({ scale: DEMO_SCALE, skipReturn: isProbeSeries });
  probe.takeOtherAlerts();
  let pushing = true;
  const pushed = demoPush(data, (department, service) => ({ department, service, baseUrl: stack.service(service).baseUrl, apiKey: stack.key(service, department) }), 4).finally(() => {
    pushing = false;
  });
  await sleep(1000);
  const samples = await alertSamples(probe, ALERT_SAMPLES, () => pushing);
  const result = await pushed;
  // Settled: nothing queued, incomplete or unpublished in monitoring, and no new event applied for three
  // seconds (the departmental relays may still be sending the last requests' events).
  const snapshot = async () =>
    (
      await monitoringDb.query(
        `SELECT (SELECT count(*) FROM alert_queue) + (SELECT count(*) FROM request_progress WHERE completed_at IS NULL)
                + (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS pending, (SELECT count(*) FROM inbox) AS applied`,
      )
    ).rows[0] as { pending: string; applied: string };
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (let quiet = 0, last = ''; quiet < 3 && Date.now() < deadline; ) {
    const now = await snapshot();
    quiet = now.pending === '0' && now.applied === last ? quiet + 1 : 0;
    last = now.applied;
    await sleep(1000);
  }
  await sleep(1000); // the last alert events on their way through the topic
  return { samples, result, alerts: probe.takeOtherAlerts() };
}

export async function run(): Promise<BenchResult[]> {
  const runTag = `b${Date.now().toString(36)}`;
  const stack = new Stack({
    run: runTag,
    services: SERVICE_NAMES,
    basePort: Number(process.env.BENCH_BASE_PORT ?? 4700),
    kafkaBrokers: await benchBroker(),
    // No periodic missing-data sweep: it would compete with the load in an unrepeatable way.
    // No holds either: the bench measures how soon an alert is decided, not the configured hold.
    serviceEnv: { 'monitoring-service': { SUBMISSION_CHECK_INTERVAL_MS: '0', ALERT_RAISE_HOLD_MS: '0', ALERT_RESOLVE_HOLD_MS: '0' } },
  });
  const pools = recordPools();
  const countedKeys = new Set(pools.map((p) => `${p.department}/${p.kind}`));
  let monitoringDb: Client | undefined;
  let probe: AlertProbe | undefined;
  let kafkaAdmin: KafkaAdmin | undefined;
  try {
    process.stderr.write(`[bench] pipeline: starting the stack (${SERVICE_NAMES.length} services, run ${runTag})...\n`);
    await stack.start();
    await sleep(5000); // let boot-time work (catalogue seeding, first recompute) finish before measuring idle memory
    const idleRss = Object.fromEntries(SERVICE_NAMES.map((s) => [s, stack.rss(s)]));

    probe = new AlertProbe(stack.brokers, stack.service('monitoring-service').baseUrl, stack.key('monitoring-service', 'statistics'));
    await probe.start();
    process.stderr.write(`[bench] pipeline: alert latency idle (${ALERT_SAMPLES} samples)...\n`);
    const idle = await alertSamples(probe, ALERT_SAMPLES);

    monitoringDb = await stack.sql('monitoring-service');
    const push = DEMO_SCALE > 0 ? await duringDemoPush(stack, probe, monitoringDb) : null;
    // The demo push wrote records of the same kinds: the run reconciles only what it sends itself.
    const countedBaseline = await countedTotal(monitoringDb, countedKeys);
    const countedSince = async () => (await countedTotal(monitoringDb!, countedKeys)) - countedBaseline;
    const keys = new Map(pools.map((p) => [p.service, stack.key(p.service, p.department)]));
    const tally = newTally();
    const peakRss: Record<string, number> = Object.fromEntries(SERVICE_NAMES.map((s) => [s, 0]));
    let loading = true;
    const sampler = setInterval(() => {
      for (const s of SERVICE_NAMES) peakRss[s] = Math.max(peakRss[s], stack.rss(s) || 0);
    }, 500);
    process.stderr.write(`[bench] pipeline: sending ${RECORDS} records in batches of ${BATCH} to ${new Set(pools.map((p) => p.service)).size} services...\n`);
    const progress = setInterval(() => process.stderr.write(`[bench]   accepted ${tally.acceptedRecords}\n`), 10_000);
    const cpuPids = () => ({ ...Object.fromEntries(SERVICE_NAMES.map((s) => [s, stack.service(s).child.pid])), 'kafka broker': benchBrokerPid(), 'bench client (sender)': process.pid });
    const benchAncestors = ancestorsOf(process.pid);
    const census = new ProcessCensus((p, cmdline) => labelProcess(p, cmdline, { pids: cpuPids(), databaseTag: runTag, benchAncestors }));
    kafkaAdmin = createKafka({ brokers: stack.brokers, clientId: `bench-topics-${runTag}` }).admin();
    await kafkaAdmin.connect();
    // What crossed Kafka in the window, read on the broker: bytes from its log segments (only where the bench
    // started the broker and can see its log.dirs), messages from the record topics' end offsets.
    const dataDir = benchBrokerDataDir();
    const kafkaNow = async () => ({ bytes: dataDir ? topicLogBytes(dataDir, isRecordTopic) : NaN, messages: await topicMessages(kafkaAdmin!, isRecordTopic) });
    const kafkaBefore = await kafkaNow();
    census.begin();
    const batchesBefore = await batchSeconds(stack.service('monitoring-service').baseUrl);
    const ingestion = sendAll(
      batches(pools, RECORDS, BATCH, runTag),
      (b) => ({ baseUrl: stack.service(b.service).baseUrl, apiKey: keys.get(b.service)! }),
      CONCURRENCY,
      tally,
      { timeoutMs: 120_000, giveUpAfterMs: 300_000 },
    ).finally(() => {
      loading = false;
    });
    await sleep(2000); // the load is under way
    const underLoad = await alertSamples(probe, ALERT_SAMPLES, () => loading);
    await ingestion;
    clearInterval(progress);
    const ingestSeconds = (tally.lastAcceptedAt - tally.firstSentAt) / 1000;
    process.stderr.write(`[bench] pipeline: ${tally.acceptedRecords} accepted in ${ingestSeconds.toFixed(1)} s; waiting for monitoring to count them...\n`);
    let counted = 0;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    let countedAt = Date.now();
    while (Date.now() < deadline) {
      counted = await countedSince();
      countedAt = Date.now();
      if (counted >= tally.acceptedUnits) break;
      await sleep(250);
    }
    const censusData = census.end();
    const kafkaAfter = await kafkaNow();
    const batchesAfter = await batchSeconds(stack.service('monitoring-service').baseUrl);
    const monitoringBatches = batchesAfter.count - batchesBefore.count;
    const monitoringBatchSeconds = batchesAfter.sum - batchesBefore.sum;
    clearInterval(sampler);
    // A little longer: anything counted twice would show up now.
    await sleep(2000);
    counted = await countedSince();
    const e2eSeconds = (countedAt - tally.firstSentAt) / 1000;
    const e2eRate = Math.round(tally.acceptedRecords / e2eSeconds);

    // Under a load the pipeline keeps up with (half its measured end-to-end rate), alerts are not queued
    // behind a backlog: the figure an operator sees in steady operation.
    const steadyRate = Math.max(100, Math.round(e2eRate * STEADY_SHARE));
    process.stderr.write(`[bench] pipeline: alert latency under a steady ${steadyRate} records/s...\n`);
    const steadyTally = newTally();
    let steadyDone = false;
    const steadyCountedBefore = await countedTotal(monitoringDb, countedKeys);
    const steadyLoad = sendPaced(
      batches(pools, Number.MAX_SAFE_INTEGER, 500, `${runTag}s`),
      (b) => ({ baseUrl: stack.service(b.service).baseUrl, apiKey: keys.get(b.service)! }),
      steadyRate,
      () => steadyDone,
      steadyTally,
      { timeoutMs: 120_000, giveUpAfterMs: 300_000 },
    );
    await sleep(3000);
    const steady = await alertSamples(probe, ALERT_SAMPLES);
    steadyDone = true;
    await steadyLoad;
    while ((await countedTotal(monitoringDb, countedKeys)) - steadyCountedBefore < steadyTally.acceptedUnits) await sleep(250);
    const acceptRate = Math.round(tally.acceptedRecords / ingestSeconds);
    const kafkaBytes = kafkaAfter.bytes - kafkaBefore.bytes;
    const kafkaMessages = kafkaAfter.messages - kafkaBefore.messages;
    const kafkaFigures = {
      e2e_kafka_messages: kafkaMessages,
      e2e_kafka_messages_per_s: Math.round(kafkaMessages / e2eSeconds),
      e2e_kafka_records_per_message: +(tally.acceptedRecords / Math.max(1, kafkaMessages)).toFixed(1),
      ...(Number.isFinite(kafkaBytes)
        ? { e2e_kafka_bytes: kafkaBytes, e2e_kafka_bytes_per_s: Math.round(kafkaBytes / e2eSeconds), e2e_kafka_bytes_per_record: Math.round(kafkaBytes / Math.max(1, tally.acceptedRecords)) }
        : {}),
    };

    const pipeline: BenchResult = {
      title: `End-to-end ingestion: ${tally.sentRecords.toLocaleString('en')} records, ${new Set(pools.map((p) => p.service)).size} departmental services → monitoring`,
      rows: [
        { figure: 'records sent', value: tally.sentRecords },
        { figure: 'records accepted (2xx)', value: tally.acceptedRecords },
        { figure: 'units accepted (an aggregate record carries a count)', value: tally.acceptedUnits },
        { figure: 'units counted in the gender-statistics database', value: counted },
        { figure: 'requests (batches of ≤ ' + BATCH + ')', value: `${tally.requests} (${Object.entries(tally.statuses).map(([k, v]) => `${k}: ${v}`).join(', ')})` },
        { figure: 'accepted by the APIs, records/s', value: acceptRate },
        { figure: 'end to end (first send → last counted), s', value: e2eSeconds.toFixed(1) },
        { figure: '**end to end, records/s** (target ≥ 20,000, floor 10,000)', value: e2eRate },
        { figure: 'Kafka: messages on the record topics (records a message)', value: `${kafkaMessages} (${kafkaFigures.e2e_kafka_records_per_message})` },
        {
          figure: "Kafka: bytes on the broker's log, MB (bytes a record; MB/s)",
          value: Number.isFinite(kafkaBytes) ? `${(kafkaBytes / 1e6).toFixed(1)} (${kafkaFigures.e2e_kafka_bytes_per_record}; ${(kafkaBytes / 1e6 / e2eSeconds).toFixed(1)})` : 'n/a (a broker the bench did not start)',
        },
        { figure: 'monitoring consumer: batches applied, records a batch', value: `${monitoringBatches} (${Math.round(tally.acceptedRecords / Math.max(1, monitoringBatches))})` },
        { figure: 'monitoring consumer: time in batches, s (share of the window)', value: `${monitoringBatchSeconds.toFixed(1)} (${Math.round((100 * monitoringBatchSeconds) / e2eSeconds)} %)` },
      ],
      figures: {
        e2e_records_sent: tally.sentRecords,
        e2e_records_accepted: tally.acceptedRecords,
        e2e_units_accepted: tally.acceptedUnits,
        e2e_units_counted: counted,
        e2e_accept_records_per_s: acceptRate,
        e2e_records_per_s: e2eRate,
        e2e_seconds: +e2eSeconds.toFixed(1),
        e2e_monitoring_batches: monitoringBatches,
        e2e_monitoring_batch_seconds: +monitoringBatchSeconds.toFixed(1),
        ...kafkaFigures,
      },
      notes: [
        `Kinds: the ${countedKeys.size} record kinds the monitoring service counts under an unfiltered input (so every accepted record is one unit of one district sum of \`record_fact\`), demo-data generator payloads (~180 bytes a record), references made unique per run. ${CONCURRENCY} requests in flight.`,
        counted === tally.acceptedUnits ? 'Reconciled: units counted = units accepted.' : `**NOT reconciled: counted ${counted} ≠ accepted ${tally.acceptedUnits}.**`,
      ],
    };
    const alerts: BenchResult = {
      title: 'Alert latency: accepted write (2xx) → event on wdp.monitoring.alerts.v1, ms',
      rows: [
        latencyRow('idle', idle),
        latencyRow(`steady ingestion (${Math.round(STEADY_SHARE * 100)} % of the end-to-end rate)`, steady),
        latencyRow('saturating ingestion (the run above, backlog growing)', underLoad),
        ...(push ? [latencyRow(`demo push (${push.result.records.toLocaleString('en')} records, ${push.result.returns} returns, ${push.result.requests} requests in ${push.result.seconds.toFixed(0)} s)`, push.samples)] : []),
      ],
      figures: {
        ...latencyFigures('alert_idle', idle), ...latencyFigures('alert_steady', steady), ...latencyFigures('alert_load', underLoad),
        ...(push ? { ...latencyFigures('alert_push', push.samples), push_alerts_raised: push.alerts.raised ?? 0, push_alerts_resolved: push.alerts.resolved ?? 0 } : {}),
      },
      notes: [
        ...(push
          ? [
              `Demo push: the demo data set (\`npm start\`'s load, scale ${DEMO_SCALE}) sent as the demo loader sends it — record batches of up to 5,000 spread over all partitions, then the returns, four requests in flight — on the still small database, right after the idle samples; the probe samples while it runs. The push itself raised ${push.alerts.raised ?? 0} alerts and resolved ${push.alerts.resolved ?? 0} (counted on the alerts topic until monitoring had applied and decided everything): a resolution during a load that only adds data is a flap.`,
            ]
          : []),
        'Under saturating load the APIs accept faster than monitoring applies, so the probe\'s event waits in the consumer\'s queue behind the backlog: that latency is the backlog\'s age, not the alert path. The steady row is the alert path under a load the pipeline sustains.',
        'Probe: the statistics bureau\'s DEC-03 return at the district revised back and forth (deteriorating ↔ not), each revision one sample; the alert decision waits until every request that touched the probe indicator is complete and its data has been quiet ALERT_SETTLE_MS (100) with the consumer caught up, at most ALERT_MAX_WAIT_MS (1000).',
      ],
    };
    const { byProcess: cpuTable, byState: cpuStates } = cpuTables({
      account: accountCpu(censusData, { irqSeparate: irqTimeAccounting() ?? false }),
      records: tally.acceptedRecords,
      wallSeconds: (census.endedAt - census.startedAt) / 1000,
      scans: census.scans,
      censusCpuMs: census.ownCpuMs,
    });
    const memory: BenchResult = {
      title: 'Resident memory (VmRSS), MiB',
      rows: SERVICE_NAMES.map((s) => ({ service: s, idle: idleRss[s], 'peak under load': peakRss[s] })),
      figures: Object.fromEntries(SERVICE_NAMES.flatMap((s) => [[`rss_idle_mib_${s}`, idleRss[s]], [`rss_load_mib_${s}`, peakRss[s]]])),
    };
    if (counted !== tally.acceptedUnits) process.exitCode = 1;
    Object.assign(sessionFigures, { e2e_records_per_s: e2eRate, e2e_accept_records_per_s: acceptRate, ...kafkaFigures });
    return [pipeline, cpuTable, cpuStates, alerts, memory];
  } finally {
    await probe?.stop();
    await kafkaAdmin?.disconnect().catch(() => undefined);
    await monitoringDb?.end().catch(() => undefined);
    await stack.stop();
  }
}
