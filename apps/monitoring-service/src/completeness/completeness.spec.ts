import { indicatorByCode, INDICATORS } from '@wdp/indicators';
import { lateDatasetTransitions } from './late-dataset-alerts';
import { type Arrival, completenessCells, type Dataset, datasetsOf, datasetTallies, groupCells, lateDatasets, periodsCovered, regularRun, slotOwners, tally } from './completeness';

const at = (iso: string) => new Date(iso);

/** A monthly record series due 15 days after each month (end of the 15th, UTC+8), expected in 2024 only. */
const births: Dataset = {
  key: 'health/live-birth',
  type: 'records',
  department: 'health',
  frequency: 'monthly',
  deadline: { monthsAfterPeriodEnd: 1, dayOfMonth: 15 },
  deadlineDaysAfterPeriodEnd: 15,
  firstYear: 2024,
  lastYear: 2024,
  indicators: ['HEA-02'],
  slotCandidates: ['HEA-02'],
};
/** An annual return due at the end of March. */
const population: Dataset = {
  key: 'statistics/resident-population',
  type: 'return',
  department: 'statistics',
  frequency: 'annual',
  deadline: { monthsAfterPeriodEnd: 3 },
  deadlineDaysAfterPeriodEnd: 90,
  firstYear: 2023,
  lastYear: 2025,
  indicators: ['FAM-03', 'HEA-03'],
  slotCandidates: ['FAM-03', 'HEA-03'],
};
const AREAS = { records: ['520103', '520103001', '520103002'], returns: ['520103'] };
// 2024-01 is due by the end of 15 February, China time: 2024-02-15T16:00:00Z.
const JAN_DUE = '2024-02-15T16:00:00.000Z';
const arrival = (dataset: string, areaCode: string, period: string, firstAt: string, lastAt = firstAt, records = 10): Arrival => ({
  dataset,
  areaCode,
  period,
  firstAt: at(firstAt),
  lastAt: at(lastAt),
  records,
});

