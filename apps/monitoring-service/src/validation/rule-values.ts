import { type PeriodGranularity, periodGranularity, rollUpPeriod } from '@wdp/contracts';
import type { InputRef, ObservationRef } from '@wdp/indicators';
import { EvaluationData } from '../evaluation/evaluation-data';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';
import { inputKeyOf } from '../indicator-store/input-key';
import type { RuleValues } from './check-rule';

/** The rows of one period of a granularity, ready to be read as that period's values. */
export interface PeriodRows {
  facts: FactRow[];
  figures: ObservationFigure[];
}

/**
 * Splits fact rows and return figures into the periods of one granularity. A summed input's row of that
 * granularity is the period's count; a snapshot input's months go to the period that contains them (its value
 * is then its latest month with a count, as the indicators read a year); a return counts for exactly the
 * period it was filed for — an annual return is not a quarter's.
 */
export function rowsByPeriod(granularity: PeriodGranularity, facts: readonly FactRow[], figures: readonly ObservationFigure[], snapshotKeys: ReadonlySet<string>): Map<string, PeriodRows> {
  const out = new Map<string, PeriodRows>();
  const bucket = (period: string) => {
    if (!out.has(period)) out.set(period, { facts: [], figures: [] });
    return out.get(period)!;
  };
  for (const f of facts) {
    if (snapshotKeys.has(f.inputKey)) {
      if (f.granularity === 'M') bucket(rollUpPeriod(f.period, granularity)).facts.push(f);
    } else if (periodGranularity(f.period) === granularity) bucket(f.period).facts.push(f);
  }
  for (const o of figures) if (periodGranularity(o.period) === granularity) bucket(o.period).figures.push(o);
  return out;
}

/**
 * One period's values, read through the indicators' own EvaluationData (which sums by sex and age band, takes a
 * snapshot's latest month, picks the latest of several returns and adds a head count's F and M when only those
 * were filed). The period's rows are relabelled as its year, the one period EvaluationData indexes by.
 */
export function ruleValuesOf(period: string, rows: PeriodRows | undefined, snapshotKeys: ReadonlySet<string>): RuleValues {
  const year = Number(period.slice(0, 4));
  const facts = (rows?.facts ?? []).map((f) => ({ ...f, year, granularity: snapshotKeys.has(f.inputKey) ? ('M' as const) : ('Y' as const) }));
  const figures = (rows?.figures ?? []).map((o) => ({ ...o, period: String(year), year }));
  const data = new EvaluationData(facts, figures, snapshotKeys);
  return {
    record: (ref: InputRef, areaCode: string) => data.recordSum(inputKeyOf(ref), areaCode, year, ref.sex, ref.ageBands),
    figure: (ref: ObservationRef, areaCode: string) => data.figure(`${ref.department}/${ref.returnKind}`, areaCode, year, ref.sex, ref.ageBands, ref.measure ?? 'value'),
  };
}
