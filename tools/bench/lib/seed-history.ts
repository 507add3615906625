import fs from 'node:fs';
import path from 'node:path';
import { AGE_BANDS } from '@wdp/contracts';
import { ROOT } from '@wdp/testing/system';
import type { Client } from 'pg';

/**
 * Seeds monitoring's `record_fact` (on `c`) with history up to `upTo` rows, of which `already` are there: cells
 * (months, quarters, years) of 2010–2019 (the APIs reject older periods) over every input key the table
 * already has, every area, period, sex and age band, by a fixed permutation. Before the plan window, so
 * they change no assessment but sit in the same table, primary key and yearly index the write path upserts
 * into and reads from. Returns the seconds it took. Shared by the cost-growth bench and the full-recompute
 * micro-benchmark.
 */
export async function seedHistory(c: Client, upTo: number, already: number): Promise<number> {
  if (upTo <= already) return 0;
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
  // Leave the history as a database that gathered it over years holds it, not as a bulk load just left it (this
  // server runs without autovacuum): the first probe after seeding 10^7 facts took 232 µs a record in batches
  // and the next two 148 and 102; after VACUUM and CHECKPOINT the three took 120, 116 and 114
  // (tools/bench/analysis.md, "Cost growth").
  await c.query('VACUUM (ANALYZE) record_fact');
  await c.query('CHECKPOINT');
  return (Date.now() - started) / 1000;
}
