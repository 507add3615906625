import type { IndicatorDefinition } from '@wdp/indicators';
import type { PlanDocument } from '@wdp/plans';
import { evaluationYear as planEvaluationYear, withTarget } from '../assessment/assess-plan-target';
import type { ReportKind } from './report-input';

/**
 * The year an evaluation reads its data for: the mid-term the middle year of the plan's period (2023 of
 * 2021–2025, section 五 of the district plan), the final its last year. Null for an annual report, whose
 * year is the caller's.
 */
export function evaluationYear(kind: ReportKind, period: PlanDocument['period']): number | null {
  return kind === 'annual' ? null : planEvaluationYear({ period }, kind === 'final' ? 'final' : 'mid-term');
}

/**
 * The catalogue's definitions under a plan's targets: the indicators the plan targets, each with the
 * plan's comparator, value, tolerance, target year and baseline, and the catalogue's formula, unit and
 * disaggregation (an indicator is defined once and shared by every plan). For the district plan,
 * exported from the catalogue itself, this gives the catalogue back unchanged. Pure.
 */
export function planDefinitions(plan: PlanDocument, catalogue: readonly IndicatorDefinition[]): IndicatorDefinition[] {
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const out: IndicatorDefinition[] = [];
  for (const [code, t] of [...judgedTargets(plan)].sort(([a], [b]) => a.localeCompare(b))) {
    const def = byCode.get(code);
    if (def) out.push(withTarget(def, plan, t));
  }
  return out;
}

/**
 * The target a report judges each indicator by: a plan holds one per indicator and target year (validatePlan);
 * with several years for one indicator, the earliest. Pure.
 */
export function judgedTargets(plan: Pick<PlanDocument, 'targets'>): Map<string, PlanDocument['targets'][number]> {
  const first = new Map<string, PlanDocument['targets'][number]>();
  for (const t of [...plan.targets].sort((a, b) => a.targetYear - b.targetYear)) if (!first.has(t.indicator)) first.set(t.indicator, t);
  return first;
}
