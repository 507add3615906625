import { INDICATORS } from '@wdp/indicators';
import { streamOf } from '@wdp/demo-data';
import { type Arrival, completenessCells, datasetsOf, lateDatasets } from '../../apps/monitoring-service/src/completeness/completeness';
import { poisson } from './sampling';

export interface LateTally {
  series: number;
  /** Series with a late_dataset alert at any check. */
  raised: number;
  /** The most late_dataset alerts open at once (one cause, one alert: 1 for a street that stops). */
  maxAlertsPerCause: number;
}

/**
 * Records a street has in a month: births, Poisson with mean 30 (on_time, street_stops: the first street sends
 * nothing after June 2023, district_stops: no street does, the missing-data check's case); rare events, one record
 * in 30 % of months (sparse); a small steady count, Poisson with mean 2, zero in one month of seven (few). A month
 * without records sends nothing: departments send records, not nil returns.
 */
export type LateScenario = 'on_time' | 'sparse' | 'few' | 'street_stops' | 'district_stops';

const MEAN: Record<LateScenario, number> = { on_time: 30, sparse: 0, few: 2, street_stops: 30, district_stops: 30 };

const DISTRICT = '520103';
const STREETS = ['520103001', '520103002', '520103003'];
/** Checks twice a month from January 2021 to the end of 2026, as the periodic job would. */
const CHECKS: Date[] = Array.from({ length: 6 * 24 }, (_, i) => new Date(Date.UTC(2021 + Math.floor(i / 24), Math.floor((i % 24) / 2), i % 2 ? 16 : 1)));

/**
 * A monthly dataset due 15 days after the month (live births' schedule) from three streets, each month with records
 * sent at a random moment between the month's end and its deadline. Each check runs the service's own completeness model and
 * late-dataset verdicts and counts the alerts they would hold open.
 */
export function simulateLate(scenario: LateScenario, count: number, seed: number): LateTally {
  const dataset = datasetsOf(INDICATORS).find((d) => d.key === 'health/live-birth')!;
  const rng = streamOf(seed, `late/${scenario}`);
  let raised = 0;
  let maxAlertsPerCause = 0;
  for (let s = 0; s < count; s++) {
    const arrivals: Arrival[] = [];
    for (let year = dataset.firstYear; year <= dataset.lastYear; year++) {
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        const opens = Date.UTC(year, month, 1);
        const due = Date.UTC(year, month, 15, 16); // the end of the 15th, China time
        STREETS.forEach((street, i) => {
          const stopped = (scenario === 'district_stops' || (scenario === 'street_stops' && i === 0)) && period > '2023-06';
          const records = stopped ? 0 : scenario === 'sparse' ? Number(rng.next() < 0.3) : poisson(rng, MEAN[scenario]);
          if (records === 0) return;
          const at = new Date(opens + rng.next() * (due - opens - 60_000));
          // Records roll up: the district receives with its streets.
          arrivals.push({ dataset: dataset.key, areaCode: street, period, firstAt: at, lastAt: at, records }, { dataset: dataset.key, areaCode: DISTRICT, period, firstAt: at, lastAt: at, records });
        });
      }
    }
    let any = false;
    for (const now of CHECKS) {
      const verdicts = lateDatasets([dataset], completenessCells([dataset], { records: [DISTRICT, ...STREETS], returns: [] }, arrivals, now), DISTRICT);
      const open = verdicts.filter((v) => v.missing.length > 0).length;
      maxAlertsPerCause = Math.max(maxAlertsPerCause, open);
      any ||= open > 0;
    }
    if (any) raised++;
  }
  return { series: count, raised, maxAlertsPerCause };
}
