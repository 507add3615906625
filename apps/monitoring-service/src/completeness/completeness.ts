import { deadlineOf, type DeadlineRule, formatPeriod, type Frequency, period } from '@wdp/methodology';
import { parsePeriod } from '@wdp/contracts';
import { deadlineRuleOf, type IndicatorDefinition } from '@wdp/indicators';
import { submissionSourcesOf } from '../assessment/submission';

/**
 * A dataset a department owes: a record series (its input key) or a return kind (`department/kind`) whose
 * silence means an indicator's data is missing — the sources of the missing-data check (submissionSourcesOf),
 * so completeness and that check agree on what is expected.
 */
export interface Dataset {
  key: string;
  type: 'records' | 'return';
  department: string;
  /** The most frequent reporting frequency among the indicators waiting for it, and the earliest deadline at it. */
  frequency: Frequency;
  deadline: DeadlineRule;
  deadlineDaysAfterPeriodEnd: number;
  /** The plan years it is expected for: the year after the earliest baseline to the latest target year. */
  firstYear: number;
  lastYear: number;
  /** Codes of every indicator waiting for it, sorted. */
  indicators: string[];
  /** The same, the dataset's own department's first: the alert slot a late dataset takes is one of them (slotOwners). */
  slotCandidates: string[];
}

const RANK: Record<Frequency, number> = { annual: 0, quarterly: 1, monthly: 2 };
const PER_YEAR: Record<Frequency, number> = { annual: 1, quarterly: 4, monthly: 12 };

/** The datasets the catalogue expects, by key. Pure. */
export function datasetsOf(catalogue: readonly IndicatorDefinition[]): Dataset[] {
  const byKey = new Map<string, { type: Dataset['type']; indicators: IndicatorDefinition[] }>();
  for (const indicator of catalogue) {
    for (const s of submissionSourcesOf(indicator)) {
      const entry = byKey.get(s.key) ?? { type: s.type, indicators: [] };
      entry.indicators.push(indicator);
      byKey.set(s.key, entry);
    }
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { type, indicators }]) => {
      const department = key.slice(0, key.indexOf('/'));
      const frequency = indicators.map((i) => i.reporting.frequency).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
      const strictest = indicators.filter((i) => i.reporting.frequency === frequency).reduce((a, b) => (b.reporting.deadlineDaysAfterPeriodEnd < a.reporting.deadlineDaysAfterPeriodEnd ? b : a));
      return {
        key,
        type,
        department,
        frequency,
        deadline: deadlineRuleOf(strictest),
        deadlineDaysAfterPeriodEnd: strictest.reporting.deadlineDaysAfterPeriodEnd,
        firstYear: Math.min(...indicators.map((i) => i.baseline.year)) + 1,
        lastYear: Math.max(...indicators.map((i) => i.targetYear)),
        indicators: indicators.map((i) => i.code).sort(),
        slotCandidates: [...indicators]
          .sort((a, b) => Number(b.department === department) - Number(a.department === department) || a.code.localeCompare(b.code))
          .map((i) => i.code),
      };
    });
}

/** When data of a dataset for one period (as sent: a record month, a return's period) and area reached monitoring. */
export interface Arrival {
  dataset: string;
  areaCode: string;
  period: string;
  firstAt: Date;
  lastAt: Date;
  /** Records (or returns) received for it so far. */
  records: number;
}

/**
 * Who must report what. Records roll up (every record counts in its community's street and in the
 * district), so every assessed area is expected to have them; returns are filed for one area and not
 * rolled up, and the plan asks the district's.
 */
export interface ExpectedAreas {
  records: readonly string[];
  returns: readonly string[];
}

export type CellStatus = 'on_time' | 'late' | 'missing';

/** One department × dataset × period × area whose deadline has passed as of the instant asked about. */
export interface CompletenessCell {
  department: string;
  dataset: string;
  type: Dataset['type'];
  period: string;
  areaCode: string;
  /** The deadline instant: data first arriving before it is on time, at or after it late. */
  dueBy: string;
  status: CellStatus;
  firstArrivalAt: string | null;
  lastArrivalAt: string | null;
  /** Records (or returns) received for it by now, not as of the instant: only what silence means is judged on it. */
  records: number;
}

/** The periods of `frequency` that data sent for `code` covers: the one containing it, or every one inside it. */
export function periodsCovered(code: string, frequency: Frequency): string[] {
  const p = parsePeriod(code);
  if (!p) return [];
  const first = p.month ?? (p.quarter ? p.quarter * 3 - 2 : 1);
  const last = p.month ?? (p.quarter ? p.quarter * 3 : 12);
  const per = PER_YEAR[frequency];
  const out = new Set<string>();
  for (let m = first; m <= last; m++) out.add(formatPeriod(period(frequency, p.year, Math.ceil((m * per) / 12))));
  return [...out];
}

