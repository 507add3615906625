import type { ApprovalFingerprint, ApprovalState, DatasetType } from '@wdp/contracts';
import type { DataSource, EntityManager } from 'typeorm';

/** A cell of this department: the department is the service's own, so it is not stored. */
export interface CellKey {
  datasetType: DatasetType;
  kind: string;
  period: string;
  area: string;
}

export interface CellRow extends CellKey {
  state: ApprovalState;
  version: number;
  fingerprint: ApprovalFingerprint | null;
  comment: string | null;
  updatedAt: Date;
}

const COLUMNS = `dataset_type AS "datasetType", kind, period, area, state, version, fingerprint, comment, updated_at AS "updatedAt"`;

export interface CellFilter {
  datasetType?: DatasetType;
  kind?: string;
  period?: string;
  area?: string;
  state?: ApprovalState;
}

/** SQL for submission_cell and the fingerprints of what a cell holds; no decisions here. */
export class ApprovalRepository {
  /** Locks the cells (those with a row), in key order so concurrent writers cannot deadlock on them. */
  async lock(manager: EntityManager, cells: readonly CellKey[]): Promise<CellRow[]> {
    if (cells.length === 0) return [];
    return manager.query(
      `SELECT ${COLUMNS} FROM submission_cell
        WHERE (dataset_type, kind, period, area) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]))
        ORDER BY dataset_type, kind, period, area FOR UPDATE`,
      [cells.map((c) => c.datasetType), cells.map((c) => c.kind), cells.map((c) => c.period), cells.map((c) => c.area)],
    );
  }

  async list(db: DataSource | EntityManager, f: CellFilter, limit: number): Promise<CellRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [['dataset_type', f.datasetType], ['kind', f.kind], ['period', f.period], ['area', f.area], ['state', f.state]] as const) {
      if (value !== undefined) where.push(`${column} = $${params.push(value)}`);
    }
    return db.query(
      `SELECT ${COLUMNS} FROM submission_cell ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY period DESC, dataset_type, kind, area LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** Writes the cell's new state (creating its row at version 1); returns the row as stored. */
  async save(
    manager: EntityManager, cell: CellKey, change: { state: ApprovalState; fingerprint: ApprovalFingerprint | null; comment: string | null; apiKeyId: string | null },
  ): Promise<CellRow> {
    const [row] = await manager.query(
      `INSERT INTO submission_cell (dataset_type, kind, period, area, state, version, fingerprint, comment, api_key_id)
       VALUES ($1, $2, $3, $4, $5, 1, $6::jsonb, $7, $8)
       ON CONFLICT (dataset_type, kind, period, area) DO UPDATE SET state = EXCLUDED.state, version = submission_cell.version + 1,
         fingerprint = EXCLUDED.fingerprint, comment = EXCLUDED.comment, api_key_id = EXCLUDED.api_key_id, updated_at = now()
       RETURNING ${COLUMNS}`,
      [cell.datasetType, cell.kind, cell.period, cell.area, change.state, change.fingerprint ? JSON.stringify(change.fingerprint) : null, change.comment, change.apiKeyId],
    );
    return row;
  }

  /** The records of a kind counting in a year (`YYYY`) within these areas: how many, and their revisions summed. */
  async recordFingerprint(manager: EntityManager, kind: string, year: string, areas: readonly string[]): Promise<ApprovalFingerprint> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS items, coalesce(sum(revision), 0)::int AS "revisionSum" FROM records
        WHERE kind = $1 AND status = 'active' AND period_start >= $2::date AND period_start < $3::date AND area = ANY($4::text[])`,
      [kind, `${year}-01-01`, `${Number(year) + 1}-01-01`, areas],
    );
    return row;
  }

  /** The return of a kind, area and period, if it counts: one item and its revision. */
  async returnFingerprint(manager: EntityManager, kind: string, period: string, area: string): Promise<ApprovalFingerprint> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS items, coalesce(sum(revision), 0)::int AS "revisionSum" FROM statistical_returns
        WHERE kind = $1 AND period = $2 AND area = $3 AND status = 'active'`,
      [kind, period, area],
    );
    return row;
  }
}
