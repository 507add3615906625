import type { BenchResult } from './bench-result';
import { batches, countedTotal, newTally, recordPools, sendAll, sleep, Stack } from '@wdp/testing/system';
import { benchBroker } from './lib/bench-broker';
import { batchSeconds } from './lib/batch-metrics';
import { seedHistory } from './lib/seed-history';

// Does a record cost more as the gender-statistics database fills up? The history is seeded straight into
// monitoring's `record_fact` (the write path's table; seeding through the API would take hours at 10^7) as
// cells (months, quarters, years) of 2010–2019 (the APIs reject older periods) — before the plan window, so they change no assessment but sit in the
// same table, primary key and yearly index the write path upserts into and reads from. Cells are spread over
// every input key the catalogue has, every area, period (month, quarter, year), sex and age band by a fixed permutation, then vacuumed
// and checkpointed (lib/seed-history.ts). At each size
// the same number of fresh records goes through health-service and the monitoring consumer, and a full
// recompute of every assessment (POST /v1/admin/recompute) is timed.

const LEVELS = (process.env.BENCH_HISTORY_LEVELS ?? '100000,1000000,10000000').split(',').map(Number);
const PROBE_RECORDS = Number(process.env.BENCH_GROWTH_RECORDS ?? 20_000);

async function seedInto(stack: Stack, upTo: number, already: number): Promise<number> {
  const c = await stack.sql('monitoring-service');
  try {
    return await seedHistory(c, upTo, already);
  } finally {
    await c.end();
  }
}

export async function run(): Promise<BenchResult> {
  const runTag = `g${Date.now().toString(36)}`;
  const stack = new Stack({
    run: runTag,
    services: ['monitoring-service', 'health-service'],
    basePort: Number(process.env.BENCH_GROWTH_BASE_PORT ?? 4750),
    kafkaBrokers: await benchBroker(),
    serviceEnv: { 'monitoring-service': { SUBMISSION_CHECK_INTERVAL_MS: '0' } },
  });
  const pools = recordPools().filter((p) => p.department === 'health');
  const countedKeys = new Set(pools.map((p) => `${p.department}/${p.kind}`));
  const rows: Record<string, string | number>[] = [];
  const figures: Record<string, number> = {};
  try {
    await stack.start();
    const monitoring = stack.service('monitoring-service');
    const key = stack.key('health-service', 'health');
    const admin = stack.key('monitoring-service', 'admin');
    const db = await stack.sql('monitoring-service');
    let seeded = 0;
    try {
      for (const [li, level] of LEVELS.entries()) {
        process.stderr.write(`[bench] cost growth: seeding history up to ${level.toLocaleString('en')} facts...\n`);
        if (li === 0) {
          // The input keys come from real records: send a first small load before seeding.
          const warm = newTally();
          await sendAll(batches(pools, 2_000, 1_000, `${runTag}w`), () => ({ baseUrl: stack.service('health-service').baseUrl, apiKey: key }), 2, warm, { timeoutMs: 120_000, giveUpAfterMs: 300_000 });
          while ((await countedTotal(db, countedKeys)) < warm.acceptedUnits) await sleep(250);
        }
        const seedSeconds = await seedInto(stack, level, seeded);
        seeded = Math.max(seeded, level);
        const facts = Number((await db.query(`SELECT count(*) AS n FROM record_fact`)).rows[0].n);
        const before = await countedTotal(db, countedKeys);
        const metricsBefore = await batchSeconds(monitoring.baseUrl);
        const tally = newTally();
        await sendAll(batches(pools, PROBE_RECORDS, 1_000, `${runTag}l${li}`), () => ({ baseUrl: stack.service('health-service').baseUrl, apiKey: key }), 4, tally, { timeoutMs: 120_000, giveUpAfterMs: 300_000 });
        while ((await countedTotal(db, countedKeys)) - before < tally.acceptedUnits) await sleep(200);
        const countedAt = Date.now();
        const metricsAfter = await batchSeconds(monitoring.baseUrl);
        const e2eUs = ((countedAt - tally.firstSentAt) * 1000) / tally.acceptedRecords;
        const batchUs = ((metricsAfter.sum - metricsBefore.sum) * 1e6) / tally.acceptedRecords;
        const t = Date.now();
        const res = await fetch(`${monitoring.baseUrl}/v1/admin/recompute`, { method: 'POST', headers: { 'x-api-key': admin }, signal: AbortSignal.timeout(900_000) });
        const body = (await res.json()) as { pairs?: number; assessments?: number; durationMs?: number };
        if (res.status !== 200) throw new Error(`recompute: ${res.status} ${JSON.stringify(body)}`);
        const recomputeS = (Date.now() - t) / 1000;
        rows.push({
          'facts stored': facts.toLocaleString('en'),
          'seeding s': seedSeconds.toFixed(0),
          'records sent': tally.acceptedRecords,
          'µs/record end to end': Math.round(e2eUs),
          'µs/record in monitoring batches': Math.round(batchUs),
          'full recompute s': recomputeS.toFixed(1),
          'assessments recomputed': body.assessments ?? body.pairs ?? '',
        });
        figures[`growth_${level}_e2e_us_per_record`] = Math.round(e2eUs);
        figures[`growth_${level}_batch_us_per_record`] = Math.round(batchUs);
        figures[`growth_${level}_recompute_s`] = +recomputeS.toFixed(1);
      }
    } finally {
      await db.end();
    }
  } finally {
    await stack.stop();
  }
  return {
    title: 'Cost growth: per-record cost as the stored history grows, and a full recompute',
    rows,
    figures,
    notes: [
      `History seeded straight into \`record_fact\` (cells of 2010–2019 — months, quarters and years, as the roll-ups store them — over every input key, area, period, sex and age band, by a fixed permutation; 1 million rows a statement, then VACUUM (ANALYZE) and CHECKPOINT, as a history gathered over years would be held), then ${PROBE_RECORDS.toLocaleString('en')} fresh health records through health-service's API at each size. "End to end" is first send → last counted; "in monitoring batches" is the consumer's batch time (wdp_monitoring_batch_duration_seconds) per record. Full recompute: POST /v1/admin/recompute, every indicator × assessed area.`,
    ],
  };
}
