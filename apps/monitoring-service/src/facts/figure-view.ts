import type { EntityManager } from 'typeorm';

/**
 * Which figures a read is of: `approved`, the official ones (assessments, values, reports, alerts), which leave out
 * the cells `held_cell` names; or `provisional`, everything received.
 */
export const FIGURE_VIEWS = ['approved', 'provisional'] as const;
export type FigureView = (typeof FIGURE_VIEWS)[number];

/**
 * SQL condition, on a `record_fact` row aliased `alias`, that keeps it out of the approved view while its cell is
 * held: the input key starts with the cell's `department/kind`, the year is the cell's. The area is not compared:
 * a record cell's area is the district, and the area reference has exactly one root (buildAreaIndex), so every
 * area of a fact lies inside it.
 */
export function recordFactApproved(view: FigureView, alias = 'record_fact'): string {
  if (view === 'provisional') return '';
  return `AND NOT EXISTS (SELECT 1 FROM held_cell h WHERE h.dataset_type = 'record'
            AND h.department || '/' || h.kind = split_part(${alias}.input_key, '?', 1) AND h.period = left(${alias}.period, 4))`;
}

/** The same for an `observation` row: a return's cell is its own kind, period and area. */
export function observationApproved(view: FigureView, alias = 'observation'): string {
  if (view === 'provisional') return '';
  return `AND NOT EXISTS (SELECT 1 FROM held_cell h WHERE h.dataset_type = 'return'
            AND h.department || '/' || h.kind = ${alias}.return_kind AND h.period = ${alias}.period AND h.area = ${alias}.area_code)`;
}

/** How many cells the approved view leaves out now (the provisional view includes them). */
export async function heldCellCount(manager: EntityManager): Promise<number> {
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM held_cell`);
  return count;
}
