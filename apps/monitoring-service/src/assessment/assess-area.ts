import {
  ALERT_KINDS,
  type AlertInputs,
  type AlertKind,
  type AlertPolicy,
  alertTransitionsFor,
  type CountBasis,
  assessFluctuation,
  assessGap,
  assessGapSeries,
  assessIndicator,
  type FluctuationResult,
  type GapAssessment,
  type GapScale,
  gapTrendTest,
  type GapTrendTest,
  METHODOLOGY_VERSION,
  type ProgressAssessment,
  type YearValue,
} from '@wdp/methodology';
import type { SexOrTotal } from '@wdp/contracts';
import {
  assessmentSpecOf,
  fluctuationBoundOf,
  GAP_MINIMUM_CHANGE_WITHOUT_COUNTS,
  GAP_STABLE_TOLERANCE,
  gapSpecOf,
  headlineSex,
  type IndicatorDefinition,
  isShareOfOneSex,
  targetSexes,
} from '@wdp/indicators';
import type { YearlyValue } from '../evaluation/evaluate-formula';

export type AssessedSex = SexOrTotal | 'gap';

export interface AssessmentRow {
  sex: AssessedSex;
  /** The latest year the assessment rests on. */
  year: number | null;
  status: string;
  /** Alert kinds this assessment holds open. */
  alertKinds: AlertKind[];
  components: AssessmentComponents;
}

export interface AssessmentComponents {
  methodologyVersion: string;
  series: YearValue[];
  progress: ProgressAssessment | null;
  fluctuation: FluctuationResult | null;
  gap: (Omit<GapAssessment, 'progress'> & { trendTest?: GapTrendTest }) | null;
  /** Why there is no progress assessment (e.g. a parity reference without data). */
  unassessed?: string;
  /** Set when warnings are held back: the series rests on small counts below the district level. */
  heldBack?: 'small_numbers';
  /** Kinds this series does not raise because another alert already stands for the same cause. */
  inhibited?: { kinds: AlertKind[]; reason: InhibitionReason };
  referenceValue?: number;
}

export interface SeriesTransitions {
  sex: AssessedSex;
  raise: readonly AlertKind[];
  resolve: readonly AlertKind[];
  components: AssessmentComponents;
  status: string;
}

export interface AreaAssessment {
  rows: AssessmentRow[];
  transitions: SeriesTransitions[];
}

const PROGRESS_KINDS: ReadonlySet<AlertKind> = new Set(['acceleration_needed', 'limited', 'deteriorating']);

/**
 * One cause, one alert:
 * - `gap_goal_widening`: on a gap goal (ECO-03) "deteriorating" is the gap widening, so gap_widening alone
 *   stands for it (it needs no evidence threshold, so the alert does not change kind as years accumulate);
 * - `own_target`: a share with its own numeric target (ECO-01's 40 ± 2 %, DEC-18's ≥ 10 %) is judged against
 *   that target by its headline, not by its distance from 50 %;
 * - `headline_fluctuates`: a shock to girls' and boys' enrolment is one shock to enrolment; fluctuation is
 *   raised on the headline (T) only, each sex's own check staying in its components.
 */
export type InhibitionReason = 'gap_goal_widening' | 'own_target' | 'headline_fluctuates';

export const DEFAULT_ALERT_POLICY: AlertPolicy = { minEvidence: 'moderate' };

export interface AreaAssessmentOptions {
  policy?: AlertPolicy;
  /**
   * Series whose warnings are held back (not raised; resolving stays possible): below the district, a
   * series resting on fewer than k counted records moves by chance more than by change.
   */
  smallNumbers?: ReadonlySet<AssessedSex>;
}

/** Year order, so the stored explanation never depends on the order values were read in. */
const points = (values: readonly YearlyValue[] | undefined): YearValue[] =>
  (values ?? []).map((v) => ({ year: v.year, value: v.value })).sort((a, b) => a.year - b.year);

/**
 * The counts behind a series, when every year has them (ratio formulas): they give the values' 95 %
 * intervals and the fluctuation control limits. A count formula's total or a return's figure has none.
 */
export function countsOf(values: readonly YearlyValue[] | undefined, factor: number): CountBasis | undefined {
  if (!values || values.length === 0) return undefined;
  if (!values.every((v) => v.numerator !== null && v.denominator !== null && v.denominator > 0)) return undefined;
  return { factor, counts: values.map((v) => ({ year: v.year, numerator: v.numerator!, denominator: v.denominator! })) };
}

