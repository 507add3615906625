import { approvalCellKey, type ApprovalFingerprint, type ApprovalState, type DatasetType } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';
import type { CellApproval, CellReceipt } from './approval-cells';

export interface ApprovalCellView {
  department: string;
  datasetType: DatasetType;
  kind: string;
  period: string;
  area: string;
  state: ApprovalState;
  version: number;
  fingerprint: ApprovalFingerprint | null;
  comment: string | null;
  received: ApprovalFingerprint;
  /** Approved, but an open validation error blocks it (approval-blocks.ts). */
  pendingValidation: boolean;
  counted: boolean;
  changedAt: string;
}

export interface ApprovalCellFilter {
  department?: string;
  kind?: string;
  period?: string;
  state?: ApprovalState;
}

const KEY = ['department', 'dataset_type', 'kind', 'period', 'area'] as const;

/** SQL for approval_cell, cell_receipt and held_cell; no decisions here (isCounted is in held_cell's definition). */
export class ApprovalCellRepository {
  /** Adds a batch's receipt deltas, pre-aggregated per cell (one statement cannot update a row twice). */
  async addReceipts(manager: EntityManager, deltas: readonly CellReceipt[]): Promise<void> {
    if (deltas.length === 0) return;
    const sorted = [...deltas].sort((a, b) => cellOrder(a, b));
    await manager.query(
      `INSERT INTO cell_receipt (${KEY.join(', ')}, items, revision_sum)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[])
       ON CONFLICT (${KEY.join(', ')}) DO UPDATE
         SET items = cell_receipt.items + EXCLUDED.items, revision_sum = cell_receipt.revision_sum + EXCLUDED.revision_sum`,
      [...columns(sorted), sorted.map((d) => d.items), sorted.map((d) => d.revisionSum)],
    );
  }

  /** Stores each cell's state unless a newer version is already stored; returns the cells whose state changed. */
  async applyApprovals(manager: EntityManager, approvals: readonly CellApproval[]): Promise<CellApproval[]> {
    if (approvals.length === 0) return [];
    const sorted = [...approvals].sort((a, b) => cellOrder(a, b));
    const rows: { department: string; datasetType: DatasetType; kind: string; period: string; area: string }[] = await manager.query(
      `INSERT INTO approval_cell (${KEY.join(', ')}, state, version, fingerprint, comment)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[], $9::text[])
       ON CONFLICT (${KEY.join(', ')}) DO UPDATE
         SET state = EXCLUDED.state, version = EXCLUDED.version, fingerprint = EXCLUDED.fingerprint, comment = EXCLUDED.comment, changed_at = now(),
             blocked = false
       WHERE approval_cell.version < EXCLUDED.version
       RETURNING department, dataset_type AS "datasetType", kind, period, area`,
      [
        ...columns(sorted), sorted.map((a) => a.state), sorted.map((a) => a.version),
        sorted.map((a) => (a.fingerprint ? JSON.stringify(a.fingerprint) : null)), sorted.map((a) => a.comment),
      ],
    );
    const changed = new Set(rows.map(approvalCellKey));
    return sorted.filter((a) => changed.has(approvalCellKey(a)));
  }

  /** Every approved cell, with whether it is blocked now. */
  async approved(manager: EntityManager): Promise<(CellApproval & { blocked: boolean })[]> {
    return manager.query(
      `SELECT department, dataset_type AS "datasetType", kind, period, area, state, version, fingerprint, comment, blocked
         FROM approval_cell WHERE state = 'approved' ORDER BY ${KEY.join(', ')}`,
    );
  }

  /** Those of these datasets (`department/kind`) that have an approved cell held pending validation. */
  async blockedDatasets(manager: EntityManager, datasets: readonly string[]): Promise<string[]> {
    if (datasets.length === 0) return [];
    const rows: { dataset: string }[] = await manager.query(
      `SELECT DISTINCT department || '/' || kind AS dataset FROM approval_cell WHERE blocked AND department || '/' || kind = ANY($1::text[])`,
      [datasets],
    );
    return rows.map((r) => r.dataset);
  }

  /** Sets whether each cell is blocked. */
  async setBlocked(manager: EntityManager, cells: readonly CellApproval[], blocked: boolean): Promise<void> {
    if (cells.length === 0) return;
    await manager.query(
      `UPDATE approval_cell a SET blocked = $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS c (${KEY.join(', ')})
        WHERE (a.department, a.dataset_type, a.kind, a.period, a.area) = (c.department, c.dataset_type, c.kind, c.period, c.area)`,
      [...columns(cells), blocked],
    );
  }

  /** Cells with an approval state, newest periods first, with what was received and whether they count. */
  async list(manager: EntityManager, f: ApprovalCellFilter, limit: number, offset: number): Promise<{ items: ApprovalCellView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [['department', f.department], ['kind', f.kind], ['period', f.period], ['state', f.state]] as const) {
      if (value !== undefined) where.push(`a.${column} = $${params.push(value)}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM approval_cell a ${filter}`, params);
    const items = await manager.query(
      `SELECT a.department, a.dataset_type AS "datasetType", a.kind, a.period, a.area, a.state, a.version, a.fingerprint, a.comment,
              json_build_object('items', coalesce(r.items, 0), 'revisionSum', coalesce(r.revision_sum, 0)) AS received,
              a.blocked AS "pendingValidation",
              NOT EXISTS (SELECT 1 FROM held_cell h WHERE (h.department, h.dataset_type, h.kind, h.period, h.area) = (a.department, a.dataset_type, a.kind, a.period, a.area)) AS counted,
              a.changed_at AS "changedAt"
         FROM approval_cell a LEFT JOIN cell_receipt r USING (department, dataset_type, kind, period, area)
         ${filter}
        ORDER BY a.period DESC, a.department, a.dataset_type, a.kind, a.area
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: items.map((r: ApprovalCellView & { changedAt: Date }) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() })), total };
  }
}

const cellOrder = (a: CellReceipt | CellApproval, b: CellReceipt | CellApproval) =>
  a.department.localeCompare(b.department) || a.datasetType.localeCompare(b.datasetType) || a.kind.localeCompare(b.kind) || a.period.localeCompare(b.period) || a.area.localeCompare(b.area);

const columns = (cells: readonly (CellReceipt | CellApproval)[]) => [
  cells.map((c) => c.department), cells.map((c) => c.datasetType), cells.map((c) => c.kind), cells.map((c) => c.period), cells.map((c) => c.area),
];
