import { AREA_TIERS, type AreaIndex, enclosingPeriods, type RecordEventData, type RecordFact, recordKind, validateRecordFact } from '@wdp/contracts';
import type { CatalogueIndex } from '../catalogue/catalogue-index';
import { matchesWhere } from '../catalogue/input-key';
import { type FactDelta, type FactSex, factCellKey, type Granularity } from './fact-delta';

/** Areas whose indicators are assessed: the district and its streets and town. */
export const ASSESSED_TIERS: ReadonlySet<number> = new Set([1, 2]);

export interface TouchedInput {
  inputKey: string;
  areaCode: string;
}

export interface RecordBatchEffect {
  /** Net change per fact cell, zero cells dropped, sorted by cell (a stable lock order for the upsert). */
  deltas: FactDelta[];
  /** Fact inputs whose assessed-area values may have changed. */
  touched: TouchedInput[];
}

export class UnprocessableRecordError extends Error {}

const granularityOf = (period: string): Granularity => (period.length === 4 ? 'Y' : period.includes('Q') ? 'Q' : 'M');

/**
 * Turns a batch of record events into fact deltas: each event subtracts its `previous` fact and adds
 * its `current` one (a withdrawal only subtracts), so revisions never double-count and the final sum
 * does not depend on arrival order. Each fact feeds every catalogue input whose filter it matches, at
 * its own area and each ancestor, and at its month and — for kinds that are summed over time — its
 * quarter and year (snapshot kinds keep months only; a year of a snapshot is its latest month).
 * The whole batch is reduced per cell in memory so one upsert statement never meets the same row twice.
 */
export function recordBatchEffect(events: readonly RecordEventData[], index: CatalogueIndex, areas: AreaIndex): RecordBatchEffect {
  const cells = new Map<string, FactDelta>();
  const touched = new Map<string, TouchedInput>();
  const apply = (fact: RecordFact, department: string, sign: 1 | -1) => {
    const inputs = index.inputsForRecordKind(department, fact.kind);
    if (inputs.length === 0) return;
    const def = recordKind(department, fact.kind);
    const chain = areas.chain(fact.area);
    if (chain.length === 0) throw new UnprocessableRecordError(`unknown area ${fact.area}`);
    // The departmental service validated it; checking again here keeps a bad fact out of the statistics
    // (it goes to the dead-letter topic instead) even if a producer skipped the check.
    const problems = validateRecordFact(department, fact);
    if (problems.length > 0) throw new UnprocessableRecordError(`invalid ${department}/${fact.kind} record: ${problems.join('; ')}`);
    const sex: FactSex = fact.sex ?? def?.impliedSex ?? 'U';
    const periods = def?.aggregation === 'latest' ? [fact.period] : [fact.period, ...enclosingPeriods(fact.period)];
    const year = Number(fact.period.slice(0, 4));
    for (const input of inputs) {
      if (!matchesWhere(input.where, fact.attributes ?? {})) continue;
      for (const area of chain) {
        if (ASSESSED_TIERS.has(AREA_TIERS[area.level])) {
          touched.set(`${input.key}\u0000${area.code}`, { inputKey: input.key, areaCode: area.code });
        }
        for (const period of periods) {
          const cell = { inputKey: input.key, areaCode: area.code, period, sex, ageBand: fact.ageBand ?? '' };
          const key = factCellKey(cell);
          const existing = cells.get(key);
          if (existing) existing.count += sign * fact.count;
          else cells.set(key, { ...cell, granularity: granularityOf(period), year, count: sign * fact.count });
        }
      }
    }
  };
  for (const e of events) {
    if (e.previous) apply(e.previous, e.department, -1);
    if (e.current && e.operation !== 'withdrawn') apply(e.current, e.department, 1);
  }
  const deltas = [...cells.entries()]
    .filter(([, d]) => d.count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
  return { deltas, touched: [...touched.values()] };
}