/**
 * Assesses one indicator in one area from its yearly values by sex (and, for parity indicators, the
 * reference series): progress and fluctuation for each sex the target addresses, the female–male gap
 * where the indicator is disaggregated, and the alert transitions that follow. Pure.
 */
export function assessArea(
  indicator: IndicatorDefinition,
  series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>,
  reference: readonly YearlyValue[] | null,
  options: AreaAssessmentOptions = {},
): AreaAssessment {
  const policy = options.policy ?? DEFAULT_ALERT_POLICY;
  const rows: AssessmentRow[] = [];
  const transitions: SeriesTransitions[] = [];
  const push = (sex: AssessedSex, status: string, year: number | null, assessed: AssessmentComponents, inputs: AlertInputs, inhibit?: (raised: readonly AlertKind[]) => AssessmentComponents['inhibited']) => {
    const t = alertTransitionsFor(inputs, policy);
    const inhibited = inhibit?.(t.raise);
    const kept = inhibited ? t.raise.filter((k) => !inhibited.kinds.includes(k)) : t.raise;
    // An inhibited kind is resolved, so an alert opened before the rule (or by an earlier state) does not linger.
    const resolve = inhibited ? ALERT_KINDS.filter((k) => t.resolve.includes(k) || inhibited.kinds.includes(k)) : t.resolve;
    const held = options.smallNumbers?.has(sex) ?? false;
    const raise = held ? [] : kept;
    const components: AssessmentComponents = { ...assessed, ...(held ? { heldBack: 'small_numbers' as const } : {}), ...(inhibited ? { inhibited } : {}) };
    rows.push({ sex, year, status, alertKinds: [...raise], components });
    transitions.push({ sex, raise, resolve, components, status });
  };

  if (indicator.comparator !== 'gap_narrows') {
    const headline = headlineSex(indicator.definition);
    for (const sex of targetSexes(indicator)) {
      const pts = points(series.get(sex));
      const counts = countsOf(series.get(sex), indicator.factor);
      const referenceValue = referenceAt(reference, pts);
      const spec = assessmentSpecOf(indicator, { withBaseline: sex === headline, referenceValue });
      const base = { methodologyVersion: METHODOLOGY_VERSION, series: pts, gap: null, ...(referenceValue !== undefined ? { referenceValue } : {}) };
      if (!spec) {
        const fluctuation = assessFluctuation(pts, { bound: fluctuationBoundOf(indicator), counts });
        push(sex, 'insufficient_data', lastYear(pts), { ...base, progress: null, fluctuation, unassessed: 'the parity reference has no value yet' }, { fluctuation });
        continue;
      }
      const result = assessIndicator(spec, pts, { counts });
      const { fluctuation } = result;
      push(sex, result.progress.status, result.progress.components.currentYear ?? lastYear(pts), { ...base, progress: result.progress, fluctuation }, {
        progress: result.progress,
        fluctuation,
      }, sex === headline ? undefined : () => ({ kinds: ['fluctuating'], reason: 'headline_fluctuates' }));
    }
  }

  if (indicator.sexDisaggregated) {
    const gapRow = assessGapOf(indicator, series);
    // A share's distance from parity is the headline read another way: while the headline already warns
    // of that movement, a second warning for the same change adds noise, not information.
    const headline = headlineSex(indicator.definition);
    const headlineWarns = rows.some((r) => r.sex === headline && r.alertKinds.some((k) => PROGRESS_KINDS.has(k)));
    const share = isShareOfOneSex(indicator.definition);
    const inputs = share && headlineWarns ? { ...gapRow.inputs, gap: null } : gapRow.inputs;
    push('gap', gapRow.status, gapRow.year, gapRow.components, inputs, (raised) => {
      if (indicator.comparator === 'gap_narrows') return raised.includes('gap_widening') ? { kinds: ['deteriorating'], reason: 'gap_goal_widening' } : undefined;
      return share && hasOwnTarget(indicator) ? { kinds: ['gap_widening'], reason: 'own_target' } : undefined;
    });
  }
  return { rows, transitions };
}

