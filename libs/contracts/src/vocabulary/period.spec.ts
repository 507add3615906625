import {
  comparePeriods,
  enclosingPeriods,
  formatPeriod,
  isValidPeriod,
  parsePeriod,
  periodDeadline,
  periodGranularity,
  periodRange,
  rollUpPeriod,
} from './period';

describe('periods', () => {
  it('parses the three forms', () => {
    expect(parsePeriod('2025')).toEqual({ granularity: 'year', year: 2025 });
    expect(parsePeriod('2025-Q3')).toEqual({ granularity: 'quarter', year: 2025, quarter: 3 });
    expect(parsePeriod('2025-08')).toEqual({ granularity: 'month', year: 2025, quarter: 3, month: 8 });
  });

  it.each(['2025-Q0', '2025-Q5', '2025-13', '2025-00', '2025-8', '25', '2025Q1', '2025-q1', '2025-W01', ' 2025', '2025-01-01', ''])(
    'rejects %p',
    (code) => {
      expect(parsePeriod(code)).toBeNull();
      expect(isValidPeriod(code)).toBe(false);
    },
  );

  it('formats what it parses back to the same code', () => {
    for (const code of ['2021', '2023-Q1', '2024-Q4', '2025-01', '2025-12']) {
      expect(formatPeriod(parsePeriod(code)!)).toBe(code);
    }
  });

  it('rolls months up to quarters and years, quarters to years', () => {
    expect(rollUpPeriod('2025-01', 'quarter')).toBe('2025-Q1');
    expect(rollUpPeriod('2025-03', 'quarter')).toBe('2025-Q1');
    expect(rollUpPeriod('2025-04', 'quarter')).toBe('2025-Q2');
    expect(rollUpPeriod('2025-12', 'quarter')).toBe('2025-Q4');
    expect(rollUpPeriod('2025-12', 'year')).toBe('2025');
    expect(rollUpPeriod('2025-Q2', 'year')).toBe('2025');
    expect(rollUpPeriod('2025-Q2', 'quarter')).toBe('2025-Q2');
    expect(rollUpPeriod('2025', 'year')).toBe('2025');
  });

  it('refuses to roll down', () => {
    expect(() => rollUpPeriod('2025', 'quarter')).toThrow(RangeError);
    expect(() => rollUpPeriod('2025-Q1', 'month')).toThrow(RangeError);
  });

  it('lists enclosing periods finest first', () => {
    expect(enclosingPeriods('2025-08')).toEqual(['2025-Q3', '2025']);
    expect(enclosingPeriods('2025-Q3')).toEqual(['2025']);
    expect(enclosingPeriods('2025')).toEqual([]);
  });

  it('gives inclusive calendar ranges, leap years included', () => {
    const iso = (code: string) => {
      const { start, end } = periodRange(code);
      return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
    };
    expect(iso('2024-02')).toEqual(['2024-02-01', '2024-02-29']);
    expect(iso('2025-Q4')).toEqual(['2025-10-01', '2025-12-31']);
    expect(iso('2025')).toEqual(['2025-01-01', '2025-12-31']);
  });

  it('computes deadlines after the period end', () => {
    expect(periodDeadline('2025', 90).toISOString().slice(0, 10)).toBe('2026-03-31');
    expect(periodDeadline('2025-01', 15).toISOString().slice(0, 10)).toBe('2025-02-15');
  });

  it('orders periods chronologically', () => {
    const sorted = ['2025-02', '2024', '2025', '2025-Q1', '2025-01'].sort(comparePeriods);
    expect(sorted).toEqual(['2024', '2025', '2025-Q1', '2025-01', '2025-02']);
  });

  it('reports the granularity or throws on garbage', () => {
    expect(periodGranularity('2025-Q2')).toBe('quarter');
    expect(() => periodGranularity('2025/06')).toThrow(/YYYY, YYYY-Qn or YYYY-MM/);
  });
});
