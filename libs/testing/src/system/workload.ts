import { department as departmentOf, type DepartmentCode } from '@wdp/contracts';
import { INDICATORS, isInputRef, operandsOf } from '@wdp/indicators';
import type { Client } from 'pg';
import { splitKindKey, type DemoRecord, generateDemoData } from '@wdp/demo-data';

// Realistic payloads for load: the demo-data generator's records, restricted to the kinds the monitoring
// service counts under an unfiltered input (`department/kind`), so every accepted record shows up in one
// sum of `record_fact` and the counts can be reconciled exactly. The pool is cycled with a suffix on the
// reference (the natural key) so any number of distinct records can be sent.

export const DISTRICT = '520103';

export interface KindPool {
  department: DepartmentCode;
  service: string;
  kind: string;
  records: DemoRecord[];
}

/** `department/kind` of every record kind some indicator reads without an attribute filter. */
export function countedKinds(): Set<string> {
  const out = new Set<string>();
  for (const ind of INDICATORS) {
    for (const op of [ind.definition, ind.reference].filter((f) => f !== undefined).flatMap((f) => operandsOf(f))) {
      if (isInputRef(op) && !op.where) out.add(`${op.department}/${op.recordKind}`);
    }
  }
  return out;
}

export function recordPools(seed = 1, scale = 1): KindPool[] {
  const counted = countedKinds();
  const { data } = generateDemoData({ seed, scale, from: 2020, to: 2025, now: new Date() });
  const pools: KindPool[] = [];
  for (const [key, records] of data.records) {
    if (!counted.has(key) || records.length === 0) continue;
    const { department, kind } = splitKindKey(key);
    pools.push({ department, service: departmentOf(department)!.service, kind, records });
  }
  return pools;
}

/** How many records a batch of this pool's records counts for (aggregate kinds carry a count). */
export const weightOf = (r: DemoRecord) => r.count ?? 1;

export interface Batch {
  service: string;
  department: DepartmentCode;
  kind: string;
  items: DemoRecord[];
  weight: number;
}

/**
 * Batches totalling `total` records, interleaved across services, each at most `batchSize` items; references
 * are made unique per `runTag` and cycle.
 */
export function* batches(pools: KindPool[], total: number, batchSize: number, runTag: string): Generator<Batch> {
  const cursor = new Map<KindPool, number>();
  let sent = 0;
  let round = 0;
  while (sent < total) {
    const pool = pools[round++ % pools.length];
    const start = cursor.get(pool) ?? 0;
    const n = Math.min(batchSize, total - sent);
    const items: DemoRecord[] = [];
    let weight = 0;
    for (let i = 0; i < n; i++) {
      const idx = start + i;
      const base = pool.records[idx % pool.records.length];
      const cycle = Math.floor(idx / pool.records.length);
      const r = { ...base, reference: `${base.reference}-${runTag}c${cycle}` };
      items.push(r);
      weight += weightOf(r);
    }
    cursor.set(pool, start + n);
    sent += n;
    yield { service: pool.service, department: pool.department, kind: pool.kind, items, weight };
  }
}

/** Records counted by the monitoring database per `department/kind`: the district's monthly cells of the unfiltered input. */
export async function countedByKind(monitoring: Client): Promise<Map<string, number>> {
  const { rows } = await monitoring.query<{ input_key: string; n: string }>(
    `SELECT input_key, sum(count)::bigint AS n FROM record_fact WHERE area_code = $1 AND granularity = 'M' AND position('?' in input_key) = 0 GROUP BY input_key`,
    [DISTRICT],
  );
  return new Map(rows.map((r) => [r.input_key, Number(r.n)]));
}

/**
 * Records counted of these `department/kind`s, as countedByKind counts them. Polled several times a second
 * while a load drains, so it reads only those inputs' district cells (a primary-key range): a scan of every
 * row of `record_fact` would compete with the consumer it measures, the more so the more history is stored.
 */
export async function countedTotal(monitoring: Client, keys: Iterable<string>): Promise<number> {
  const { rows } = await monitoring.query<{ n: string | null }>(
    `SELECT sum(count)::bigint AS n FROM record_fact WHERE input_key = ANY($2) AND area_code = $1 AND granularity = 'M'`,
    [DISTRICT, [...keys]],
  );
  return Number(rows[0]?.n ?? 0);
}
