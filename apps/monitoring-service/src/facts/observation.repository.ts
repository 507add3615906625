import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { SexOrTotal } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';
import { observationApproved, type FigureView } from './figure-view';
import { observationRows, type ReturnChange } from './return-changes';

/** A current (non-withdrawn) `observation` row. */
export interface ObservationFigure {
  returnId: string;
  returnKind: string;
  areaCode: string;
  period: string;
  year: number;
  sex: SexOrTotal;
  ageBand: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  revision: number;
  submittedAt: string;
}

/** SQL for `received_return` and `observation`; no decisions here. */
export class ObservationRepository {
  /**
   * Applies each return change only if it is newer than what is stored (higher revision, or a withdrawal
   * of the same revision), in one upsert for the batch; the figures of the returns that changed are
   * replaced. Returns the ids that changed.
   */
  async applyChanges(manager: EntityManager, changes: readonly ReturnChange[]): Promise<Set<string>> {
    const applicable = changes.filter((c) => c.facts);
    const changed = new Set<string>();
    for (const part of chunk(applicable, maxRowsPerStatement(11, 1_000))) {
      const params: unknown[] = [];
      const tuples = part.map((c) => {
        const b = params.length;
        params.push(c.returnId, c.department, `${c.department}/${c.facts!.kind}`, c.facts!.area, c.facts!.period, c.facts!.unit, c.revision, c.withdrawn, c.submittedAt, c.eventId);
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}::timestamptz, $${b + 10})`;
      });
      const rows: { return_id: string }[] = await manager.query(
        `INSERT INTO received_return (return_id, department, return_kind, area_code, period, unit, revision, withdrawn, submitted_at, event_id)
         VALUES ${tuples.join(', ')}
         ON CONFLICT (return_id) DO UPDATE SET department = EXCLUDED.department, return_kind = EXCLUDED.return_kind,
           area_code = EXCLUDED.area_code, period = EXCLUDED.period, unit = EXCLUDED.unit, revision = EXCLUDED.revision,
           withdrawn = EXCLUDED.withdrawn, submitted_at = EXCLUDED.submitted_at, event_id = EXCLUDED.event_id, received_at = now()
         WHERE received_return.revision < EXCLUDED.revision
            OR (received_return.revision = EXCLUDED.revision AND EXCLUDED.withdrawn AND NOT received_return.withdrawn)
         RETURNING return_id`,
        params,
      );
      rows.forEach((r) => changed.add(r.return_id));
    }
    if (changed.size === 0) return changed;
    await manager.query(`DELETE FROM observation WHERE return_id = ANY($1)`, [[...changed]]);
    const rows = applicable.filter((c) => changed.has(c.returnId)).flatMap(observationRows);
    for (const part of chunk(rows, maxRowsPerStatement(15, 2_000))) {
      const params: unknown[] = [];
      const tuples = part.map((o) => {
        const b = params.length;
        params.push(o.returnId, o.sex, o.ageBand, o.department, o.returnKind, o.areaCode, o.period, o.year, o.value, o.numerator, o.denominator, o.unit, o.revision, o.withdrawn, o.submittedAt);
        return `(${Array.from({ length: 15 }, (_, i) => `$${b + i + 1}`).join(', ')})`;
      });
      await manager.query(
        `INSERT INTO observation (return_id, sex, age_band, department, return_kind, area_code, period, year, value, numerator, denominator, unit, revision, withdrawn, submitted_at)
         VALUES ${tuples.join(', ')}`,
        params,
      );
    }
    return changed;
  }

  /**
   * Current figures of these kinds and areas; of the given periods only, when `periods` is set; of years
   * from `fromYear` on, when set (a range on observation_cell_idx's third column). The approved view (the
   * default) leaves out the returns held for approval (docs/approval.md).
   */
  async forEvaluation(
    manager: EntityManager, returnKinds: readonly string[], areaCodes: readonly string[], periods?: readonly string[], fromYear: number | null = null, view: FigureView = 'approved',
  ): Promise<ObservationFigure[]> {
    if (returnKinds.length === 0 || areaCodes.length === 0) return [];
    const params: unknown[] = [returnKinds, areaCodes];
    const filters: string[] = [];
    if (periods) filters.push(`AND period = ANY($${params.push(periods)})`);
    if (fromYear !== null) filters.push(`AND year >= $${params.push(fromYear)}`);
    const rows = await manager.query(
      `SELECT return_id AS "returnId", return_kind AS "returnKind", area_code AS "areaCode", period, year, sex, age_band AS "ageBand",
              value, numerator, denominator, revision, submitted_at AS "submittedAt"
         FROM observation WHERE return_kind = ANY($1) AND area_code = ANY($2) AND NOT withdrawn ${filters.join(' ')} ${observationApproved(view)}`,
      params,
    );
    return rows.map((r: ObservationFigure & { submittedAt: Date }) => ({ ...r, submittedAt: new Date(r.submittedAt).toISOString() }));
  }

  /** Periods received (not withdrawn) per return kind in an area. */
  async receivedPeriods(manager: EntityManager, returnKinds: readonly string[], areaCode: string): Promise<Map<string, string[]>> {
    if (returnKinds.length === 0) return new Map();
    const rows: { kind: string; period: string }[] = await manager.query(
      `SELECT DISTINCT return_kind AS kind, period FROM received_return WHERE return_kind = ANY($1) AND area_code = $2 AND NOT withdrawn`,
      [returnKinds, areaCode],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.kind, [...(out.get(r.kind) ?? []), r.period]);
    return out;
  }
}
