import type { ReturnFacts } from '@wdp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { StoredItemRepository, type StoredRow } from '../stored/stored-item.repository';

export interface ReturnRow extends StoredRow {
  area: string;
  period: string;
  facts: ReturnFacts;
}

export interface NewReturnRow {
  id: string;
  kind: string;
  area: string;
  period: string;
  periodStart: string;
  contentHash: string;
  facts: ReturnFacts;
  payload: object;
  apiKeyId: string;
}

const COLUMNS = `id, seq::text AS seq, kind, area, period, revision, status, content_hash AS "contentHash", facts, payload,
                 withdrawn_reason AS "withdrawnReason", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** SQL for statistical_returns; no decisions here. */
export class ReturnRepository extends StoredItemRepository<ReturnRow> {
  constructor() {
    super('statistical_returns', COLUMNS);
  }

  async findByNaturalKey(db: DataSource | EntityManager, kind: string, area: string, period: string, lock = false): Promise<ReturnRow | undefined> {
    const [row] = await db.query(
      `SELECT ${COLUMNS} FROM statistical_returns WHERE kind = $1 AND area = $2 AND period = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [kind, area, period],
    );
    return row;
  }

  /**
   * The stored returns among `keys`, locked when asked. Locked in key order, so two batches naming the same returns
   * in another order wait for each other instead of deadlocking.
   */
  async findByNaturalKeys(db: DataSource | EntityManager, keys: readonly { kind: string; area: string; period: string }[], lock = false): Promise<ReturnRow[]> {
    if (keys.length === 0) return [];
    return db.query(
      `SELECT ${COLUMNS} FROM statistical_returns
        WHERE (kind, area, period) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))
        ORDER BY kind, area, period ${lock ? 'FOR UPDATE' : ''}`,
      [keys.map((k) => k.kind), keys.map((k) => k.area), keys.map((k) => k.period)],
    );
  }

  /** Inserts the returns in one statement, skipping a natural key that exists; returns the rows inserted. */
  async insertMany(manager: EntityManager, rows: readonly NewReturnRow[]): Promise<ReturnRow[]> {
    if (rows.length === 0) return [];
    return manager.query(
      `INSERT INTO statistical_returns (id, kind, area, period, period_start, revision, status, content_hash, facts, payload, api_key_id)
       SELECT id, kind, area, period, period_start, 1, 'active', content_hash, facts, payload, api_key_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::jsonb[], $8::jsonb[], $9::uuid[])
           AS t(id, kind, area, period, period_start, content_hash, facts, payload, api_key_id)
       ON CONFLICT (kind, area, period) DO NOTHING RETURNING ${COLUMNS}`,
      [
        rows.map((r) => r.id), rows.map((r) => r.kind), rows.map((r) => r.area), rows.map((r) => r.period), rows.map((r) => r.periodStart),
        rows.map((r) => r.contentHash), rows.map((r) => JSON.stringify(r.facts)), rows.map((r) => JSON.stringify(r.payload)), rows.map((r) => r.apiKeyId),
      ],
    );
  }

  /** Inserts unless the natural key exists; returns undefined when a concurrent request won. */
  async insert(
    manager: EntityManager,
    r: { id: string; kind: string; area: string; period: string; periodStart: string; contentHash: string; facts: ReturnFacts; payload: object; apiKeyId: string },
  ): Promise<ReturnRow | undefined> {
    const [row] = await manager.query(
      `INSERT INTO statistical_returns (id, kind, area, period, period_start, revision, status, content_hash, facts, payload, api_key_id)
       VALUES ($1, $2, $3, $4, $5::date, 1, 'active', $6, $7::jsonb, $8::jsonb, $9)
       ON CONFLICT (kind, area, period) DO NOTHING RETURNING ${COLUMNS}`,
      [r.id, r.kind, r.area, r.period, r.periodStart, r.contentHash, JSON.stringify(r.facts), JSON.stringify(r.payload), r.apiKeyId],
    );
    return row;
  }

  async revise(manager: EntityManager, id: string, revision: number, contentHash: string, facts: ReturnFacts, payload: object, apiKeyId: string): Promise<ReturnRow> {
    const [rows] = await manager.query(
      `UPDATE statistical_returns SET revision = $2, status = 'active', content_hash = $3, facts = $4::jsonb, payload = $5::jsonb,
              withdrawn_reason = NULL, api_key_id = $6, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, revision, contentHash, JSON.stringify(facts), JSON.stringify(payload), apiKeyId],
    );
    return rows[0];
  }
}
