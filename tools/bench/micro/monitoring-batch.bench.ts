import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AreaIndex, loadAreas, type RecordEventData } from '@wdp/contracts';
import { DEFAULT_SEED, generateDemoData, splitKindKey } from '@wdp/demo-data';
import { INDICATORS } from '@wdp/indicators';
import { ingestionMigrations } from '@wdp/ingestion';
import { createTestDatabase, testDataSource } from '@wdp/testing';
import { ADMIN_DATABASE_URL } from '@wdp/testing/system';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { monitoringMigrations } from '../../../apps/monitoring-service/src/database/migrations';
import type { FactDelta } from '../../../apps/monitoring-service/src/facts/fact-delta';
import { earliestChangedYears } from '../../../apps/monitoring-service/src/facts/changed-years';
import { FactRepository } from '../../../apps/monitoring-service/src/facts/fact.repository';
import { recordBatchEffect, type RecordBatchEffect } from '../../../apps/monitoring-service/src/facts/record-deltas';
import { buildCatalogueIndex, type CatalogueIndex } from '../../../apps/monitoring-service/src/indicator-store/catalogue-index';

// The monitoring consumer's batch effect on the demo data set, in batches of 2,000 record events of one
// department (as a partition of its topic delivers them): CPU per record of recordBatchEffect, and of
// writing its deltas to `record_fact` in a scratch database on the local PostgreSQL (created and dropped
// here), first into an empty table and then again over the same cells, as a steady stream updates them.
// Run: SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/bench/micro/monitoring-batch.bench.ts
// (add --cpu-prof to profile). MONITORING_BATCH_SCALE (default 1) sizes the data set, MONITORING_BATCH_ROUNDS
// the repetitions of the effect; MONITORING_BATCH_BEFORE=<module> also times that module's recordBatchEffect
// (an earlier version of the file, to measure a change); MONITORING_BATCH_DB=0 skips the database,
// MONITORING_BATCH_WRITE_BATCHES (default 20) and MONITORING_BATCH_WRITE_ROUNDS (default 3) size the writes.

const SCALE = Number(process.env.MONITORING_BATCH_SCALE ?? 1);
const ROUNDS = Number(process.env.MONITORING_BATCH_ROUNDS ?? 7);
const WRITE_BATCHES = Number(process.env.MONITORING_BATCH_WRITE_BATCHES ?? 20);
const WRITE_ROUNDS = Number(process.env.MONITORING_BATCH_WRITE_ROUNDS ?? 3);
const BATCH = 2_000;
// A fixed clock, so the data set is the same on every run.
const NOW = new Date('2026-03-15T00:00:00Z');
const TICK_US = 1e6 / 100; // USER_HZ, as /proc reports CPU

type Effect = (events: readonly RecordEventData[], index: CatalogueIndex, areas: AreaIndex) => RecordBatchEffect;

/** The data set's records as `recorded` events, freshly parsed as the consumer decodes them, by department. */
function batchesOf(): { batches: RecordEventData[][]; records: number } {
  const { data } = generateDemoData({ seed: DEFAULT_SEED, scale: SCALE, from: 2020, to: NOW.getUTCFullYear() - 1, now: NOW });
  const byDepartment = new Map<string, RecordEventData[]>();
  for (const [key, items] of data.records) {
    const { department, kind } = splitKindKey(key);
    const events = byDepartment.get(department) ?? [];
    items.forEach((r, i) =>
      events.push({
        recordId: `${key}/${i}`, revision: 1, operation: 'recorded', department, previous: null,
        current: { kind, area: r.area, period: r.period, ...(r.sex ? { sex: r.sex } : {}), ...(r.ageBand ? { ageBand: r.ageBand } : {}), count: r.count ?? 1, attributes: r.attributes },
      }),
    );
    byDepartment.set(department, events);
  }
  const batches: RecordEventData[][] = [];
  let records = 0;
  for (const events of byDepartment.values()) {
    for (let i = 0; i < events.length; i += BATCH) batches.push(JSON.parse(JSON.stringify(events.slice(i, i + BATCH))));
    records += events.length;
  }
  return { batches, records };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface EffectFigures { effect: string; usPerRecordCpu: number; usPerRecordWall: number }

/** CPU and wall time per record of each effect over every batch; median of the rounds after a warm-up. */
function timeEffects(effects: [string, Effect][], batches: RecordEventData[][], records: number, index: CatalogueIndex, areas: AreaIndex): EffectFigures[] {
  const cpu = new Map<string, number[]>(effects.map(([name]) => [name, []]));
  const wall = new Map<string, number[]>(effects.map(([name]) => [name, []]));
  for (let r = -1; r < ROUNDS; r++) {
    // Interleaved, so a slower stretch of the machine falls on both.
    for (const [name, effect] of effects) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (const batch of batches) effect(batch, index, areas);
      const used = process.cpuUsage(cpu0);
      if (r < 0) continue;
      wall.get(name)!.push(Number(process.hrtime.bigint() - t0) / 1e3);
      cpu.get(name)!.push(used.user + used.system);
    }
  }
  return effects.map(([name]) => ({ effect: name, usPerRecordCpu: round1(median(cpu.get(name)!) / records), usPerRecordWall: round1(median(wall.get(name)!) / records) }));
}

