import fs from 'node:fs';
import path from 'node:path';
import { AGE_BANDS } from '@wdp/contracts';
import type { BenchResult } from './bench-result';
import { batches, countedTotal, newTally, recordPools, ROOT, sendAll, sleep, Stack } from '@wdp/testing/system';
import { benchBroker } from './lib/bench-broker';
import { batchSeconds } from './lib/batch-metrics';

// Does a record cost more as the gender-statistics database fills up? The history is seeded straight into
// monitoring's `record_fact` (the write path's table; seeding through the API would take hours at 10^7) as
// cells (months, quarters, years) of 2010–2019 (the APIs reject older periods) — before the plan window, so they change no assessment but sit in the
// same table, primary key and yearly index the write path upserts into and reads from. Cells are spread over
// every input key the catalogue has, every area, period (month, quarter, year), sex and age band by a fixed permutation. At each size
// the same number of fresh records goes through health-service and the monitoring consumer, and a full
// recompute of every assessment (POST /v1/admin/recompute) is timed.

const LEVELS = (process.env.BENCH_HISTORY_LEVELS ?? '100000,1000000,10000000').split(',').map(Number);
const PROBE_RECORDS = Number(process.env.BENCH_GROWTH_RECORDS ?? 20_000);

async function seedHistory(stack: Stack, upTo: number, already: number): Promise<number> {
  if (upTo <= already) return 0;
  const c = await stack.sql('monitoring-service');
  try {
    const keys = (await c.query<{ k: string }>(`SELECT DISTINCT input_key AS k FROM record_fact ORDER BY 1`)).rows.map((r) => r.k);
    const areas = (JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'reference', 'areas.json'), 'utf8')) as { code: string }[]).map((a) => a.code);
    if (keys.length === 0) throw new Error('no input keys in record_fact yet: send records first');
    const periods = 10 * 17; // 2010–2019 (the APIs take nothing older): 12 months, 4 quarters and the year, as the write path rolls up
    const space = keys.length * areas.length * periods * 3 * AGE_BANDS.length;
    if (space < upTo) throw new Error(`history space ${space} < ${upTo}`);
    // A multiplier coprime with the space spreads consecutive i over the whole key space.
    let p = 1_000_003;
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    while (gcd(p, space) !== 1) p += 2;
    const started = Date.now();
    const step = 1_000_000;
    for (let lo = already; lo < upTo; lo += step) {
      const hi = Math.min(upTo, lo + step) - 1;
      await c.query(
        `INSERT INTO record_fact (input_key, area_code, period, granularity, year, sex, age_band, count)
         SELECT ($7::text[])[k + 1], ($8::text[])[a + 1],
                CASE WHEN m % 17 < 12 THEN (2010 + m / 17)::text || '-' || lpad((m % 17 + 1)::text, 2, '0')
                     WHEN m % 17 < 16 THEN (2010 + m / 17)::text || '-Q' || (m % 17 - 11)::text
                     ELSE (2010 + m / 17)::text END,
                CASE WHEN m % 17 < 12 THEN 'M' WHEN m % 17 < 16 THEN 'Q' ELSE 'Y' END,
                (2010 + m / 17)::int, (ARRAY['F','M','U'])[s + 1], ($9::text[])[b + 1], 1 + (j % 7)::int
         FROM (SELECT j, j % $5 AS k, (j / $5) % $6 AS a, (j / ($5 * $6)) % 170 AS m, (j / ($5 * $6 * 170)) % 3 AS s, j / ($5 * $6 * 510) AS b
               FROM (SELECT ((i::numeric * $3) % $4)::bigint AS j FROM generate_series($1::bigint, $2::bigint) i) x) d
         ORDER BY 1, 2, 3, 6, 7 -- in key order: the primary key is filled page by page instead of at random
         ON CONFLICT DO NOTHING`,
        [lo, hi, p, space, keys.length, areas.length, keys, areas, [...AGE_BANDS]],
      );
    }
    await c.query('ANALYZE record_fact');
    return (Date.now() - started) / 1000;
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
        const seedSeconds = await seedHistory(stack, level, seeded);
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
      `History seeded straight into \`record_fact\` (cells of 2010–2019 — months, quarters and years, as the roll-ups store them — over every input key, area, period, sex and age band, by a fixed permutation; 1 million rows a statement), then ${PROBE_RECORDS.toLocaleString('en')} fresh health records through health-service's API at each size. "End to end" is first send → last counted; "in monitoring batches" is the consumer's batch time (wdp_monitoring_batch_duration_seconds) per record. Full recompute: POST /v1/admin/recompute, every indicator × assessed area.`,
    ],
  };
}