describe('completeness: expected vs received, on time vs late', () => {
  it('expects only periods whose deadline has passed as of the instant asked about', () => {
    const before = completenessCells([births], AREAS, [], at('2024-02-15T15:59:59.999Z'));
    expect(before).toEqual([]);
    const after = completenessCells([births], AREAS, [], at(JAN_DUE));
    expect(after.map((c) => [c.period, c.areaCode, c.status, c.dueBy])).toEqual(AREAS.records.map((a) => ['2024-01', a, 'missing', JAN_DUE]));
  });

  it('counts data that first arrived in the last millisecond before the deadline as on time, and at the deadline as late', () => {
    const cells = completenessCells(
      [births],
      { ...AREAS, records: ['520103001', '520103002'] },
      [arrival(births.key, '520103001', '2024-01', '2024-02-15T15:59:59.999Z', '2024-03-01T00:00:00Z'), arrival(births.key, '520103002', '2024-01', JAN_DUE)],
      at('2024-03-20T00:00:00Z'),
    );
    const jan = cells.filter((c) => c.period === '2024-01');
    expect(jan.map((c) => [c.areaCode, c.status, c.firstArrivalAt, c.lastArrivalAt])).toEqual([
      ['520103001', 'on_time', '2024-02-15T15:59:59.999Z', '2024-03-01T00:00:00.000Z'],
      ['520103002', 'late', JAN_DUE, JAN_DUE],
    ]);
  });

  it('does not see arrivals after the instant asked about, so a past answer never changes', () => {
    const late = [arrival(births.key, '520103', '2024-01', '2024-05-01T00:00:00Z')];
    const one = { ...AREAS, records: ['520103'] };
    expect(completenessCells([births], one, late, at('2024-04-01T00:00:00Z'))[0].status).toBe('missing');
    expect(completenessCells([births], one, late, at('2024-06-01T00:00:00Z'))[0].status).toBe('late');
  });

  it('tallies partial areas: one street on time, one late, the district missing', () => {
    const cells = completenessCells(
      [births],
      AREAS,
      [arrival(births.key, '520103001', '2024-01', '2024-02-01T00:00:00Z'), arrival(births.key, '520103002', '2024-01', '2024-02-20T00:00:00Z')],
      at('2024-02-20T00:00:00Z'),
    );
    const [jan] = groupCells(cells);
    expect(jan).toMatchObject({ department: 'health', dataset: births.key, period: '2024-01', expected: 3, received: 2, onTime: 1, late: 1, missing: 1, completenessRate: 0.6667, timelinessRate: 0.3333 });
    expect(jan.areas.map((a) => a.status)).toEqual(['missing', 'on_time', 'late']);
  });

  it('tallies per department × dataset over every period and area', () => {
    const cells = completenessCells([births, population], AREAS, [arrival(births.key, '520103', '2024-01', '2024-02-01T00:00:00Z'), arrival(population.key, '520103', '2023', '2024-05-01T00:00:00Z')], at('2024-04-20T00:00:00Z'));
    expect(datasetTallies(cells)).toEqual([
      { department: 'health', dataset: births.key, type: 'records', expected: 9, received: 1, onTime: 1, late: 0, missing: 8, completenessRate: 0.1111, timelinessRate: 0.1111 },
      { department: 'statistics', dataset: population.key, type: 'return', expected: 1, received: 0, onTime: 0, late: 0, missing: 1, completenessRate: 0, timelinessRate: 0 },
    ]);
  });

  it('has no rate where nothing is expected', () => {
    expect(tally([])).toEqual({ expected: 0, received: 0, onTime: 0, late: 0, missing: 0, completenessRate: null, timelinessRate: null });
    expect(completenessCells([births], { records: [], returns: [] }, [], at('2025-06-01T00:00:00Z'))).toEqual([]);
  });

  it('expects nothing outside the dataset’s plan years', () => {
    const cells = completenessCells([population], AREAS, [], at('2030-01-01T00:00:00Z'));
    expect(cells.map((c) => c.period)).toEqual(['2023', '2024', '2025']);
    expect(cells.every((c) => c.areaCode === '520103')).toBe(true);
  });

  it('rolls data sent for a finer or coarser period onto the dataset’s own', () => {
    expect(periodsCovered('2024-05', 'quarterly')).toEqual(['2024-Q2']);
    expect(periodsCovered('2024-Q3', 'monthly')).toEqual(['2024-07', '2024-08', '2024-09']);
    expect(periodsCovered('2024', 'quarterly')).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(periodsCovered('2024-11', 'annual')).toEqual(['2024']);
    expect(periodsCovered('not a period', 'annual')).toEqual([]);
  });

  it('takes the earliest arrival of any part of a period as its first, and ignores unknown datasets', () => {
    const quarterly: Dataset = { ...births, key: 'family/x', department: 'family', frequency: 'quarterly', deadline: { monthsAfterPeriodEnd: 1 } };
    const cells = completenessCells(
      [quarterly],
      { records: ['520103'], returns: [] },
      [arrival('family/x', '520103', '2024-03', '2024-04-10T00:00:00Z'), arrival('family/x', '520103', '2024-01', '2024-02-01T00:00:00Z'), arrival('other/kind', '520103', '2024-01', '2024-01-02T00:00:00Z')],
      at('2024-05-01T00:00:00Z'),
    );
    expect(cells).toEqual([expect.objectContaining({ period: '2024-Q1', status: 'on_time', firstArrivalAt: '2024-02-01T00:00:00.000Z', lastArrivalAt: '2024-04-10T00:00:00.000Z', records: 20 })]);
  });
});

