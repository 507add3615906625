import type { AreaIndex } from '@wdp/contracts';
import { INDICATORS } from '@wdp/indicators';
import { type DemoDataSet, planOf, type Scenario, TARGET_YEAR } from '@wdp/demo-data';
import { assessDemo, type DemoAssessment, DemoEvaluator } from './evaluate';

export interface ScenarioCheck extends DemoAssessment {
  scenario: Scenario;
  why: string;
  /** The generated data show what the scenario promises. */
  holds: boolean;
}

/** Whether an assessment shows the scenario's signature. */
export function scenarioHolds(scenario: Scenario, a: DemoAssessment): boolean {
  switch (scenario) {
    case 'achieved':
    case 'on_track':
    case 'acceleration_needed':
    case 'limited':
    case 'deteriorating':
      return a.status === scenario;
    case 'fluctuating':
      return a.fluctuating;
    case 'gap_widening':
      return a.gapWidening === true && (a.status === 'on_track' || a.status === 'achieved');
    case 'missing_recent':
      return a.series.length > 0 && a.series.at(-1)!.year === TARGET_YEAR - 1;
  }
}

/** Every indicator's planned scenario next to what the generated district data show. */
export function checkScenarios(data: DemoDataSet, areas: AreaIndex): ScenarioCheck[] {
  const evaluator = new DemoEvaluator(data, areas);
  const years = Array.from({ length: TARGET_YEAR - data.from + 1 }, (_, i) => data.from + i);
  return INDICATORS.map((indicator) => {
    const plan = planOf(indicator);
    const a = assessDemo(evaluator, indicator, years);
    return { ...a, scenario: plan.scenario, why: plan.why, holds: scenarioHolds(plan.scenario, a) };
  });
}