function assessGapOf(indicator: IndicatorDefinition, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>) {
  const female = points(series.get('F'));
  const male = points(series.get('M'));
  let gap: GapAssessment;
  let gapSeries: YearValue[];
  if (indicator.comparator === 'gap_narrows') {
    const measure = indicator.gap?.measure === 'ratio' ? 'parity_index' : 'difference';
    gap = assessGap(female, male, gapSpecOf(indicator, GAP_STABLE_TOLERANCE.explicitGap), measure);
    gapSeries = gap.years.map((y) => ({ year: y.year, value: y.gap }));
  } else if (isShareOfOneSex(indicator.definition)) {
    // The share of the sex the formula selects (women's, or fathers' share), judged by its distance from 50 %.
    const share = points(series.get(headlineSex(indicator.definition)));
    gap = assessGapSeries(share, gapSpecOf(indicator, GAP_STABLE_TOLERANCE.sharePoints, 50));
    gapSeries = share;
  } else {
    gap = assessGap(female, male, gapSpecOf(indicator, GAP_STABLE_TOLERANCE.parityIndex), 'parity_index');
    gapSeries = gap.years.map((y) => ({ year: y.year, value: y.gap }));
  }
  gap = judgedBySampling(indicator, series, gap);
  const { progress, ...gapWithoutProgress } = gap;
  const explicit = indicator.comparator === 'gap_narrows';
  // An explicit gap target is judged on the gap itself (progress, fluctuation and widening); elsewhere the
  // gap only warns when it widens, the progress of each sex being judged on its own series.
  const fluctuation = explicit ? assessFluctuation(gapSeries, { bound: fluctuationBoundOf(indicator) }) : null;
  const status = explicit ? progress.status : gap.trend;
  const inputs: AlertInputs = explicit ? { progress, fluctuation: fluctuation!, gap } : { gap };
  const components: AssessmentComponents = {
    methodologyVersion: METHODOLOGY_VERSION,
    series: gapSeries,
    progress,
    fluctuation,
    gap: gapWithoutProgress,
  };
  return { status, year: progress.components.currentYear ?? lastYear(gapSeries), components, inputs };
}

/**
 * Whether the gap widens is decided by the trend of every year's gap against its sampling variance
 * (gapTrendTest), not by comparing two noisy end points with a fixed tolerance: 45 cases a year make a
 * parity index move by 0.3 by chance, while 1,500 pupils a year make a 2-point move real. The distances
 * stay as the methodology computed them; only the verdict (trend, gapWidening) comes from the test.
 */
function judgedBySampling(indicator: IndicatorDefinition, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>, gap: GapAssessment): GapAssessment {
  const share = indicator.comparator !== 'gap_narrows' && isShareOfOneSex(indicator.definition);
  const scale: GapScale = share ? 'share_distance' : indicator.comparator === 'gap_narrows' && indicator.gap?.measure !== 'ratio' ? 'difference' : 'log_ratio';
  const inWindow = (v: YearlyValue) => v.year >= indicator.baseline.year && v.year <= indicator.targetYear;
  const female = (series.get(share ? headlineSex(indicator.definition) : 'F') ?? []).filter(inWindow);
  const male = new Map((series.get('M') ?? []).map((v) => [v.year, v]));
  const years = female.flatMap((f) => (share ? [{ year: f.year, female: f }] : male.has(f.year) ? [{ year: f.year, female: f, male: male.get(f.year)! }] : []));
  const minimumChange = indicator.comparator === 'gap_narrows' ? 0 : share ? GAP_MINIMUM_CHANGE_WITHOUT_COUNTS.sharePoints : GAP_MINIMUM_CHANGE_WITHOUT_COUNTS.logRatio;
  const trendTest = gapTrendTest(years, { scale, factor: indicator.factor, reference: 50, minimumChange });
  return { ...gap, trend: trendTest.trend, gapWidening: trendTest.trend === 'widening', trendTest } as GapAssessment;
}

/** A numeric target, or a parity reference, that the share's headline is judged against. */
function hasOwnTarget(indicator: IndicatorDefinition): boolean {
  return indicator.targetValue !== null || indicator.comparator === 'parity';
}

/** The reference's value in the series' latest year, else its latest earlier value. */
function referenceAt(reference: readonly YearlyValue[] | null, pts: readonly YearValue[]): number | undefined {
  if (!reference || reference.length === 0) return undefined;
  const year = lastYear(pts);
  if (year === null) return undefined;
  const candidates = reference.filter((r) => r.year <= year).sort((a, b) => b.year - a.year);
  return candidates[0]?.value;
}

function lastYear(pts: readonly YearValue[]): number | null {
  return pts.length === 0 ? null : Math.max(...pts.map((p) => p.year));
}
