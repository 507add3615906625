import { checkSubmission, deadlineOf, type Frequency, period, type SubmissionCheck } from '@wdp/methodology';
import { parsePeriod } from '@wdp/contracts';
import { deadlineRuleOf, type IndicatorDefinition, isInputRef, isObservationRef, type Operand, type ReportingFrequency } from '@wdp/indicators';
import { inputKeyOf } from '../indicator-store/input-key';

/** A data source whose submissions an indicator waits for: a fact input or a return kind. */
export interface SubmissionSource {
  type: 'records' | 'return';
  /** Input key (records) or `department/kind` (returns). */
  key: string;
}

/**
 * The sources whose silence means the indicator's data is missing: the denominator of a ratio (a
 * month without maternal deaths is good news, a month without births is a missing submission), a
 * numerator only when it is a return, the input of a count, the return of an observation.
 */
export function submissionSourcesOf(indicator: IndicatorDefinition): SubmissionSource[] {
  const f = indicator.definition;
  const ops: Operand[] =
    f.type === 'ratio'
      ? [f.denominator, ...(isObservationRef(f.numerator) || 'areaLevel' in f.denominator ? [f.numerator] : [])]
      : f.type === 'count'
        ? [f.input]
        : [{ department: f.return.department, returnKind: f.return.kind, sex: f.figure.sex }];
  const sources = new Map<string, SubmissionSource>();
  for (const op of ops) {
    if (isInputRef(op)) sources.set(`r:${inputKeyOf(op)}`, { type: 'records', key: inputKeyOf(op) });
    else if (isObservationRef(op)) sources.set(`o:${op.department}/${op.returnKind}`, { type: 'return', key: `${op.department}/${op.returnKind}` });
  }
  return [...sources.values()];
}

/** The latest received period expressed at the reporting frequency (a year return covers its last quarter and month). */
export function latestAtFrequency(periods: readonly string[], frequency: ReportingFrequency): string | null {
  let best: string | null = null;
  for (const code of periods) {
    const p = parsePeriod(code);
    if (!p) continue;
    const month = p.month ?? (p.quarter ? p.quarter * 3 : 12);
    const at =
      frequency === 'annual'
        ? String(p.year)
        : frequency === 'quarterly'
          ? `${p.year}-Q${Math.ceil(month / 3)}`
          : `${p.year}-${String(month).padStart(2, '0')}`;
    if (best === null || at > best) best = at;
  }
  return best;
}

export interface SubmissionStatus {
  check: SubmissionCheck;
  source: SubmissionSource;
  /** The frequency the source is judged at. */
  frequency: Frequency;
  lastReceived: string;
}

const PERIODS_PER_YEAR: Record<Frequency, number> = { annual: 1, quarterly: 4, monthly: 12 };

/**
 * The state of each of the indicator's sources as of `now`. Three deliberate limits, so that the warning
 * means what it says:
 * - a source that never reported is not judged: the monitoring cannot tell a department that has not
 *   started from one that stopped, and a warning for every indicator before any data arrives would
 *   drown the real ones;
 * - records are judged per year (a year is received once any of its months is), because the plan's
 *   indicators are annual and a month without, say, a screening is not a missing submission; returns
 *   are judged at their own reporting frequency;
 * - only periods up to the plan's target year are expected: after 2025 the plan asks for nothing more.
 */
export function submissionStatusesOf(indicator: IndicatorDefinition, received: ReadonlyMap<string, readonly string[]>, now: Date): SubmissionStatus[] {
  const deadline = deadlineRuleOf(indicator);
  const out: SubmissionStatus[] = [];
  for (const source of submissionSourcesOf(indicator)) {
    const frequency: Frequency = source.type === 'records' ? 'annual' : indicator.reporting.frequency;
    const lastReceived = latestAtFrequency(received.get(source.key) ?? [], frequency);
    if (lastReceived === null) continue;
    const lastExpected = deadlineOf(period(frequency, indicator.targetYear, PERIODS_PER_YEAR[frequency]), deadline);
    const asOf = now > lastExpected ? new Date(lastExpected.getTime() + 1) : now;
    out.push({ check: checkSubmission({ frequency, deadline, lastReceived, now: asOf }), source, frequency, lastReceived });
  }
  return out;
}

