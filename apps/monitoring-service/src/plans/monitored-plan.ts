import type { IndicatorDefinition } from '@wdp/indicators';
import { DISTRICT_PLAN_ID, NUMERIC_COMPARATORS, type PlanDocument, type PlanProblem, type PlanTarget, TOLERANCE_COMPARATORS } from '@wdp/plans';
import type { IndicatorTargetPatch } from '../assessment/target-change.service';
import type { TargetValues } from '../indicator-store/stored-indicator';

// The monitored plan is the one whose targets the engine assesses: the district plan 2021–2025. Its targets in
// force have ONE home, the `indicator` table (indicator-store/), where assessments, alerts and reports have always
// read them and where an administrator's target edit lands. The registry keeps the plan's documents; these pure
// functions translate between the two, so that a version of the document and the targets in force never disagree.

export const MONITORED_PLAN_ID = DISTRICT_PLAN_ID;

const valueStatusOf = (t: PlanTarget, value: number | null): PlanTarget['valueStatus'] => {
  if (value !== null) return 'official';
  return NUMERIC_COMPARATORS.includes(t.comparator) ? 'not-published' : 'not-applicable';
};

/**
 * The document with each target's value, tolerance and baseline value as the indicator table holds them (the
 * targets in force); everything else (wording, sources, notes) is the document's. A tolerance is carried only where
 * the comparator has a band: the engine reads none elsewhere, and the plan format refuses one there. A target whose
 * indicator or year the table does not hold is left as it is. Pure.
 */
export function withTargetsInForce(doc: PlanDocument, indicators: ReadonlyMap<string, IndicatorDefinition>): PlanDocument {
  return {
    ...doc,
    targets: doc.targets.map((t) => {
      const d = indicators.get(t.indicator);
      if (!d || d.targetYear !== t.targetYear) return t;
      const { tolerance: _documented, ...rest } = t;
      return {
        ...rest,
        value: d.targetValue,
        valueStatus: valueStatusOf(t, d.targetValue),
        ...(d.tolerance !== undefined && TOLERANCE_COMPARATORS.includes(t.comparator) ? { tolerance: d.tolerance } : {}),
        baseline: { year: t.baseline?.year ?? d.baseline.year, value: d.baseline.value },
      };
    }),
  };
}

/**
 * For a new version of the monitored plan: the target values it changes in the indicator table, or, naming the
 * field, what the engine cannot take from a document. The engine assesses each catalogue indicator against one
 * target, with the catalogue's comparator, target year and baseline year (libs/indicators), so a version may
 * change values, tolerances, baseline values and its wording, but not which indicators it targets, when, or
 * how they are judged; it stays adopted, since its targets raise the alerts. `next` is already valid (validatePlan). Pure.
 */
export function monitoredPlanChanges(
  previous: PlanDocument,
  next: PlanDocument,
  indicators: ReadonlyMap<string, IndicatorDefinition>,
): { problems: PlanProblem[]; patches: IndicatorTargetPatch[] } {
  const problems: PlanProblem[] = [];
  if (next.status !== 'adopted') problems.push({ path: 'status', reason: `${MONITORED_PLAN_ID} is the plan the engine assesses and raises alerts on: it stays adopted` });
  for (const field of ['level', 'area', 'baselineYear'] as const) {
    if (next[field] !== previous[field]) problems.push({ path: field, reason: `${MONITORED_PLAN_ID}'s ${field} is ${previous[field]}; a version of the monitored plan cannot change it` });
  }
  for (const field of ['start', 'end'] as const) {
    if (next.period[field] !== previous.period[field]) problems.push({ path: `period.${field}`, reason: `${MONITORED_PLAN_ID}'s period.${field} is ${previous.period[field]}; a version of the monitored plan cannot change it` });
  }
  const patches: IndicatorTargetPatch[] = [];
  next.targets.forEach((t, i) => {
    const at = `targets[${i}]`;
    const d = indicators.get(t.indicator);
    if (!d || !previous.targets.some((p) => p.indicator === t.indicator)) {
      problems.push({ path: `${at}.indicator`, reason: `${MONITORED_PLAN_ID} has no target on ${t.indicator}: the monitored plan targets the catalogue's indicators, one each` });
      return;
    }
    if (t.targetYear !== d.targetYear) problems.push({ path: `${at}.targetYear`, reason: `the engine assesses ${t.indicator} against its ${d.targetYear} target (the catalogue's target year)` });
    if (t.comparator !== d.comparator) problems.push({ path: `${at}.comparator`, reason: `the catalogue judges ${t.indicator} by ${d.comparator}; the monitored plan cannot change how an indicator is judged` });
    if (t.baseline && t.baseline.year !== d.baseline.year) problems.push({ path: `${at}.baseline.year`, reason: `${t.indicator}'s baseline year is ${d.baseline.year} (the catalogue's)` });
    const wanted: TargetValues = { targetValue: t.value, tolerance: t.tolerance ?? null, baselineValue: t.baseline ? t.baseline.value : d.baseline.value };
    const inForce: TargetValues = { targetValue: d.targetValue, tolerance: d.tolerance ?? null, baselineValue: d.baseline.value };
    // Without a band, the document has no tolerance to give (withTargetsInForce): one set on the indicator stays.
    const fields = (Object.keys(wanted) as (keyof TargetValues)[]).filter((f) => f !== 'tolerance' || TOLERANCE_COMPARATORS.includes(t.comparator));
    const patch: Partial<TargetValues> = {};
    for (const field of fields) if (wanted[field] !== inForce[field]) patch[field] = wanted[field];
    if (Object.keys(patch).length > 0) patches.push({ code: t.indicator, patch });
  });
  for (const p of previous.targets) {
    if (!next.targets.some((t) => t.indicator === p.indicator)) problems.push({ path: 'targets', reason: `the target on ${p.indicator} is missing: the monitored plan keeps a target on every indicator it assesses` });
  }
  return { problems, patches: problems.length > 0 ? [] : patches };
}
