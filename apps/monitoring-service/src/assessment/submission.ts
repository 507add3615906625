import { checkSubmission, deadlineOf, type Frequency, period, type SubmissionCheck } from '@wdp/assessment';
import { parsePeriod } from '@wdp/contracts';
import { type IndicatorDefinition, isInputRef, isObservationRef, type Operand, type ReportingFrequency } from '@wdp/indicators';
import { inputKeyOf } from '../catalogue/input-key';
import { deadlineRuleOf } from './assessment-spec';

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
 * Whether the indicator's expected submissions are overdue as of `now`, judged on its most overdue
 * source. Three deliberate limits, so that the warning means what it says:
 * - a source that never reported is not judged: the monitoring cannot tell a department that has not
 *   started from one that stopped, and a warning for every indicator before any data arrives would
 *   drown the real ones (null when no source has reported);
 * - records are judged per year (a year is received once any of its months is), because the plan's
 *   indicators are annual and a month without, say, a screening is not a missing submission; returns
 *   are judged at their own reporting frequency;
 * - only periods up to the plan's target year are expected: after 2025 the plan asks for nothing more.
 */
export function submissionStatusOf(indicator: IndicatorDefinition, received: ReadonlyMap<string, readonly string[]>, now: Date): SubmissionStatus | null {
  const deadline = deadlineRuleOf(indicator);
  let worst: SubmissionStatus | null = null;
  for (const source of submissionSourcesOf(indicator)) {
    const frequency: Frequency = source.type === 'records' ? 'annual' : indicator.reporting.frequency;
    const lastReceived = latestAtFrequency(received.get(source.key) ?? [], frequency);
    if (lastReceived === null) continue;
    const lastExpected = deadlineOf(period(frequency, indicator.targetYear, PERIODS_PER_YEAR[frequency]), deadline);
    const asOf = now > lastExpected ? new Date(lastExpected.getTime() + 1) : now;
    const check = checkSubmission({ frequency, deadline, lastReceived, now: asOf });
    if (!worst || check.missing.length > worst.check.missing.length) worst = { check, source, frequency, lastReceived };
  }
  return worst;
}