/** Whether the indicator's expected submissions are overdue, judged on its most overdue source (null: no source reported yet). */
export function submissionStatusOf(indicator: IndicatorDefinition, received: ReadonlyMap<string, readonly string[]>, now: Date): SubmissionStatus | null {
  return worstOf(submissionStatusesOf(indicator, received, now));
}

function worstOf(statuses: readonly SubmissionStatus[]): SubmissionStatus | null {
  let worst: SubmissionStatus | null = null;
  for (const s of statuses) if (!worst || s.check.missing.length > worst.check.missing.length) worst = s;
  return worst;
}

/** An overdue source and every indicator its silence blocks. */
export interface MissingSource extends SubmissionStatus {
  blocks: string[];
}

/** The missing-data verdict of one indicator's slot: raise with the sources it reports, or resolve. */
export interface MissingDataDecision {
  indicatorCode: string;
  /** The most overdue source this slot reports (drives the alert's headline figures); null: nothing to raise. */
  worst: SubmissionStatus | null;
  /** Overdue sources reported on this slot, each with the indicators it blocks. */
  sources: MissingSource[];
  /** Overdue shared sources whose alert stands on another indicator's slot. */
  reportedOn: { source: SubmissionSource; indicatorCode: string }[];
}

/**
 * One cause, one alert. A source that several indicators wait for (resident population, live births) is
 * one submission: when it is overdue it raises one missing_data alert, on the slot of the first indicator
 * (by code) of the catalogue that waits for it, naming the source and every indicator it blocks; the
 * other indicators do not raise their own for it. The owner is fixed by the catalogue, not by which
 * indicators happen to be overdue, so the alert does not move between slots as deadlines pass. Pure.
 *
 * `statuses`: every judged source of each indicator to decide (and of every other indicator sharing one of
 * their sources); `waiting`: source key → the codes of every catalogue indicator that waits for it.
 */
export function missingDataDecisions(statuses: ReadonlyMap<string, readonly SubmissionStatus[]>, waiting: ReadonlyMap<string, readonly string[]>): MissingDataDecision[] {
  const ownerOf = (key: string, fallback: string) => [...(waiting.get(key) ?? [fallback])].sort()[0];
  const blocked = new Map<string, Set<string>>();
  for (const [code, list] of statuses) {
    for (const s of list) if (s.check.overdue) blocked.set(s.source.key, (blocked.get(s.source.key) ?? new Set()).add(code));
  }
  const reported = new Map<string, MissingSource[]>();
  for (const [code, list] of statuses) {
    for (const s of list) {
      if (!s.check.overdue || ownerOf(s.source.key, code) !== code) continue;
      reported.set(code, [...(reported.get(code) ?? []), { ...s, blocks: [...blocked.get(s.source.key)!].sort() }]);
    }
  }
  // A shared source overdue for its consumers but whose owner has not reported it yet (it waits on other
  // periods or deadlines) is still one alert, on the owner's slot.
  for (const [key, codes] of blocked) {
    const owner = ownerOf(key, [...codes][0]);
    if (reported.get(owner)?.some((m) => m.source.key === key)) continue;
    const status = [...codes].sort().map((c) => statuses.get(c)!.find((s) => s.source.key === key && s.check.overdue)!)[0];
    reported.set(owner, [...(reported.get(owner) ?? []), { ...status, blocks: [...codes].sort() }]);
  }
  const codes = new Set([...statuses.keys(), ...reported.keys()]);
  return [...codes].sort().map((indicatorCode) => {
    const sources = (reported.get(indicatorCode) ?? []).sort((a, b) => a.source.key.localeCompare(b.source.key));
    const reportedOn = (statuses.get(indicatorCode) ?? [])
      .filter((s) => s.check.overdue && ownerOf(s.source.key, indicatorCode) !== indicatorCode)
      .map((s) => ({ source: s.source, indicatorCode: ownerOf(s.source.key, indicatorCode) }));
    return { indicatorCode, worst: worstOf(sources), sources, reportedOn };
  });
}
