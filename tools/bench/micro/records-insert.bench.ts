import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '@wdp/contracts';
import { ingestionMigrations } from '@wdp/ingestion';
// Not exported by the library (a repository is its internal); the bench measures it as the services run it.
import { RecordRepository, type NewRecordRow } from '../../../libs/ingestion/src/records/record.repository';
import { messagingMigrations } from '@wdp/messaging';
import { createTestDatabase, testDataSource } from '@wdp/testing';
import { ADMIN_DATABASE_URL, recordPools } from '@wdp/testing/system';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';

// The departmental `records` insert of one accepted request (5,000 records, inside its transaction, ON CONFLICT
// (kind, natural_key) DO NOTHING RETURNING natural_key) written four ways into a table already holding
// RECORDS_PREFILL health records:
//   unnest       RecordRepository.unnestMany, insertMany's way below 1,000 rows: one statement of 13 array parameters;
//   copy+temp    RecordRepository.copyMany, its way from 1,000: COPY into a temporary table made for the transaction,
//                then INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING (COPY itself has no ON CONFLICT);
//   copy+temp*   the same with the temporary table made once per connection (ON COMMIT DELETE ROWS);
//   copy direct  COPY straight into `records`, no conflict rule: the floor, not an option;
// and unnest with random v4 ids, for what time-ordered v7 ids save, and (last, after dropping them) unnest
// without the list's two secondary indexes, for what those cost a write.
// Cost per record: wall time, the PostgreSQL backend's CPU (its /proc stat: the server shares the two cores
// with the services) and WAL written. Methods are interleaved round by round so drift hits all alike.
// Run: SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/bench/micro/records-insert.bench.ts
// RECORDS_PREFILL (default 1,000,000), RECORDS_ROUNDS (default 12), RECORDS_BATCH (default 5,000).

const PREFILL = Number(process.env.RECORDS_PREFILL ?? 1_000_000);
const ROUNDS = Number(process.env.RECORDS_ROUNDS ?? 12);
const BATCH = Number(process.env.RECORDS_BATCH ?? 5_000);
const API_KEY = '0192f0c4-0000-7000-8000-000000000001';
const TICK_US = 1e6 / 100; // USER_HZ, as /proc reports CPU

const COLUMNS = ['id', 'kind', 'natural_key', 'revision', 'status', 'content_hash', 'area', 'period', 'period_start', 'fact', 'payload', 'subject_ref', 'api_key_id'];

type Method = 'unnest' | 'copy+temp' | 'copy+temp*' | 'copy direct' | 'unnest, v4 ids' | 'unnest, no list indexes';
const METHODS: Method[] = ['unnest', 'copy+temp', 'copy+temp*', 'copy direct', 'unnest, v4 ids'];

function* newRows(count: number, tag: string, id: () => string): Generator<NewRecordRow> {
  const pools = recordPools().filter((p) => p.service === 'health-service');
  for (let i = 0; i < count; i++) {
    const p = pools[i % pools.length];
    const r = p.records[Math.floor(i / pools.length) % p.records.length];
    const fact = { kind: p.kind, area: r.area, period: r.period, ...(r.sex ? { sex: r.sex } : {}), ...(r.ageBand ? { ageBand: r.ageBand } : {}), count: r.count ?? 1, attributes: r.attributes };
    const payload = { ...r, reference: `${r.reference}-${tag}-${i}` } as Record<string, unknown>;
    yield {
      id: id(), kind: p.kind, naturalKey: payload.reference as string, contentHash: createHash('sha256').update(JSON.stringify({ fact, payload })).digest('hex'),
      area: r.area, period: r.period, periodStart: `${r.period}-01`, fact, payload, subjectRef: `psn-${tag}-${i}`, apiKeyId: API_KEY,
    };
  }
}

