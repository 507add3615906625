import type { SexOrTotal } from '@wdp/contracts';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import type { PlanTargetAssessmentDto } from './dto/plan-assessment.dto';
import { flagProvisionalTargets, planAreaValues } from './plan-assessment.service';

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

describe('flagProvisionalTargets (the provisional view of a plan’s targets)', () => {
  const summary = (currentValue: number | null) => ({
    baseYear: 2020, baseValue: 20, currentYear: 2024, currentValue, targetValue: 14, observedCagr: null, requiredCagr: null,
    ratio: null, projectedValue: null, currentLower: null, currentUpper: null, evidence: null,
  });
  const item = (rows: { sex: string; status: string; currentValue: number | null }[]): PlanTargetAssessmentDto => ({
    indicatorCode: 'HEA-02', areaCode: '520103', status: rows[0]?.status ?? 'insufficient_data', window: { from: 2020, to: 2024 },
    target: { comparator: 'lte', value: 14, valueStatus: 'set', tolerance: null, targetYear: 2025, baseline: { year: 2020, value: null } },
    rows: rows.map((r) => ({ sex: r.sex, year: 2024, status: r.status, summary: summary(r.currentValue) })),
  });

  it('flags the rows held data changes, row by row against the approved assessment of the same target and sex', () => {
    const approved = [item([{ sex: 'T', status: 'limited', currentValue: 16.9 }, { sex: 'F', status: 'on_track', currentValue: 12 }])];
    const provisional = [item([{ sex: 'T', status: 'deteriorating', currentValue: 21.3 }, { sex: 'F', status: 'on_track', currentValue: 12 }, { sex: 'M', status: 'limited', currentValue: 9 }])];
    expect(flagProvisionalTargets(provisional, approved)[0].rows.map((r) => [r.sex, r.provisional])).toEqual([['T', true], ['F', false], ['M', true]]);
  });
});
