import type { SexOrTotal } from '@wdp/contracts';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import { planAreaValues } from './plan-assessment.service';

const year = (y: number, value: number) => ({ year: y, value, numerator: null, denominator: null });

describe('planAreaValues (a plan area’s own values beside the district’s)', () => {
  it('lists the values by sex then year up to the year the plan is assessed as of', () => {
    const series = new Map<SexOrTotal, YearlyValue[]>([['T', [year(2021, 22), year(2024, 25), year(2026, 27)]], ['F', [year(2024, 12)]]]);
    expect(planAreaValues('520100', { series, reference: null }, 2025)).toEqual({
      areaCode: '520100',
      values: [{ sex: 'F', year: 2024, value: 12 }, { sex: 'T', year: 2021, value: 22 }, { sex: 'T', year: 2024, value: 25 }],
    });
  });

  it('is empty where no return gave the area a value', () => {
    expect(planAreaValues('100000', undefined, 2030)).toEqual({ areaCode: '100000', values: [] });
  });
});
