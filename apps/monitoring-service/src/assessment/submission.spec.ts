import { indicatorByCode } from '@wdp/indicators';
import { deadlineRuleOf } from './assessment-spec';
import { latestAtFrequency, submissionSourcesOf, submissionStatusOf } from './submission';

describe('missing data', () => {
  const mmr = indicatorByCode('HEA-02')!; // monthly, 15 days
  const lifeExpectancy = indicatorByCode('HEA-01')!; // annual return, 180 days

  it('waits on the denominator of a ratio, not on a rare numerator', () => {
    expect(submissionSourcesOf(mmr)).toEqual([{ type: 'records', key: 'health/live-birth' }]);
    expect(submissionSourcesOf(lifeExpectancy)).toEqual([{ type: 'return', key: 'health/life-expectancy' }]);
  });

  it('expresses deadlines in whole months', () => {
    expect(deadlineRuleOf(mmr)).toEqual({ monthsAfterPeriodEnd: 1, dayOfMonth: 15 });
    expect(deadlineRuleOf(lifeExpectancy)).toEqual({ monthsAfterPeriodEnd: 6 });
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
