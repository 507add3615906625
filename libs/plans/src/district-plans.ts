import { type IndicatorDefinition, INDICATORS } from '@wdp/indicators';
import { NUMERIC_COMPARATORS, PLAN_FORMAT, type PlanDocument, type PlanTarget } from './plan-document';

// The district's own plans. The 2021–2025 plan's targets live in the catalogue (libs/indicators), where the
// engine has always read them; its document is exported from there, so the two cannot drift
// (libs/plans/plans/yunyan-district-2021-2025.yaml is this export, checked by a test).

export const DISTRICT_PLAN_ID = 'yunyan-district-2021-2025';
export const DISTRICT_SUCCESSOR_ID = 'yunyan-district-2026-2030';

const DISTRICT = { level: 'district', area: '520103' } as const;
const ISSUER = '云岩区人民政府';

/** One catalogue entry's target as a target of the plan: the figure, or why there is none. */
export function targetOfIndicator(indicator: IndicatorDefinition): PlanTarget {
  const numeric = NUMERIC_COMPARATORS.includes(indicator.comparator);
  return {
    indicator: indicator.code,
    comparator: indicator.comparator,
    value: indicator.targetValue,
    valueStatus: indicator.targetValue !== null ? 'official' : numeric ? 'not-published' : 'not-applicable',
    ...(indicator.tolerance !== undefined ? { tolerance: indicator.tolerance } : {}),
    targetYear: indicator.targetYear,
    baseline: { year: indicator.baseline.year, value: indicator.baseline.value },
    source: { clause: indicator.source.clause, number: indicator.source.number, text: indicator.source.text },
  };
}

/** The 2021–2025 district plan as a plan document, from the catalogue's targets. */
export function districtPlan(indicators: readonly IndicatorDefinition[] = INDICATORS): PlanDocument {
  return {
    schema: PLAN_FORMAT,
    id: DISTRICT_PLAN_ID,
    version: 1,
    status: 'adopted',
    name: { zh: '云岩区妇女发展规划（2021—2025年）', en: "Yunyan District Women's Development Plan (2021–2025)" },
    ...DISTRICT,
    period: { start: 2021, end: 2025 },
    baselineYear: 2020,
    source: { title: '云岩区妇女发展规划（2021—2025年）', issuer: ISSUER, document: 'docs/plan/yunyan-womens-development-plan-2021-2025.zh.txt' },
    targets: indicators.map(targetOfIndicator),
    notes:
      'Exported from the indicator catalogue (libs/indicators), which holds the targets the engine assesses; the issuer is the one its section 四（二） makes responsible for carrying it out (区人民政府负责规划实施工作). ' +
      'The publication date is not in the text kept in this repository.',
  };
}

/**
 * The 2026–2030 successor as a draft: one target per indicator of the 2021–2025 plan, each with no value and
 * valueStatus to-be-set, so an administrator sees what is still to decide; the comparator is the
 * predecessor's, a starting point the administrator may change. A draft raises no alerts.
 */
export function districtSuccessorDraft(predecessor: PlanDocument = districtPlan()): PlanDocument {
  return {
    schema: PLAN_FORMAT,
    id: DISTRICT_SUCCESSOR_ID,
    version: 1,
    status: 'draft',
    name: { zh: '云岩区妇女发展规划（2026—2030年）', en: "Yunyan District Women's Development Plan (2026–2030)" },
    ...DISTRICT,
    period: { start: 2026, end: 2030 },
    baselineYear: 2025,
    source: { title: '云岩区妇女发展规划（2026—2030年）（草案）', issuer: ISSUER },
    targets: predecessor.targets.map((t) => ({ indicator: t.indicator, comparator: t.comparator, value: null, valueStatus: 'to-be-set' as const, targetYear: 2030 })),
    notes: 'A draft being written: every target waits for an administrator to set its value (valueStatus to-be-set); the comparators are the 2021–2025 plan’s, as a starting point.',
  };
}

/** The plans this library builds from code, by id: what `npm run plan -- export <id>` prints. */
export const BUILT_IN_PLANS: Readonly<Record<string, () => PlanDocument>> = {
  [DISTRICT_PLAN_ID]: () => districtPlan(),
  [DISTRICT_SUCCESSOR_ID]: () => districtSuccessorDraft(),
};
