import type { ReturnFacts } from '@wdp/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { StoredItemRepository, type StoredRow } from '../stored/stored-item.repository';

export interface ReturnRow extends StoredRow {
  area: string;
  period: string;
  facts: ReturnFacts;
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
