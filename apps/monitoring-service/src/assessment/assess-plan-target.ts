import { METHODOLOGY_VERSION } from '@wdp/methodology';
import type { SexOrTotal } from '@wdp/contracts';
import { headlineSex, type IndicatorDefinition, targetSexes } from '@wdp/indicators';
import type { PlanDocument, PlanTarget } from '@wdp/plans';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import type { AssessedSex, AssessmentComponents } from './assess-area';
import { assessAsOf, type AsOfOptions, yearsAsOf } from './assessment-window';

/**
 * The status of a target the plan gives no figure to judge against: a draft's target an administrator has not
 * set (`to-be-set`), or a numeric target whose official figure could not be found (`not-published`). The value
 * is shown; no target is invented for it.
 */
export const NO_TARGET_SET = 'no_target_set';

/** What of a plan its targets are assessed under. */
export type PlanFrame = Pick<PlanDocument, 'baselineYear' | 'period'>;

/** The evaluation years a plan names: any year of the period (annual monitoring), its middle year (mid-term), its last (final). */
export type EvaluationPoint = 'mid-term' | 'final';

export function evaluationYear(plan: Pick<PlanFrame, 'period'>, point: EvaluationPoint): number {
  // 2021–2025 → 2023 (the plan's mid-term evaluation of 2023 data); 2021–2030 → 2025.
  return point === 'final' ? plan.period.end : plan.period.start + Math.floor((plan.period.end - plan.period.start) / 2);
}

/** A year brought into the plan's period: its last year once the period is over, its first before it starts. */
export function yearWithinPeriod(plan: PlanFrame, year: number): number {
  return Math.min(Math.max(year, plan.period.start), plan.period.end);
}

/** Whether the plan gives this target a figure or a direction to be judged against. */
export function hasTargetToJudge(target: Pick<PlanTarget, 'valueStatus'>): boolean {
  return target.valueStatus === 'official' || target.valueStatus === 'not-applicable';
}

/**
 * The indicator as the plan's target sets it: the catalogue's definition (formula, unit, sexes, fluctuation
 * bound, one for every plan) with the target's comparator, value, tolerance, target year and baseline (the
 * target's own, else the plan's baseline year with no published value). Null when the plan gives the target no
 * figure (NO_TARGET_SET). For the district 2021–2025 plan this is the catalogue's own definition, which is
 * what makes the stored assessment this plan's assessment (assess-plan-target.spec.ts).
 */
export function indicatorUnderTarget(indicator: IndicatorDefinition, plan: PlanFrame, target: PlanTarget): IndicatorDefinition | null {
  return hasTargetToJudge(target) ? withTarget(indicator, plan, target) : null;
}

/** The catalogue's definition with the target laid over it, whether or not the target has a figure (the reports list every target). */
export function withTarget(indicator: IndicatorDefinition, plan: Pick<PlanFrame, 'baselineYear'>, target: PlanTarget): IndicatorDefinition {
  const { tolerance: _catalogueTolerance, ...shared } = indicator;
  return {
    ...shared,
    comparator: target.comparator,
    targetValue: target.value,
    ...(target.tolerance !== undefined ? { tolerance: target.tolerance } : {}),
    targetYear: target.targetYear,
    baseline: { year: target.baseline?.year ?? plan.baselineYear, value: target.baseline?.value ?? null },
  };
}

export interface PlanTargetRow {
  sex: AssessedSex;
  /** The latest year the assessment rests on. */
  year: number | null;
  status: string;
  components: AssessmentComponents;
}

export interface PlanTargetAssessment {
  /** The evaluation year: no value of a later year is used. */
  asOf: number;
  /** The years the assessment rests on: the target's baseline year up to its target year or `asOf`, whichever is earlier. */
  window: { from: number; to: number };
  /** The status the target is reported by: its headline sex, or the gap for a gap target. */
  status: string;
  rows: PlanTargetRow[];
}

/**
 * Assesses one target of a plan on an indicator × area's yearly values (by sex, with their counts so the
 * values' intervals apply) as of an evaluation year, with the same engine as the stored assessments
 * (assessAsOf): only data of years up to `asOf` is used, and progress is measured from the target's baseline
 * towards its own target year (2030 for the national outline). Pure and clock-free: the same values, the same
 * plan version and the same `asOf` give the same result. Alert kinds are not part of it: only the monitored,
 * adopted district plan raises alerts, from the stored assessments.
 */
export function assessPlanTarget(
  indicator: IndicatorDefinition,
  plan: PlanFrame,
  target: PlanTarget,
  series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>,
  reference: readonly YearlyValue[] | null,
  asOf: number,
  options: Pick<AsOfOptions, 'smallNumbers'> = {},
): PlanTargetAssessment {
  const from = target.baseline?.year ?? plan.baselineYear;
  const window = { from, to: Math.min(target.targetYear, asOf) };
  const judged = indicatorUnderTarget(indicator, plan, target);
  if (!judged) return { asOf, window, status: NO_TARGET_SET, rows: unjudgedRows(indicator, target, series, window) };
  const { rows } = assessAsOf(judged, series, reference, asOf, options);
  const headline = target.comparator === 'gap_narrows' ? 'gap' : headlineSex(indicator.definition);
  return {
    asOf,
    window,
    status: rows.find((r) => r.sex === headline)?.status ?? 'insufficient_data',
    rows: rows.map(({ sex, year, status, components }) => ({ sex, year, status, components })),
  };
}

/** The rows of a target with no figure: the sexes the target speaks of, each with its values in the window and no judgement. */
function unjudgedRows(indicator: IndicatorDefinition, target: PlanTarget, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>, window: { from: number; to: number }): PlanTargetRow[] {
  const framed = { ...indicator, targetYear: target.targetYear, baseline: { year: window.from, value: null } };
  const sexes: AssessedSex[] = target.comparator === 'gap_narrows' ? ['gap'] : targetSexes(indicator);
  return sexes.map((sex) => {
    const values = sex === 'gap' ? [] : yearsAsOf(series.get(sex) ?? [], framed, window.to).map((v) => ({ year: v.year, value: v.value })).sort((a, b) => a.year - b.year);
    const components: AssessmentComponents = {
      methodologyVersion: METHODOLOGY_VERSION,
      series: values,
      progress: null,
      fluctuation: null,
      gap: null,
      unassessed: `the plan sets no figure for this target (${target.valueStatus})`,
    };
    return { sex, year: values.length ? values[values.length - 1].year : null, status: NO_TARGET_SET, components };
  });
}
