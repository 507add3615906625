import { indicatorByCode } from '@wdp/indicators';
import { AREAS, DISTRICT } from '../test-support/fixtures';
import { evaluateFormula } from './evaluate-formula';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';
import { EvaluationData } from './evaluation-data';
import { monthsOf, subYearRows } from './sub-year';

const row = (inputKey: string, period: string, granularity: FactRow['granularity'], count: number): FactRow => ({
  inputKey, areaCode: DISTRICT, period, granularity, year: Number(period.slice(0, 4)), sex: 'F', ageBand: '', count,
});

describe('sub-year values', () => {
  it('lists the months of a quarter or a month', () => {
    expect(monthsOf('2024-Q2')).toEqual(['2024-04', '2024-05', '2024-06']);
    expect(monthsOf('2024-11')).toEqual(['2024-11']);
    expect(() => monthsOf('2024')).toThrow(RangeError);
  });

  it('evaluates a quarter from its own cells', () => {
    const facts = [
      row('health/live-birth', '2024', 'Y', 10_000), row('health/live-birth', '2024-Q2', 'Q', 2_500), row('health/live-birth', '2024-05', 'M', 800),
      row('health/maternal-death', '2024', 'Y', 2), row('health/maternal-death', '2024-Q2', 'Q', 1),
    ];
    const { facts: q } = subYearRows('2024-Q2', facts, [], new Set());
    const values = evaluateFormula(indicatorByCode('HEA-02')!.definition, { data: new EvaluationData(q, [], new Set()), areas: AREAS, areaCode: DISTRICT });
    expect(values).toEqual([{ year: 2024, value: 40, numerator: 1, denominator: 2_500 }]);
  });

  it('takes a snapshot kind’s latest month in the period', () => {
    const key = 'social-security/insurance-enrolment?scheme=maternity';
    const facts = [row(key, '2024-04', 'M', 100), row(key, '2024-05', 'M', 110), row(key, '2024-07', 'M', 130)];
    const { facts: q } = subYearRows('2024-Q2', facts, [], new Set([key]));
    const data = new EvaluationData(q, [], new Set([key]));
    expect(data.recordSum(key, DISTRICT, 2024)).toBe(110);
  });

  it('prefers a return filed for the period and falls back to the annual one', () => {
    const fig = (returnKind: string, period: string, value: number): ObservationFigure => ({
      returnId: `${returnKind}-${period}`, returnKind, areaCode: DISTRICT, period, year: 2024, sex: 'F', ageBand: '', value, numerator: null, denominator: null, revision: 1, submittedAt: '2025-01-01T00:00:00Z',
    });
    const { figures } = subYearRows('2024-Q2', [], [fig('a/x', '2024', 1), fig('a/x', '2024-Q2', 2), fig('a/y', '2024', 3), fig('a/y', '2023', 4)], new Set());
    expect(figures.map((f) => [f.returnKind, f.value])).toEqual([['a/x', 2], ['a/y', 3]]);
  });
});
