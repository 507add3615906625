import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RecordFact } from '@wdp/contracts';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { chunk } from '@wdp/messaging';
import { StoredItemRepository, type StoredRow, type StoredStatus } from '../stored/stored-item.repository';

export interface RecordRow extends StoredRow {
  naturalKey: string;
  fact: RecordFact;
}

export interface NewRecordRow {
  id: string;
  kind: string;
  naturalKey: string;
  contentHash: string;
  area: string;
  period: string;
  periodStart: string;
  fact: RecordFact;
  payload: Record<string, unknown>;
  subjectRef: string | null;
  apiKeyId: string;
}

const COLUMNS = `id, seq::text AS seq, kind, natural_key AS "naturalKey", revision, status, content_hash AS "contentHash", fact, payload,
                 withdrawn_reason AS "withdrawnReason", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Column and array element type of the insert, in order. */
const INSERT_COLUMNS: [string, string][] = [
  ['id', 'uuid'], ['kind', 'text'], ['natural_key', 'text'], ['revision', 'int'], ['status', 'text'], ['content_hash', 'text'], ['area', 'text'],
  ['period', 'text'], ['period_start', 'date'], ['fact', 'json'], ['payload', 'json'], ['subject_ref', 'text'], ['api_key_id', 'uuid'],
];

/**
 * One statement of thirteen array parameters for any number of rows: PostgreSQL parses and plans a short
 * statement instead of one with thirteen bind parameters a row (measured 37 → 32 µs a row on its own).
 */
const INSERT_SQL = `INSERT INTO records (${INSERT_COLUMNS.map(([c]) => c).join(', ')})
  SELECT * FROM unnest(${INSERT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})
  ON CONFLICT (kind, natural_key) DO NOTHING RETURNING natural_key`;

/**
 * From this many rows, COPY into a temporary table and one INSERT … SELECT … ON CONFLICT from it (COPY itself has
 * no ON CONFLICT). tools/bench/micro/records-insert.bench.ts, total CPU a record (PostgreSQL backend + service),
 * inside the request's transaction: 5,000 rows into 300,000 — unnest 33.8 + 14.9, COPY 33.9 + 6.4 (a COPY line is
 * cheaper to build than the driver's thirteen array literals, each JSON document escaped again); 1,000 rows —
 * unnest 45.5 + 12.9, COPY 42.8 + 9.9; 100 rows — unnest 75 + 39, COPY 117 + 62 (making and dropping the table dominates).
 */
const COPY_FROM_ROWS = 1_000;

/** The COPY text format: tab-separated, `\N` for null, backslash, tab, newline and return escaped. */
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const COPY_SPECIAL = /[\\\t\n\r]/;
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPE[c]) : v;
}

function copyLine(r: NewRecordRow): string {
  return [r.id, r.kind, r.naturalKey, '1', 'active', r.contentHash, r.area, r.period, r.periodStart,
    JSON.stringify(r.fact), JSON.stringify(r.payload), r.subjectRef, r.apiKeyId].map(copyField).join('\t') + '\n';
}

/** The insert's columns only: no seq default, so the staging rows draw no sequence values. */
const STAGE_SQL = `CREATE TEMP TABLE records_in (${INSERT_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')}) ON COMMIT DROP`;
const COPY_SQL = `COPY records_in (${INSERT_COLUMNS.map(([c]) => c).join(', ')}) FROM STDIN`;
const FROM_STAGE_SQL = `INSERT INTO records (${INSERT_COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${INSERT_COLUMNS.map(([c]) => c).join(', ')} FROM records_in
  ON CONFLICT (kind, natural_key) DO NOTHING RETURNING natural_key`;

/** The transaction's own connection: COPY is a protocol of its own, which the query API does not speak. */
function connectionOf(manager: EntityManager): PoolClient {
  const connection = (manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!connection) throw new Error('insertMany needs the transaction\'s entity manager');
  return connection;
}

/** SQL for the records table; no decisions here. */
export class RecordRepository extends StoredItemRepository<RecordRow> {
  constructor() {
    super('records', COLUMNS);
  }

  async findByNaturalKeys(db: DataSource | EntityManager, kind: string, keys: string[]): Promise<RecordRow[]> {
    const out: RecordRow[] = [];
    for (const part of chunk(keys, 5_000)) {
      out.push(...(await db.query(`SELECT ${COLUMNS} FROM records WHERE kind = $1 AND natural_key = ANY($2::text[])`, [kind, part])));
    }
    return out;
  }

  /** Inserts rows; returns the natural keys actually inserted (a concurrent insert of the same key is skipped). */
  async insertMany(manager: EntityManager, rows: NewRecordRow[]): Promise<Set<string>> {
    return rows.length >= COPY_FROM_ROWS ? this.copyMany(manager, rows) : this.unnestMany(manager, rows);
  }

  /** insertMany's way for large batches (public for the benchmark that chose it). */
  async copyMany(manager: EntityManager, rows: NewRecordRow[]): Promise<Set<string>> {
    await manager.query(STAGE_SQL);
    // One chunk a bounded slice of rows, not a CopyData message a row.
    const chunks = chunk(rows, 1_000).map((part) => part.map(copyLine).join(''));
    await pipeline(Readable.from(chunks), connectionOf(manager).query(copyFrom(COPY_SQL)));
    const result: { natural_key: string }[] = await manager.query(FROM_STAGE_SQL);
    // Dropped now, not only at commit, so a second call in the same transaction can stage again.
    await manager.query(`DROP TABLE records_in`);
    return new Set(result.map((r) => r.natural_key));
  }

  /** insertMany's way for small batches (public for the benchmark that chose it). */
  async unnestMany(manager: EntityManager, rows: NewRecordRow[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    // Chunked only to bound one statement's memory; a 20,000-item batch is four statements.
    for (const part of chunk(rows, 5_000)) {
      const result: { natural_key: string }[] = await manager.query(INSERT_SQL, [
        part.map((r) => r.id), part.map((r) => r.kind), part.map((r) => r.naturalKey), part.map(() => 1), part.map(() => 'active'),
        part.map((r) => r.contentHash), part.map((r) => r.area), part.map((r) => r.period), part.map((r) => r.periodStart),
        part.map((r) => JSON.stringify(r.fact)), part.map((r) => JSON.stringify(r.payload)), part.map((r) => r.subjectRef), part.map((r) => r.apiKeyId),
      ]);
      for (const r of result) inserted.add(r.natural_key);
    }
    return inserted;
  }

  async update(
    manager: EntityManager,
    id: string,
    change: {
      revision: number; status: StoredStatus; contentHash: string; area: string; period: string; periodStart: string;
      fact: RecordFact; payload: Record<string, unknown>; subjectRef: string | null; withdrawnReason: string | null; apiKeyId: string;
    },
  ): Promise<RecordRow> {
    const [rows] = await manager.query(
      `UPDATE records SET revision = $2, status = $3, content_hash = $4, area = $5, period = $6, period_start = $7::date,
              fact = $8::json, payload = $9::json, subject_ref = $10, withdrawn_reason = $11, api_key_id = $12, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, change.revision, change.status, change.contentHash, change.area, change.period, change.periodStart,
        JSON.stringify(change.fact), JSON.stringify(change.payload), change.subjectRef, change.withdrawnReason, change.apiKeyId],
    );
    return rows[0];
  }
}