describe('late datasets: one verdict per dataset × area', () => {
  // Births expected from 2023: a street sends regularly once it has sent twelve months in a row.
  const monthly = { ...births, firstYear: 2023 };
  const asOf = at('2024-06-20T00:00:00Z'); // up to May 2024 is due
  const areas = { records: ['520103', '520103001', '520103002'], returns: [] };
  const months = Array.from({ length: 17 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`); // 2023-01 … 2024-05
  const sent = (area: string, periods: readonly string[], when = '2024-02-01T00:00:00Z', records = 10) => periods.map((p) => arrival(monthly.key, area, p, when, when, records));
  // The district has every month: street 002 sends them all.
  const others = [...sent('520103', months), ...sent('520103002', months)];
  const verdictOf = (street1: readonly string[], extra: Arrival[] = []) =>
    lateDatasets([monthly], completenessCells([monthly], areas, [...others, ...sent('520103001', street1), ...extra], asOf), '520103').find((v) => v.areaCode === '520103001');
  const except = (...gaps: string[]) => months.filter((m) => !gaps.includes(m));

  it('asks a year of periods in a row of a regular sender, at least three', () => {
    expect([regularRun({ frequency: 'monthly' }), regularRun({ frequency: 'quarterly' }), regularRun({ frequency: 'annual' })]).toEqual([12, 4, 3]);
  });

  it('names the months a regular sender stopped sending while the district has them', () => {
    expect(verdictOf(except('2024-04', '2024-05'))?.missing.map((m) => m.period)).toEqual(['2024-04', '2024-05']);
    // A month skipped between regular ones is late too, until it comes.
    expect(verdictOf(except('2024-04'))?.missing.map((m) => m.period)).toEqual(['2024-04']);
  });

  it('does not take silence for lateness where an area sends irregularly or little (a true zero is possible)', () => {
    // Eleven months in a row, then a gap; and every other month.
    expect(verdictOf(months.slice(2, 13))).toMatchObject({ missing: [] });
    expect(verdictOf(months.filter((_, i) => i % 2 === 0))).toMatchObject({ missing: [] });
    // Every month for over a year, but four records a month: a month without any is no news; five a month, it is.
    expect(verdictOf([], sent('520103001', except('2024-04', '2024-05'), '2024-02-01T00:00:00Z', 4))).toMatchObject({ missing: [] });
    expect(verdictOf([], sent('520103001', except('2024-04', '2024-05'), '2024-02-01T00:00:00Z', 5))?.missing.map((m) => m.period)).toEqual(['2024-04', '2024-05']);
  });

  it('leaves a period the whole district lacks to the missing-data check, and never judges an area that never sent', () => {
    const regular = [...sent('520103', months.slice(0, 13)), ...sent('520103001', months.slice(0, 13))];
    const verdicts = lateDatasets([monthly], completenessCells([monthly], areas, regular, asOf), '520103');
    expect(verdicts).toEqual([expect.objectContaining({ areaCode: '520103001', missing: [] })]);
  });

  it('clears once the data arrives, even late', () => {
    expect(verdictOf(except('2024-04', '2024-05'), sent('520103001', ['2024-04', '2024-05'], '2024-06-19T00:00:00Z'))).toMatchObject({ missing: [] });
  });
});

describe('the catalogue’s datasets', () => {
  const datasets = datasetsOf(INDICATORS);

  it('are the sources of the missing-data check, each at its most frequent reporting and earliest deadline', () => {
    const births = datasets.find((d) => d.key === 'health/live-birth')!;
    expect(births).toMatchObject({ type: 'records', department: 'health', frequency: 'monthly', deadlineDaysAfterPeriodEnd: 15, firstYear: 2021, lastYear: 2025 });
    const population = datasets.find((d) => d.key === 'statistics/resident-population')!;
    expect(population).toMatchObject({ type: 'return', department: 'statistics', frequency: 'annual' });
    expect(population.indicators.length).toBeGreaterThan(1);
  });

  it('each own a different indicator’s alert slot, of their own department', () => {
    const owners = slotOwners(datasets);
    expect(owners.size).toBe(datasets.length);
    expect(new Set(owners.values()).size).toBe(datasets.length);
    for (const d of datasets) {
      expect(d.indicators).toContain(owners.get(d.key));
      if (d.type === 'records') expect(indicatorByCode(owners.get(d.key)!)!.department).toBe(d.department);
    }
  });
});

describe('late_dataset alerts', () => {
  const owners = new Map([[births.key, 'HEA-02']]);

  it('raise one alert per dataset × area naming the late periods and the indicators waiting, and resolve when none is left', () => {
    const now = at('2024-05-20T00:00:00Z');
    const [raise, resolve] = lateDatasetTransitions(
      [
        { dataset: births, areaCode: '520103001', missing: [{ period: '2024-03', dueBy: '2024-04-15T16:00:00.000Z' }] },
        { dataset: births, areaCode: '520103002', missing: [] },
      ],
      owners,
      now,
    );
    expect(raise).toMatchObject({ indicatorCode: 'HEA-02', areaCode: '520103001', sex: 'T', kind: 'late_dataset', action: 'raise', assessmentStatus: 'late' });
    expect(raise.components).toMatchObject({ dataset: births.key, department: 'health', missing: [{ period: '2024-03' }], daysOverdue: 34, blocks: ['HEA-02'] });
    expect(resolve).toMatchObject({ areaCode: '520103002', action: 'resolve', assessmentStatus: 'received' });
  });
});
