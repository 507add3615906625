import { deadlineRuleOf, indicatorByCode, INDICATORS, type IndicatorDefinition } from '@wdp/indicators';
import { missingDataDecisions, submissionSourcesOf, submissionStatusesOf } from '../../apps/monitoring-service/src/assessment/submission';
import { deadlineOf, period } from '@wdp/methodology';
import { streamOf } from '@wdp/demo-data';

export interface MissingTally {
  series: number;
  /** Series with a missing_data alert at any check (false alarms when every return arrived in time). */
  raised: number;
  /** The most missing_data alerts open at once for one cause (one cause, one alert: 1). */
  maxAlertsPerCause: number;
}

/** Checks twice a month from January 2021 to the end of 2026, as the periodic job would. */
const CHECKS: Date[] = Array.from({ length: 6 * 24 }, (_, i) => new Date(Date.UTC(2021 + Math.floor(i / 24), Math.floor((i % 24) / 2), i % 2 ? 16 : 1)));

/**
 * Annual returns of 2020–2025, each filed at a random moment between the end of its year and its deadline
 * (on time), or — with `stopAfter` — none after that year (a department that stopped filing). Every
 * indicator waiting for the return is checked at each date and the service's own decisions counted.
 */
export function simulateMissing(source: 'own' | 'shared', stopAfter: number | null, count: number, seed: number): MissingTally {
  const indicators: IndicatorDefinition[] = source === 'own' ? [indicatorByCode('HEA-01')!] : INDICATORS.filter((i) => submissionSourcesOf(i).some((s) => s.key === 'statistics/resident-population'));
  const key = submissionSourcesOf(indicators[0]).find((s) => source === 'own' || s.key === 'statistics/resident-population')!.key;
  const waiting = new Map([[key, indicators.map((i) => i.code)]]);
  const deadline = deadlineRuleOf(indicators[0]);
  const rng = streamOf(seed, `missing/${source}/${stopAfter}`);
  let raised = 0;
  let maxAlertsPerCause = 0;
  for (let s = 0; s < count; s++) {
    const filed = [2020, 2021, 2022, 2023, 2024, 2025]
      .filter((y) => stopAfter === null || y <= stopAfter)
      .map((y) => {
        const opens = Date.UTC(y + 1, 0, 1);
        const due = deadlineOf(period('annual', y, 1), deadline).getTime();
        return { period: String(y), at: opens + rng.next() * (due - opens - 3_600_000) };
      });
    let any = false;
    for (const now of CHECKS) {
      const received = new Map([[key, filed.filter((f) => f.at <= now.getTime()).map((f) => f.period)]]);
      const statuses = new Map(indicators.map((i) => [i.code, submissionStatusesOf(i, received, now)]));
      const alerts = missingDataDecisions(statuses, waiting).filter((d) => d.worst).length;
      maxAlertsPerCause = Math.max(maxAlertsPerCause, alerts);
      any ||= alerts > 0;
    }
    if (any) raised++;
  }
  return { series: count, raised, maxAlertsPerCause };
}
