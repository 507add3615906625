import { indicatorByCode } from '@wdp/indicators';
import { assessAsOf, assessedYears, lastCompleteYear } from './assessment-window';

const v = (year: number) => ({ year, value: year - 2000, numerator: null, denominator: null });

describe('the assessed years', () => {
  it('ends with the last year that is over, in China Standard Time', () => {
    expect(lastCompleteYear(new Date('2026-11-29T05:00:00Z'))).toBe(2025);
    expect(lastCompleteYear(new Date('2025-12-31T15:59:59Z'))).toBe(2024);
    expect(lastCompleteYear(new Date('2025-12-31T16:00:00Z'))).toBe(2025); // midnight in Beijing
  });

  it('keeps the plan window and leaves out the year still arriving', () => {
    const mmr = indicatorByCode('HEA-02')!;
    const years = [2018, 2019, 2020, 2023, 2025, 2026].map(v);
    expect(assessedYears(years, mmr, new Date('2026-06-01T00:00:00Z')).map((x) => x.year)).toEqual([2020, 2023, 2025]);
    expect(assessedYears(years, mmr, new Date('2024-06-01T00:00:00Z')).map((x) => x.year)).toEqual([2020, 2023]);
  });
});

describe('assessAsOf', () => {
  const mmr = indicatorByCode('HEA-02')!;

  it('decides held-back series on the years it assesses, not on the years after the evaluation year', () => {
    const seen: number[][] = [];
    const values = new Map([['T' as const, [2020, 2021, 2022, 2023, 2024].map(v)]]);
    const result = assessAsOf(mmr, values, null, 2022, {
      smallNumbers: (assessed) => {
        seen.push(assessed.get('T')!.map((x) => x.year));
        return new Set(['T' as const]);
      },
    });
    expect(seen).toEqual([[2020, 2021, 2022]]);
    expect(result.rows[0]).toMatchObject({ year: 2022, components: { heldBack: 'small_numbers' } });
  });
});
