import { checkSubmission, deadlineOf, type SubmissionInput } from './missing-data';
import { formatPeriod, parsePeriod, period } from './periods';

const annual = (lastReceived: string | null, now: string, extra: Partial<SubmissionInput> = {}) =>
  checkSubmission({ frequency: 'annual', deadline: { monthsAfterPeriodEnd: 3 }, lastReceived, now: new Date(now), ...extra });

describe('deadlineOf', () => {
  it('annual data due by March 31 of the following year, end of day Beijing time', () => {
    // Period 2024 ends in December; +3 months = March 2025; last day 31; end of day UTC+8 = 2025-03-31T16:00Z.
    expect(deadlineOf(period('annual', 2024), { monthsAfterPeriodEnd: 3 }).toISOString()).toBe('2025-03-31T16:00:00.000Z');
  });

  it('clamps the day to the month length', () => {
    // Q1 2025 ends in March; +1 month = April (30 days); day 31 → April 30.
    expect(deadlineOf(period('quarterly', 2025, 1), { monthsAfterPeriodEnd: 1, dayOfMonth: 31 }).toISOString()).toBe('2025-04-30T16:00:00.000Z');
  });

  it('rolls over the year for December data', () => {
    expect(deadlineOf(period('monthly', 2024, 12), { monthsAfterPeriodEnd: 1, dayOfMonth: 20, utcOffsetMinutes: 0 }).toISOString()).toBe(
      '2025-01-21T00:00:00.000Z',
    );
  });
});

describe('checkSubmission', () => {
  it('not overdue one second before the deadline ends', () => {
    // 2025-03-31T15:59:59Z is 23:59:59 on March 31 in Guiyang: 2024 is not yet late.
    const r = annual('2023', '2025-03-31T15:59:59Z');
    expect(r).toMatchObject({ overdue: false, latestDuePeriod: '2023', missing: [], daysOverdue: 0 });
    expect(r.nextDue).toEqual({ period: '2024', dueBy: '2025-03-31T16:00:00.000Z' });
  });

  it('overdue from the first instant after the deadline', () => {
    const r = annual('2023', '2025-03-31T16:00:00Z');
    expect(r).toMatchObject({ overdue: true, latestDuePeriod: '2024', daysOverdue: 0 });
    expect(r.missing).toEqual([{ period: '2024', dueBy: '2025-03-31T16:00:00.000Z' }]);
    expect(r.nextDue.period).toBe('2025');
  });

  it('counts whole days since the oldest missing deadline', () => {
    // 2025-06-01T00:00Z − 2025-03-31T16:00Z = 61 days 8 hours → 61.
    expect(annual('2023', '2025-06-01T00:00:00Z').daysOverdue).toBe(61);
  });

  it('lists every missing period, oldest first', () => {
    const r = annual('2021', '2025-05-01T00:00:00Z');
    expect(r.missing.map((m) => m.period)).toEqual(['2022', '2023', '2024']);
    // Oldest deadline 2023-03-31T16:00Z → 2025-05-01 is 761 days 8 hours later.
    expect(r.daysOverdue).toBe(761);
  });

  it('nothing received yet: counts from the first expected period', () => {
    const r = annual(null, '2023-05-01T00:00:00Z', { firstExpected: '2021' });
    expect(r.missing.map((m) => m.period)).toEqual(['2021', '2022']);
  });

  it('nothing received and no first period → error', () => {
    expect(() => annual(null, '2023-05-01T00:00:00Z')).toThrow(/firstExpected/);
  });

  it('an early submission is never overdue', () => {
    const r = annual('2025', '2025-06-01T00:00:00Z');
    expect(r.overdue).toBe(false);
    expect(r.missing).toEqual([]);
  });

  it('quarterly, due on the 15th of the month after the quarter', () => {
    const input = (now: string): SubmissionInput => ({
      frequency: 'quarterly',
      deadline: { monthsAfterPeriodEnd: 1, dayOfMonth: 15 },
      lastReceived: '2024-Q4',
      now: new Date(now),
    });
    // Q1 2025 due end of 2025-04-15 Beijing = 2025-04-15T16:00Z.
    expect(checkSubmission(input('2025-04-15T15:59:59Z')).overdue).toBe(false);
    const late = checkSubmission(input('2025-04-15T16:00:00Z'));
    expect(late.missing).toEqual([{ period: '2025-Q1', dueBy: '2025-04-15T16:00:00.000Z' }]);
    expect(late.nextDue.period).toBe('2025-Q2');
  });

  it('monthly, due on the 20th of the next month', () => {
    const r = checkSubmission({
      frequency: 'monthly',
      deadline: { monthsAfterPeriodEnd: 1, dayOfMonth: 20 },
      lastReceived: '2025-01',
      now: new Date('2025-03-21T02:00:00Z'), // 10:00 on March 21 in Guiyang
    });
    expect(r.missing.map((m) => m.period)).toEqual(['2025-02']);
    expect(r.nextDue).toEqual({ period: '2025-03', dueBy: '2025-04-20T16:00:00.000Z' });
  });

  it('uses local time to find the current period (New Year in Guiyang is still Dec 31 in UTC)', () => {
    // Monthly data due at the end of the same month (monthsAfterPeriodEnd 0): at 2024-12-31T16:30Z it is
    // already January 1 in Guiyang, so December 2024 is now overdue.
    const r = checkSubmission({ frequency: 'monthly', deadline: { monthsAfterPeriodEnd: 0 }, lastReceived: '2024-11', now: new Date('2024-12-31T16:30:00Z') });
    expect(r.missing.map((m) => m.period)).toEqual(['2024-12']);
  });

  it('rejects malformed input', () => {
    expect(() => annual('2024-Q1', '2025-01-01T00:00:00Z')).toThrow(RangeError);
    expect(() => annual('2023', 'not a date')).toThrow(/valid date/);
    expect(() => annual('2023', '2025-01-01T00:00:00Z', { deadline: { monthsAfterPeriodEnd: -1 } })).toThrow(RangeError);
    expect(() => annual('2023', '2025-01-01T00:00:00Z', { deadline: { monthsAfterPeriodEnd: 3, dayOfMonth: 32 } })).toThrow(RangeError);
  });
});

describe('periods', () => {
  it('format and parse round-trip', () => {
    for (const [f, key] of [
      ['annual', '2024'],
      ['quarterly', '2024-Q3'],
      ['monthly', '2024-07'],
    ] as const) {
      expect(formatPeriod(parsePeriod(f, key))).toBe(key);
    }
  });

  it('rejects out-of-range periods', () => {
    expect(() => period('monthly', 2024, 13)).toThrow(RangeError);
    expect(() => parsePeriod('monthly', '2024-00')).toThrow(RangeError);
    expect(() => parsePeriod('quarterly', '2024-Q5')).toThrow(RangeError);
  });
});
