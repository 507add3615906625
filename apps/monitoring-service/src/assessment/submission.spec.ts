import { indicatorByCode } from '@wdp/indicators';
import { latestAtFrequency, missingDataDecisions, submissionSourcesOf, submissionStatusesOf, submissionStatusOf } from './submission';

describe('missing data', () => {
  const mmr = indicatorByCode('HEA-02')!; // monthly, 15 days
  const lifeExpectancy = indicatorByCode('HEA-01')!; // annual return, 180 days

  it('waits on the denominator of a ratio, not on a rare numerator', () => {
    expect(submissionSourcesOf(mmr)).toEqual([{ type: 'records', key: 'health/live-birth' }]);
    expect(submissionSourcesOf(lifeExpectancy)).toEqual([{ type: 'return', key: 'health/life-expectancy' }]);
  });

  it('rolls received periods to the reporting frequency', () => {
    expect(latestAtFrequency(['2023', '2024-05', '2024-02'], 'monthly')).toBe('2024-05');
    expect(latestAtFrequency(['2023'], 'quarterly')).toBe('2023-Q4');
    expect(latestAtFrequency(['2024-05'], 'annual')).toBe('2024');
    expect(latestAtFrequency([], 'annual')).toBeNull();
  });

  it('is overdue once a deadline passes without the next submission', () => {
    const received = new Map([['health/life-expectancy', ['2023']]]);
    const before = submissionStatusOf(lifeExpectancy, received, new Date('2025-06-20T00:00:00Z'));
    expect(before!.check.overdue).toBe(false);
    const after = submissionStatusOf(lifeExpectancy, received, new Date('2025-07-02T00:00:00Z'));
    expect(after!.check.overdue).toBe(true);
    expect(after!.check.missing.map((m) => m.period)).toEqual(['2024']);
  });

  it('judges records per year: a year is received once any month of it is', () => {
    const received = new Map([['health/live-birth', ['2024-06']]]);
    expect(submissionStatusOf(mmr, received, new Date('2025-01-10T00:00:00Z'))!.check.overdue).toBe(false);
    const late = submissionStatusOf(mmr, received, new Date('2026-01-20T00:00:00Z'))!;
    expect(late.frequency).toBe('annual');
    expect(late.check.missing.map((m) => m.period)).toEqual(['2025']);
  });

  it('expects nothing after the plan’s target year', () => {
    const received = new Map([['health/life-expectancy', ['2025']]]);
    expect(submissionStatusOf(lifeExpectancy, received, new Date('2030-01-01T00:00:00Z'))!.check.overdue).toBe(false);
    const stopped = new Map([['health/life-expectancy', ['2023']]]);
    expect(submissionStatusOf(lifeExpectancy, stopped, new Date('2030-01-01T00:00:00Z'))!.check.missing.map((m) => m.period)).toEqual(['2024', '2025']);
  });

  it('does not judge a source that never reported', () => {
    expect(submissionStatusOf(lifeExpectancy, new Map(), new Date('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('one cause, one alert: a missing shared source', () => {
  // Resident population (a statistics return) is the denominator of eight indicators; HEA-01 has its own return.
  const waitingFor = ['HEA-03', 'HEA-04', 'HEA-05', 'SOC-02', 'SOC-03', 'FAM-03', 'LAW-02', 'LAW-07'];
  const dependents = waitingFor.map((c) => indicatorByCode(c)!);
  const lifeExpectancy = indicatorByCode('HEA-01')!;
  const waiting = new Map<string, string[]>([['statistics/resident-population', waitingFor], ['health/life-expectancy', ['HEA-01']]]);
  const now = new Date('2025-07-02T00:00:00Z');
  const statusesWith = (received: Map<string, string[]>) =>
    new Map([...dependents, lifeExpectancy].map((i) => [i.code, submissionStatusesOf(i, received, now)]));

  it('raises one missing_data alert that names the return and every indicator it blocks', () => {
    const received = new Map([['statistics/resident-population', ['2022']], ['health/life-expectancy', ['2024']]]);
    expect(dependents.every((i) => submissionStatusOf(i, received, now)!.check.overdue)).toBe(true);
    const decisions = missingDataDecisions(statusesWith(received), waiting);
    const raising = decisions.filter((d) => d.worst);
    expect(raising.map((d) => d.indicatorCode)).toEqual(['FAM-03']);
    expect(raising[0].sources).toEqual([expect.objectContaining({ source: { type: 'return', key: 'statistics/resident-population' }, blocks: [...waitingFor].sort() })]);
    for (const d of decisions.filter((x) => x.indicatorCode !== 'FAM-03' && x.indicatorCode !== 'HEA-01')) {
      expect(d).toMatchObject({ worst: null, reportedOn: [{ indicatorCode: 'FAM-03' }] });
    }
    expect(decisions.find((d) => d.indicatorCode === 'HEA-01')).toMatchObject({ worst: null, reportedOn: [] });
  });

  it('keeps an unshared source’s alert on its own indicator, beside the shared one', () => {
    const received = new Map([['statistics/resident-population', ['2022']], ['health/life-expectancy', ['2022']]]);
    const raising = missingDataDecisions(statusesWith(received), waiting).filter((d) => d.worst);
    expect(raising.map((d) => [d.indicatorCode, d.sources.map((s) => s.source.key)])).toEqual([
      ['FAM-03', ['statistics/resident-population']],
      ['HEA-01', ['health/life-expectancy']],
    ]);
  });

  it('puts the alert on the catalogue’s first waiting indicator even when only others were decided', () => {
    const received = new Map([['statistics/resident-population', ['2022']]]);
    const onlyTwo = new Map(['SOC-02', 'LAW-07'].map((c) => [c, submissionStatusesOf(indicatorByCode(c)!, received, now)]));
    const raising = missingDataDecisions(onlyTwo, waiting).filter((d) => d.worst);
    expect(raising).toEqual([expect.objectContaining({ indicatorCode: 'FAM-03', sources: [expect.objectContaining({ blocks: ['LAW-07', 'SOC-02'] })] })]);
  });
});
