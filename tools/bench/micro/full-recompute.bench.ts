import fs from 'node:fs';
import { Client } from 'pg';
import { batches, countedTotal, newTally, recordPools, sendAll, sleep, Stack } from '@wdp/testing/system';
import { batchSeconds } from '../lib/batch-metrics';
import { seedHistory } from '../lib/seed-history';

// A full recompute (POST /v1/admin/recompute, every indicator × assessed area) on the cost-growth bench's
// history, timed several times on one seeded database that is kept between runs, so a change to the recompute
// can be measured before and after on the same data without seeding 10^7 facts again (3–6 minutes).
// Run: SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/bench/micro/full-recompute.bench.ts
// FULL_RECOMPUTE_FACTS (default 10,000,000) sizes the history, FULL_RECOMPUTE_RUNS (default 5) the timed runs,
// FULL_RECOMPUTE_RUN (default `fullrc`) names the databases (wdp_<run>_monitoring, wdp_<run>_health, created on
// the first run); FULL_RECOMPUTE_DROP=1 drops them at the end. KAFKA_BROKERS (default 127.0.0.1:9192) is a
// running broker; BENCH_NODE_ARGS=--cpu-prof profiles the service. FULL_RECOMPUTE_PROBE=<records> first sends
// that many fresh health records through health-service, FULL_RECOMPUTE_PROBES (default 1) times, and prints the
// consumer's batch time per record of each, as the cost-growth bench measures it, on a history that is not
// freshly seeded. Prints, for each run, the wall time, the
// service's CPU, its database backends' CPU and that of the backends that exited meanwhile (parallel workers
// among them), then the medians and a digest of the stored values and assessments: equal before and after a
// change that must not change results.

const FACTS = Number(process.env.FULL_RECOMPUTE_FACTS ?? 10_000_000);
const RUNS = Number(process.env.FULL_RECOMPUTE_RUNS ?? 5);
const RUN = process.env.FULL_RECOMPUTE_RUN ?? 'fullrc';
const WARM = 2_000 + 2 * 20_000;
const PROBE = Number(process.env.FULL_RECOMPUTE_PROBE ?? 0);
const PROBES = Number(process.env.FULL_RECOMPUTE_PROBES ?? 1);
const TICK_MS = 10; // USER_HZ 100, as /proc reports CPU