/**
 * Expected vs received, on time vs late, as of `asOf`: for every dataset, every period of its plan years
 * whose deadline has passed by `asOf`, in every area that must report it. Arrivals after `asOf` are not
 * seen, so the answer about a past instant never changes. A period's data is received with its first
 * arrival, on time when that came before the deadline. Pure.
 */
export function completenessCells(datasets: readonly Dataset[], areas: ExpectedAreas, arrivals: readonly Arrival[], asOf: Date): CompletenessCell[] {
  const seen = new Map<string, { first: Date; last: Date; records: number }>();
  const byKey = new Map(datasets.map((d) => [d.key, d]));
  for (const a of arrivals) {
    const d = byKey.get(a.dataset);
    if (!d || a.firstAt > asOf) continue;
    const last = a.lastAt > asOf ? a.firstAt : a.lastAt;
    for (const p of periodsCovered(a.period, d.frequency)) {
      const key = `${d.key}\u0000${a.areaCode}\u0000${p}`;
      const s = seen.get(key);
      seen.set(key, s ? { first: s.first < a.firstAt ? s.first : a.firstAt, last: s.last > last ? s.last : last, records: s.records + a.records } : { first: a.firstAt, last, records: a.records });
    }
  }
  const cells: CompletenessCell[] = [];
  for (const d of datasets) {
    const due = duePeriods(d, asOf);
    for (const areaCode of d.type === 'records' ? areas.records : areas.returns) {
      for (const { code, dueBy } of due) {
        const s = seen.get(`${d.key}\u0000${areaCode}\u0000${code}`);
        cells.push({
          department: d.department,
          dataset: d.key,
          type: d.type,
          period: code,
          areaCode,
          dueBy: dueBy.toISOString(),
          status: !s ? 'missing' : s.first < dueBy ? 'on_time' : 'late',
          firstArrivalAt: s ? s.first.toISOString() : null,
          lastArrivalAt: s ? s.last.toISOString() : null,
          records: s?.records ?? 0,
        });
      }
    }
  }
  return cells;
}

/** The dataset's periods, within its plan years, whose deadline has passed by `asOf`. */
function duePeriods(d: Dataset, asOf: Date): { code: string; dueBy: Date }[] {
  const out: { code: string; dueBy: Date }[] = [];
  for (let year = d.firstYear; year <= d.lastYear; year++) {
    for (let index = 1; index <= PER_YEAR[d.frequency]; index++) {
      const p = period(d.frequency, year, index);
      const dueBy = deadlineOf(p, d.deadline);
      if (dueBy > asOf) return out;
      out.push({ code: formatPeriod(p), dueBy });
    }
  }
  return out;
}

/** Counts and rates of a set of cells. */
export interface CompletenessTally {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  /** received ÷ expected; null when nothing is expected. */
  completenessRate: number | null;
  /** on time ÷ expected; null when nothing is expected. */
  timelinessRate: number | null;
}

export function tally(cells: readonly Pick<CompletenessCell, 'status'>[]): CompletenessTally {
  const onTime = cells.filter((c) => c.status === 'on_time').length;
  const late = cells.filter((c) => c.status === 'late').length;
  const expected = cells.length;
  const rate = (n: number) => (expected === 0 ? null : Math.round((n / expected) * 10_000) / 10_000);
  return { expected, received: onTime + late, onTime, late, missing: expected - onTime - late, completenessRate: rate(onTime + late), timelinessRate: rate(onTime) };
}

/** One department × dataset: its tally over every period and area. */
export interface DatasetTally extends CompletenessTally {
  department: string;
  dataset: string;
  type: Dataset['type'];
}

/** Cells tallied per department × dataset, in department, dataset order. Pure. */
export function datasetTallies(cells: readonly CompletenessCell[]): DatasetTally[] {
  const groups = new Map<string, CompletenessCell[]>();
  for (const c of cells) pushTo(groups, `${c.department}\u0000${c.dataset}`, c);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => ({ department: list[0].department, dataset: list[0].dataset, type: list[0].type, ...tally(list) }));
}

/** One department × dataset × period: its tally over the areas, and each area's cell. */
export interface CompletenessGroup extends CompletenessTally {
  department: string;
  dataset: string;
  type: Dataset['type'];
  period: string;
  dueBy: string;
  areas: CompletenessCell[];
}