/** earliestChangedYears as it was: a key built per delta. */
function changedYearsPerDelta(deltas: readonly FactDelta[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of deltas) {
    const key = `${d.inputKey}\u0000${d.areaCode}`;
    const seen = out.get(key);
    if (seen === undefined || d.year < seen) out.set(key, d.year);
  }
  return out;
}

/** CPU per record of earliestChangedYears over every batch's deltas, against its per-delta predecessor. */
function timeChangedYears(deltas: FactDelta[][], records: number): EffectFigures[] {
  const ways: [string, (d: readonly FactDelta[]) => Map<string, number>][] = [['changed years, key per delta (before)', changedYearsPerDelta], ['earliestChangedYears', earliestChangedYears]];
  const cpu = new Map<string, number[]>(ways.map(([name]) => [name, []]));
  const wall = new Map<string, number[]>(ways.map(([name]) => [name, []]));
  for (let r = -1; r < ROUNDS; r++) {
    for (const [name, way] of ways) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (const d of deltas) way(d);
      const used = process.cpuUsage(cpu0);
      if (r < 0) continue;
      wall.get(name)!.push(Number(process.hrtime.bigint() - t0) / 1e3);
      cpu.get(name)!.push(used.user + used.system);
    }
  }
  return ways.map(([name]) => ({ effect: name, usPerRecordCpu: Math.round((median(cpu.get(name)!) / records) * 100) / 100, usPerRecordWall: Math.round((median(wall.get(name)!) / records) * 100) / 100 }));
}

// --- Writing the deltas: the repository's statement and the alternatives it was measured against.
type Write = (manager: EntityManager, deltas: readonly FactDelta[]) => Promise<void>;

const UPSERT = `ON CONFLICT (input_key, area_code, period, sex, age_band) DO UPDATE SET count = record_fact.count + EXCLUDED.count`;

