import type { RecordFact } from '@wdp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { chunk } from '@wdp/messaging';

export type RecordStatus = 'active' | 'withdrawn';

export interface RecordRow {
  id: string;
  seq: string;
  kind: string;
  naturalKey: string;
  revision: number;
  status: RecordStatus;
  contentHash: string;
  fact: RecordFact;
  payload: Record<string, unknown>;
  withdrawnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
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

export interface RecordFilter {
  kind: string;
  afterSeq?: string;
  limit: number;
  periodStartFrom?: string;
  periodStartTo?: string;
  areas?: string[];
  status?: RecordStatus;
  naturalKey?: string;
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
export class RecordRepository {
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

  async lock(manager: EntityManager, kind: string, id: string): Promise<RecordRow | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM records WHERE kind = $1 AND id = $2 FOR UPDATE`, [kind, id]);
    return row;
  }

  async find(db: DataSource | EntityManager, kind: string, id: string): Promise<RecordRow | undefined> {
    const [row] = await db.query(`SELECT ${COLUMNS} FROM records WHERE kind = $1 AND id = $2`, [kind, id]);
    return row;
  }

  async update(
    manager: EntityManager,
    id: string,
    change: {
      revision: number; status: RecordStatus; contentHash: string; area: string; period: string; periodStart: string;
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

  async withdraw(manager: EntityManager, id: string, revision: number, reason: string, apiKeyId: string): Promise<RecordRow> {
    const [rows] = await manager.query(
      `UPDATE records SET revision = $2, status = 'withdrawn', withdrawn_reason = $3, api_key_id = $4, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, revision, reason, apiKeyId],
    );
    return rows[0];
  }

  async list(db: DataSource, f: RecordFilter): Promise<RecordRow[]> {
    const where = ['kind = $1'];
    const params: unknown[] = [f.kind];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.afterSeq) add('seq > ?::bigint', f.afterSeq);
    if (f.periodStartFrom) add('period_start >= ?::date', f.periodStartFrom);
    if (f.periodStartTo) add('period_start <= ?::date', f.periodStartTo);
    if (f.areas) add('area = ANY(?::text[])', f.areas);
    if (f.status) add('status = ?', f.status);
    if (f.naturalKey) add('natural_key = ?', f.naturalKey);
    params.push(f.limit);
    return db.query(`SELECT ${COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params);
  }
}

export async function audit(
  db: DataSource | EntityManager, apiKeyId: string | null, action: string, resource: string, resourceId: string | null, detail: object,
): Promise<void> {
  await db.query(`INSERT INTO audit_log (api_key_id, action, resource, resource_id, detail) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    apiKeyId, action, resource, resourceId, JSON.stringify(detail),
  ]);
}