/** Cells grouped by department × dataset × period, in department, dataset, period order. Pure. */
export function groupCells(cells: readonly CompletenessCell[]): CompletenessGroup[] {
  const groups = new Map<string, CompletenessCell[]>();
  for (const c of cells) {
    const key = `${c.department}\u0000${c.dataset}\u0000${c.period}`;
    pushTo(groups, key, c);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => {
      const first = list[0];
      const areas = [...list].sort((a, b) => a.areaCode.localeCompare(b.areaCode));
      return { department: first.department, dataset: first.dataset, type: first.type, period: first.period, dueBy: first.dueBy, ...tally(list), areas };
    });
}

/** A dataset late in one area: the due periods it has not sent since it first reported there. */
export interface LateDataset {
  dataset: Dataset;
  areaCode: string;
  /** Oldest first; empty: nothing late (the alert, if any, resolves). */
  missing: { period: string; dueBy: string }[];
}

/**
 * How many periods in a row an area must have sent a dataset before a gap in it counts as late: a year of them,
 * at least three. Rare events (a street with records in 30 % of months) almost never run that long.
 */
export function regularRun(d: Pick<Dataset, 'frequency'>): number {
  return Math.max(3, PER_YEAR[d.frequency]);
}

/**
 * Records a period the area must have averaged over that run for a period without any to be news: a count with
 * mean 5 is zero with probability e⁻⁵ < 0.7 %, while a street with two cases a month has one in seven months
 * without (a true zero). Returns have no zero: one filed is the period's data.
 */
export const MIN_RECORDS_PER_PERIOD = 5;

/**
 * One verdict per dataset × area below the district that has ever sent the dataset. Departments send records,
 * not nil returns, so a period without records may be a true zero (no trafficking case in a street that month):
 * silence means late only where the area sends regularly and enough for a zero to be implausible. Late: a run of
 * due periods the area has not sent, right after it sent `regularRun` periods in a row averaging
 * MIN_RECORDS_PER_PERIOD records, while the district has them from its other areas. One cause,
 * one alert: a period missing for the whole district is the missing-data check's alert (one per source, naming
 * every indicator it blocks), so its areas raise nothing more for it; an area that never sent is not judged, as
 * that check does not judge a source that never reported. A period whose data came late but came is no longer
 * late. Pure.
 */
export function lateDatasets(datasets: readonly Dataset[], cells: readonly CompletenessCell[], districtCode: string): LateDataset[] {
  const districtMissing = new Set(cells.filter((c) => c.areaCode === districtCode && c.status === 'missing').map((c) => `${c.dataset}\u0000${c.period}`));
  const byArea = new Map<string, CompletenessCell[]>();
  for (const c of cells) if (c.areaCode !== districtCode) pushTo(byArea, `${c.dataset}\u0000${c.areaCode}`, c);
  const byKey = new Map(datasets.map((d) => [d.key, d]));
  const out: LateDataset[] = [];
  for (const [key, list] of [...byArea.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (list.every((c) => c.status === 'missing')) continue;
    const [datasetKey, areaCode] = key.split('\u0000');
    const dataset = byKey.get(datasetKey)!;
    const missing: LateDataset['missing'] = [];
    const run = regularRun(dataset);
    let sent: number[] = [];
    let inGap = false;
    for (const c of [...list].sort((a, b) => a.period.localeCompare(b.period))) {
      if (c.status !== 'missing') {
        sent.push(c.records);
        inGap = false;
        continue;
      }
      const last = sent.slice(-run);
      inGap ||= last.length === run && (dataset.type === 'return' || last.reduce((s, n) => s + n, 0) / run >= MIN_RECORDS_PER_PERIOD);
      sent = [];
      if (inGap && !districtMissing.has(`${c.dataset}\u0000${c.period}`)) missing.push({ period: c.period, dueBy: c.dueBy });
    }
    out.push({ dataset, areaCode, missing });
  }
  return out;
}

/**
 * The indicator whose alert slot each dataset's late_dataset alert stands on (alerts are kept per indicator
 * × area × sex × kind, and assigned to the indicator's department): the first waiting indicator, the
 * dataset's own department's before others and then by code, that no earlier dataset took, so two datasets
 * never share a slot. Fixed by the catalogue, not by which datasets happen to be late, so an alert never moves. Pure.
 */
export function slotOwners(datasets: readonly Dataset[]): Map<string, string> {
  const taken = new Set<string>();
  const owners = new Map<string, string>();
  for (const d of [...datasets].sort((a, b) => a.key.localeCompare(b.key))) {
    const owner = d.slotCandidates.find((c) => !taken.has(c)) ?? d.slotCandidates[0];
    taken.add(owner);
    owners.set(d.key, owner);
  }
  return owners;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