/** One INSERT … VALUES statement of up to 1,000 rows (8,000 parameters) at a time. */
const multiRowValues: Write = async (manager, deltas) => {
  for (let i = 0; i < deltas.length; i += 1_000) {
    const chunk = deltas.slice(i, i + 1_000);
    const params: unknown[] = [];
    const rows = chunk.map((d) => {
      const n = params.push(d.inputKey, d.areaCode, d.period, d.granularity, d.year, d.sex, d.ageBand, d.count);
      return `($${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await manager.query(`INSERT INTO record_fact (input_key, area_code, period, granularity, year, sex, age_band, count) VALUES ${rows.join(', ')} ${UPSERT}`, params);
  }
};

/** The repository's statement before granularity and year were derived in SQL: eight arrays. */
const unnestEightArrays: Write = async (manager, deltas) => {
  await manager.query(
    `INSERT INTO record_fact (input_key, area_code, period, granularity, year, sex, age_band, count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::char(1)[], $5::smallint[], $6::char(1)[], $7::text[], $8::bigint[])
     ${UPSERT}`,
    [
      deltas.map((d) => d.inputKey), deltas.map((d) => d.areaCode), deltas.map((d) => d.period), deltas.map((d) => d.granularity),
      deltas.map((d) => d.year), deltas.map((d) => d.sex), deltas.map((d) => d.ageBand), deltas.map((d) => d.count),
    ],
  );
};

export interface WriteFigures { write: string; pass: string; usPerRecordWall: number; usPerRecordServerCpu: number; usPerRecordClientCpu: number; cellsPerRecord: number }

const backendTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};

interface WriteRound { wallUs: number; serverUs: number; clientUs: number }

/** Every batch's deltas by one write, one transaction a batch, on the connection of backend `pid`. */
async function writeAll(qr: QueryRunner, pid: number, write: Write, deltas: FactDelta[][]): Promise<WriteRound> {
  const ticks0 = backendTicks(pid);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const batch of deltas) {
    await qr.startTransaction();
    await write(qr.manager, batch);
    await qr.commitTransaction();
  }
  const wallUs = Number(process.hrtime.bigint() - t0) / 1e3;
  const cpu = process.cpuUsage(cpu0);
  return { wallUs, serverUs: (backendTicks(pid) - ticks0) * TICK_US, clientUs: cpu.user + cpu.system };
}

const PASSES = ['into an empty table', 'over the same cells'] as const;

/**
 * Each write over every batch's deltas into an emptied table, then again over the same cells; WRITE_ROUNDS
 * rounds with the writes interleaved, medians (server CPU: the sum over rounds, /proc counts 10 ms ticks).
 */
async function timeWrites(ds: DataSource, writes: [string, Write][], deltas: FactDelta[][], records: number): Promise<WriteFigures[]> {
  const cells = deltas.reduce((n, d) => n + d.length, 0);
  const expected = 2 * deltas.flat().reduce((n, d) => n + d.count, 0);
  const rounds = new Map<string, WriteRound[]>();
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);
    for (let r = -1; r < WRITE_ROUNDS; r++) {
      for (const [name, write] of writes) {
        await qr.query(`TRUNCATE record_fact`);
        for (const pass of PASSES) {
          const round = await writeAll(qr, pid, write, deltas);
          if (r >= 0) rounds.set(`${name}|${pass}`, [...(rounds.get(`${name}|${pass}`) ?? []), round]); // round -1 warms up every path
        }
        const [{ total }] = await qr.query(`SELECT sum(count)::float8 AS total FROM record_fact`);
        if (total !== expected) throw new Error(`${name}: record_fact sums to ${total}, expected ${expected}`);
      }
    }
  } finally {
    await qr.release();
  }
  return writes.flatMap(([name]) =>
    PASSES.map((pass) => {
      const rs = rounds.get(`${name}|${pass}`)!;
      return {
        write: name, pass,
        usPerRecordWall: round1(median(rs.map((x) => x.wallUs)) / records),
        usPerRecordServerCpu: round1(rs.reduce((n, x) => n + x.serverUs, 0) / rs.length / records),
        usPerRecordClientCpu: round1(median(rs.map((x) => x.clientUs)) / records),
        cellsPerRecord: round1(cells / records),
      };
    }),
  );
}

export async function runMonitoringBatchBench(): Promise<{ records: number; batches: number; effects: EffectFigures[]; writeRecords: number; writes: WriteFigures[] }> {
  const { batches, records } = batchesOf();
  const index = buildCatalogueIndex(INDICATORS);
  const areas = loadAreas();
  const effects: [string, Effect][] = [['recordBatchEffect', recordBatchEffect]];
  const before = process.env.MONITORING_BATCH_BEFORE;
  if (before) effects.unshift([`before (${path.basename(before)})`, require(path.resolve(before)).recordBatchEffect as Effect]);
  const effectFigures = timeEffects(effects, batches, records, index, areas);
  const deltas = batches.map((b) => recordBatchEffect(b, index, areas).deltas);
  effectFigures.push(...timeChangedYears(deltas, records));
  if (process.env.MONITORING_BATCH_DB === '0') return { records, batches: batches.length, effects: effectFigures, writeRecords: 0, writes: [] };
  const repository = new FactRepository();
  const db = await createTestDatabase('bench_monitoring_batch', ADMIN_DATABASE_URL);
  const ds = await testDataSource(db.url, [...monitoringMigrations, ...ingestionMigrations]);
  try {
    const writes: [string, Write][] = [
      ['unnest, 8 arrays (before)', unnestEightArrays],
      ['addDeltas (unnest, 6 arrays)', (m, d) => repository.addDeltas(m, d)],
      ['multi-row VALUES, 1,000 rows a statement', multiRowValues],
    ];
    const sample = deltas.slice(0, WRITE_BATCHES);
    const sampleRecords = batches.slice(0, WRITE_BATCHES).reduce((n, b) => n + b.length, 0);
    return { records, batches: batches.length, effects: effectFigures, writeRecords: sampleRecords, writes: await timeWrites(ds, writes, sample, sampleRecords) };
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

if (require.main === module) {
  runMonitoringBatchBench().then(
    (r) => {
      console.log(`monitoring batch effect: ${r.records.toLocaleString('en')} demo records in ${r.batches} batches of up to ${BATCH.toLocaleString('en')}, median of ${ROUNDS} rounds (µs a record)`);
      console.table(r.effects);
      if (r.writes.length > 0) {
        console.log(`record_fact upsert of the first ${WRITE_BATCHES} batches' deltas (${r.writeRecords.toLocaleString('en')} records), one transaction a batch, median of ${WRITE_ROUNDS} rounds (µs a record)`);
        console.table(r.writes);
      }
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