/** COPY text format: tab-separated, `\N` for null, backslash, tab and newline escaped. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const field = (v: string | number | null) => {
  if (v === null) return '\\N';
  const s = String(v);
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s;
};
const copyLine = (r: NewRecordRow) =>
  [r.id, r.kind, r.naturalKey, 1, 'active', r.contentHash, r.area, r.period, r.periodStart, JSON.stringify(r.fact), JSON.stringify(r.payload), r.subjectRef, r.apiKeyId].map(field).join('\t') + '\n';

const pgClient = (m: EntityManager) => (m.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;

async function copyInto(m: EntityManager, table: string, rows: NewRecordRow[]): Promise<void> {
  // One chunk for the request, not a CopyData message a row.
  await pipeline(Readable.from([rows.map(copyLine).join('')]), pgClient(m).query(copyFrom(`COPY ${table} (${COLUMNS.join(', ')}) FROM STDIN`)));
}

const fromTemp = (table: string) => `INSERT INTO records (${COLUMNS.join(', ')}) SELECT ${COLUMNS.join(', ')} FROM ${table}
                                      ON CONFLICT (kind, natural_key) DO NOTHING RETURNING natural_key`;

async function insert(method: Method, m: EntityManager, rows: NewRecordRow[]): Promise<number> {
  switch (method) {
    case 'unnest':
    case 'unnest, v4 ids':
    case 'unnest, no list indexes':
      return (await new RecordRepository().unnestMany(m, rows)).size;
    case 'copy+temp':
      return (await new RecordRepository().copyMany(m, rows)).size;
    case 'copy+temp*':
      await m.query(`CREATE TEMP TABLE IF NOT EXISTS records_in_session (LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
      await copyInto(m, 'records_in_session', rows);
      return (await m.query(fromTemp('records_in_session'))).length;
    case 'copy direct':
      await copyInto(m, 'records', rows);
      return rows.length;
  }
}

const backendTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
};

interface Round { wallUs: number; serverUs: number; clientUs: number; walBytes: number }

async function round(ds: DataSource, method: Method, rows: NewRecordRow[]): Promise<Round> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);
    // A temporary table made once per connection lives on in the pool, as it would in a service.
    if (method === 'copy+temp*') await qr.query(`CREATE TEMP TABLE IF NOT EXISTS records_in_session (LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
    const [{ lsn: lsn0 }] = await qr.query(`SELECT pg_current_wal_insert_lsn() AS lsn`);
    const ticks0 = backendTicks(pid);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await qr.startTransaction();
    const inserted = await insert(method, qr.manager, rows);
    await qr.commitTransaction();
    const wallUs = Number(process.hrtime.bigint() - t0) / 1e3;
    const cpu = process.cpuUsage(cpu0);
    const serverUs = (backendTicks(pid) - ticks0) * TICK_US;
    const [{ bytes }] = await qr.query(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::bigint AS bytes`, [lsn0]);
    if (inserted !== rows.length) throw new Error(`${method}: inserted ${inserted} of ${rows.length}`);
    return { wallUs, serverUs, clientUs: cpu.user + cpu.system, walBytes: Number(bytes) };
  } finally {
    await qr.release();
  }
}

export interface RecordsInsertFigures { method: Method; usPerRecordWall: number; usPerRecordServerCpu: number; usPerRecordClientCpu: number; walBytesPerRecord: number }

export async function runRecordsInsertBench(): Promise<{ prefill: number; batch: number; rounds: number; figures: RecordsInsertFigures[] }> {
  const db = await createTestDatabase('bench_records_insert', ADMIN_DATABASE_URL);
  const ds = await testDataSource(db.url, [...messagingMigrations, ...ingestionMigrations]);
  try {
    const qr = ds.createQueryRunner();
    await qr.connect();
    const prefill: NewRecordRow[] = [];
    const flush = async () => {
      await qr.startTransaction();
      await copyInto(qr.manager, 'records', prefill.splice(0));
      await qr.commitTransaction();
    };
    for (const r of newRows(PREFILL, 'prefill', newId)) if (prefill.push(r) === 50_000) await flush();
    await flush();
    await qr.query(`VACUUM ANALYZE records`);
    await qr.release();

    const totals = new Map<Method, Round[]>(METHODS.map((m) => [m, []]));
    for (let i = -1; i < ROUNDS; i++) {
      for (const method of METHODS) {
        const rows = [...newRows(BATCH, `${method}-${i}`, method === 'unnest, v4 ids' ? randomUUID : newId)];
        const r = await round(ds, method, rows);
        if (i >= 0) totals.get(method)!.push(r); // round -1 warms up every path
      }
    }
    // Last, what the two list indexes (kind, period_start, seq) and (kind, area, seq) cost each insert.
    await ds.query(`DROP INDEX records_kind_period_idx, records_kind_area_idx`);
    const bare: Method = 'unnest, no list indexes';
    totals.set(bare, []);
    for (let i = -1; i < ROUNDS; i++) {
      const r = await round(ds, bare, [...newRows(BATCH, `${bare}-${i}`, newId)]);
      if (i >= 0) totals.get(bare)!.push(r);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const per = (xs: number[]) => Math.round((median(xs) / BATCH) * 10) / 10;
    const figures = [...METHODS, bare].map((method) => {
      const rs = totals.get(method)!;
      return {
        method,
        usPerRecordWall: per(rs.map((r) => r.wallUs)),
        // Ticks are 10 ms: the sum over rounds, not a median of coarse readings.
        usPerRecordServerCpu: Math.round((rs.reduce((n, r) => n + r.serverUs, 0) / (rs.length * BATCH)) * 10) / 10,
        usPerRecordClientCpu: per(rs.map((r) => r.clientUs)),
        walBytesPerRecord: Math.round(median(rs.map((r) => r.walBytes)) / BATCH),
      };
    });
    return { prefill: PREFILL, batch: BATCH, rounds: ROUNDS, figures };
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

if (require.main === module) {
  runRecordsInsertBench().then(
    (r) => {
      console.log(`records insert, ${r.batch.toLocaleString('en')} a transaction, into ${r.prefill.toLocaleString('en')} rows, median of ${r.rounds} rounds (µs a record)`);
      console.table(r.figures);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
