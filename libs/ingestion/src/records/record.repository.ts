import type { RecordFact } from '@wdp/contracts';
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