/** utime + stime of a process, in ms (0 once it is gone); with `children`, cutime + cstime instead. */
function cpuMs(pid: number, children = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * The postmaster's pid (the first line of postmaster.pid), when this machine runs the server and may read it:
 * parallel workers are its children, so their CPU shows in its cutime + cstime once they exit — along with
 * that of any other backend that exits meanwhile, so on a shared server the figure is an upper bound.
 */
function postmasterPid(): number | undefined {
  const dir = process.env.PGDATA ?? '/var/lib/postgresql/15/main';
  try {
    return Number(fs.readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL backends serving the database, with their CPU so far. */
async function backends(admin: Client, database: string): Promise<Map<number, number>> {
  const rows = (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])).rows;
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9192';
  const admin = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const monitoringDb = `wdp_${RUN}_monitoring`;
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [monitoringDb])).rowCount! > 0;
  const stack = new Stack({
    run: RUN,
    services: exists && PROBE === 0 ? ['monitoring-service'] : ['monitoring-service', 'health-service'],
    basePort: Number(process.env.FULL_RECOMPUTE_BASE_PORT ?? 4850),
    kafkaBrokers,
    serviceEnv: { 'monitoring-service': { SUBMISSION_CHECK_INTERVAL_MS: '0' } },
  });
  try {
    await stack.start();
    const db = await stack.sql('monitoring-service');
    try {
      if (!exists) {
        // As the cost-growth bench: the input keys come from real health records, as many as it has sent by its
        // 10^7 level (a warm-up and two probes), then the history is seeded.
        const pools = recordPools().filter((p) => p.department === 'health');
        const warm = newTally();
        const key = stack.key('health-service', 'health');
        await sendAll(batches(pools, WARM, 1_000, `${RUN}w`), () => ({ baseUrl: stack.service('health-service').baseUrl, apiKey: key }), 2, warm, { timeoutMs: 120_000, giveUpAfterMs: 300_000 });
        const counted = new Set(pools.map((p) => `${p.department}/${p.kind}`));
        while ((await countedTotal(db, counted)) < warm.acceptedUnits) await sleep(250);
      }
      const facts = Number((await db.query(`SELECT count(*) AS n FROM record_fact`)).rows[0].n);
      if (facts < FACTS * 0.9) {
        process.stderr.write(`[full-recompute] seeding history up to ${FACTS.toLocaleString('en')} facts (${facts.toLocaleString('en')} now)...\n`);
        process.stderr.write(`[full-recompute] seeded in ${(await seedHistory(db, FACTS, 0)).toFixed(0)} s\n`);
      }
      const n = Number((await db.query(`SELECT count(*) AS n FROM record_fact`)).rows[0].n);
      const monitoring = stack.service('monitoring-service');
      const probeUs: number[] = [];
      const probeCpuUs: { service: number; database: number }[] = [];
      for (let i = 0; i < (PROBE > 0 ? PROBES : 0); i++) {
        const pools = recordPools().filter((p) => p.department === 'health');
        const counted = new Set(pools.map((p) => `${p.department}/${p.kind}`));
        const key = stack.key('health-service', 'health');
        const before = await countedTotal(db, counted);
        const metricsBefore = await batchSeconds(monitoring.baseUrl);
        const svc0 = cpuMs(monitoring.child.pid!);
        const be0 = await backends(admin, monitoringDb);
        const tally = newTally();
        await sendAll(batches(pools, PROBE, 1_000, `${RUN}p${Date.now().toString(36)}`), () => ({ baseUrl: stack.service('health-service').baseUrl, apiKey: key }), 4, tally, { timeoutMs: 120_000, giveUpAfterMs: 300_000 });
        while ((await countedTotal(db, counted)) - before < tally.acceptedUnits) await sleep(200);
        const metricsAfter = await batchSeconds(monitoring.baseUrl);
        const be1 = await backends(admin, monitoringDb);
        let be = 0;
        for (const [p, c] of be1) be += c - (be0.get(p) ?? 0);
        probeUs.push(((metricsAfter.sum - metricsBefore.sum) * 1e6) / tally.acceptedRecords);
        probeCpuUs.push({ service: ((cpuMs(monitoring.child.pid!) - svc0) * 1000) / tally.acceptedRecords, database: (be * 1000) / tally.acceptedRecords });
        process.stderr.write(
          `[full-recompute] probe ${i + 1}: ${tally.acceptedRecords} records, ${probeUs[i].toFixed(0)} µs a record in monitoring batches (${metricsAfter.count - metricsBefore.count} batches); ` +
            `CPU a record: monitoring service ${probeCpuUs[i].service.toFixed(0)} µs, its database backends ${probeCpuUs[i].database.toFixed(0)} µs (first send to last counted)\n`,
        );
      }
      const adminKey = stack.key('monitoring-service', 'admin');
      const walls: number[] = [];
      const serviceCpu: number[] = [];
      const dbCpu: number[] = [];
      const workerCpu: number[] = [];
      const postmaster = postmasterPid();
      for (let i = 0; i < RUNS; i++) {
        const pid = monitoring.child.pid!;
        const svc0 = cpuMs(pid);
        const be0 = await backends(admin, monitoringDb);
        const pw0 = postmaster ? cpuMs(postmaster, true) : NaN;
        const t = process.hrtime.bigint();
        const res = await fetch(`${monitoring.baseUrl}/v1/admin/recompute`, { method: 'POST', headers: { 'x-api-key': adminKey }, signal: AbortSignal.timeout(900_000) });
        const body = (await res.json()) as { assessments?: number; values?: number; failed?: string[] };
        const wall = Number(process.hrtime.bigint() - t) / 1e6;
        if (res.status !== 200 || body.failed?.length) throw new Error(`recompute: ${res.status} ${JSON.stringify(body)}`);
        const be1 = await backends(admin, monitoringDb);
        workerCpu.push(postmaster ? cpuMs(postmaster, true) - pw0 : NaN);
        let be = 0;
        for (const [p, c] of be1) be += c - (be0.get(p) ?? 0);
        walls.push(wall);
        serviceCpu.push(cpuMs(pid) - svc0);
        dbCpu.push(be);
        process.stderr.write(`[full-recompute] run ${i + 1}: ${wall.toFixed(0)} ms wall, service CPU ${serviceCpu[i]} ms, database backends CPU ${be} ms, exited backends and parallel workers ${workerCpu[i]} ms (${body.assessments} assessments, ${body.values} values)\n`);
      }
      const digest = (
        await db.query<{ v: string; a: string; nv: string; na: string }>(
          `SELECT (SELECT md5(string_agg(concat_ws('|', indicator_code, area_code, sex, year, value, numerator, denominator), ',' ORDER BY indicator_code, area_code, sex, year)) FROM indicator_value) AS v,
                  (SELECT count(*) FROM indicator_value) AS nv,
                  (SELECT md5(string_agg(concat_ws('|', indicator_code, area_code, sex, year, status, alert_kinds::text, components::text, methodology_version, catalogue_revision), ',' ORDER BY indicator_code, area_code, sex)) FROM assessment) AS a,
                  (SELECT count(*) FROM assessment) AS na`,
        )
      ).rows[0];
      console.log(
        JSON.stringify({
          facts: n, runs: RUNS, probe_batch_us_per_record: probeUs.map(Math.round), probe_cpu_us_per_record: probeCpuUs.map((c) => [Math.round(c.service), Math.round(c.database)]), wall_ms: walls.map(Math.round), median_wall_ms: Math.round(median(walls)), median_service_cpu_ms: median(serviceCpu), median_db_cpu_ms: median(dbCpu), median_exited_workers_cpu_ms: median(workerCpu),
          values: Number(digest.nv), values_md5: digest.v, assessments: Number(digest.na), assessments_md5: digest.a,
        }),
      );
    } finally {
      await db.end();
    }
  } finally {
    if (process.env.FULL_RECOMPUTE_DROP === '1') {
      await stack.stop();
    } else {
      // Keep the databases for the next run; stop the services only.
      for (const name of stack.services.keys()) await stack.kill(name, 'SIGTERM');
    }
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
