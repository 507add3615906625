import fc from 'fast-check';
import type { SexOrTotal } from '@wdp/contracts';
import { type IndicatorDefinition, indicatorByCode, INDICATORS, seriesSexes } from '@wdp/indicators';
import { districtPlan, districtSuccessorDraft, type PlanDocument, type PlanTarget, targetOfIndicator } from '@wdp/plans';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import { assessPlanTarget, evaluationYear, indicatorUnderTarget, NO_TARGET_SET, yearWithinPeriod } from './assess-plan-target';
import { assessAsOf } from './assessment-window';

const series = (values: Record<number, number>): YearlyValue[] =>
  Object.entries(values).map(([year, value]) => ({ year: Number(year), value, numerator: null, denominator: null }));
const counted = (values: Record<number, [number, number]>, factor: number): YearlyValue[] =>
  Object.entries(values).map(([year, [numerator, denominator]]) => ({ year: Number(year), value: (numerator * factor) / denominator, numerator, denominator }));
const total = (ys: YearlyValue[]) => new Map<SexOrTotal, YearlyValue[]>([['T', ys]]);

const district = districtPlan();
const districtTarget = (code: string) => district.targets.find((t) => t.indicator === code)!;
const mmr = indicatorByCode('HEA-02')!; // maternal deaths per 100,000 live births, at most 14 by 2025
const national: Pick<PlanDocument, 'baselineYear' | 'period'> = { baselineYear: 2020, period: { start: 2021, end: 2030 } };
const nationalMmr: PlanTarget = { indicator: 'HEA-02', comparator: 'at_most', value: 12, valueStatus: 'official', targetYear: 2030 };

describe('indicatorUnderTarget', () => {
  it('is the catalogue’s own definition under every target of the district 2021–2025 plan, so the stored assessment is that plan’s', () => {
    for (const indicator of INDICATORS) {
      expect(indicatorUnderTarget(indicator, district, targetOfIndicator(indicator))).toEqual(indicator);
    }
  });

  it('takes the target’s comparator, value, year and baseline, and drops a tolerance the target does not set', () => {
    const enrolment = indicatorByCode('EDU-01')!; // coverage 100 ± 0.5 in the catalogue
    expect(enrolment.tolerance).toBe(0.5);
    const under = indicatorUnderTarget(enrolment, national, { indicator: 'EDU-01', comparator: 'at_least', value: 99, valueStatus: 'official', targetYear: 2030, baseline: { year: 2020, value: 97 } })!;
    expect(under).toMatchObject({ comparator: 'at_least', targetValue: 99, targetYear: 2030, baseline: { year: 2020, value: 97 }, definition: enrolment.definition, unit: enrolment.unit });
    expect(under).not.toHaveProperty('tolerance');
  });

  it('starts from the plan’s baseline year, with no published value, when the target names none', () => {
    expect(indicatorUnderTarget(mmr, { baselineYear: 2025, period: { start: 2026, end: 2030 } }, { ...nationalMmr, value: 10 })!.baseline).toEqual({ year: 2025, value: null });
  });

  it('gives no definition to a target without a figure: to-be-set in a draft, not-published in an adopted plan', () => {
    expect(indicatorUnderTarget(mmr, national, { ...nationalMmr, value: null, valueStatus: 'to-be-set' })).toBeNull();
    expect(indicatorUnderTarget(mmr, national, { ...nationalMmr, value: null, valueStatus: 'not-published' })).toBeNull();
  });
});

describe('assessPlanTarget', () => {
  it('gives the district plan exactly the stored assessment, for every indicator of the catalogue', () => {
    // Every indicator gets a series for each sex it keeps (and a parity reference), years 2018–2026 around the window.
    const year = fc.integer({ min: 2018, max: 2026 });
    const point = fc.record({ year, numerator: fc.integer({ min: 0, max: 400 }), denominator: fc.integer({ min: 1, max: 2000 }) });
    const anySeries = fc.uniqueArray(point, { selector: (p) => p.year, maxLength: 9 });
    fc.assert(
      fc.property(fc.constantFrom(...INDICATORS), fc.array(anySeries, { minLength: 3, maxLength: 3 }), anySeries, fc.integer({ min: 2021, max: 2025 }), (indicator, bySex, ref, asOf) => {
        const toValues = (ps: { year: number; numerator: number; denominator: number }[]) => ps.map((p) => ({ ...p, value: (p.numerator * indicator.factor) / p.denominator }));
        const values = new Map(seriesSexes(indicator).map((sex, i) => [sex, toValues(bySex[i])]));
        const reference = indicator.reference ? toValues(ref) : null;
        const stored = assessAsOf(indicator, values, reference, asOf).rows.map(({ sex, year: y, status, components }) => ({ sex, year: y, status, components }));
        expect(assessPlanTarget(indicator, district, districtTarget(indicator.code), values, reference, asOf).rows).toEqual(stored);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('uses no value of a year after the evaluation year', () => {
    const full = series({ 2020: 20, 2021: 19, 2022: 18, 2023: 17, 2024: 30, 2025: 31 });
    const upTo2023 = full.filter((v) => v.year <= 2023);
    const asOf2023 = assessPlanTarget(mmr, district, districtTarget('HEA-02'), total(full), null, 2023);
    expect(asOf2023).toEqual(assessPlanTarget(mmr, district, districtTarget('HEA-02'), total(upTo2023), null, 2023));
    expect(asOf2023).toMatchObject({ asOf: 2023, window: { from: 2020, to: 2023 } });
    expect(asOf2023.rows[0]).toMatchObject({ year: 2023, components: { progress: { components: { currentYear: 2023, currentValue: 17 } } } });
    // The later years would change the verdict: 2024's and 2025's values are far above the 2020 baseline.
    expect(assessPlanTarget(mmr, district, districtTarget('HEA-02'), total(full), null, 2025).status).toBe('deteriorating');
    expect(asOf2023.status).not.toBe('deteriorating');
  });

  it('judges the final evaluation on the target year’s data and the mid-term on the middle year’s', () => {
    const values = total(series({ 2020: 20, 2021: 19, 2022: 18, 2023: 17.5, 2024: 15, 2025: 13.5 }));
    const final = assessPlanTarget(mmr, district, districtTarget('HEA-02'), values, null, evaluationYear(district, 'final'));
    expect(final).toMatchObject({ asOf: 2025, status: 'achieved' });
    const midTerm = assessPlanTarget(mmr, district, districtTarget('HEA-02'), values, null, evaluationYear(district, 'mid-term'));
    expect(midTerm.asOf).toBe(2023);
    expect(midTerm.rows[0].components.progress!.components.currentValue).toBe(17.5);
  });

  it('measures progress towards the plan’s own target year: the same values achieve the district’s 14 by 2025 but not yet the national 12 by 2030', () => {
    const values = total(series({ 2020: 20, 2021: 18.5, 2022: 17, 2023: 15.5, 2024: 14.5, 2025: 13.5 }));
    const districtResult = assessPlanTarget(mmr, district, districtTarget('HEA-02'), values, null, 2025);
    const nationalResult = assessPlanTarget(mmr, national, nationalMmr, values, null, 2025);
    expect(districtResult.status).toBe('achieved');
    expect(nationalResult.status).toBe('on_track');
    const progress = nationalResult.rows[0].components.progress!;
    expect(progress.components).toMatchObject({ targetYear: 2030, targetValue: 12, baseYear: 2020, currentYear: 2025 });
    expect(progress.projection!.targetYear).toBe(2030);
    // The national window runs to 2030: a 2026 value counts for it as of 2026, never for the district's 2025 target.
    const later = total(series({ 2020: 20, 2021: 18.5, 2022: 17, 2023: 15.5, 2024: 14.5, 2025: 13.5, 2026: 11.9 }));
    expect(assessPlanTarget(mmr, national, nationalMmr, later, null, 2026).status).toBe('achieved');
    expect(assessPlanTarget(mmr, district, districtTarget('HEA-02'), later, null, 2026).rows[0].year).toBe(2025);
  });

  it('respects the values’ intervals from counts, as the stored assessment does', () => {
    // 3 deaths in 15,000 births is 20 per 100,000, 2 in 15,000 is 13.3: the interval cannot tell it from 12.
    const values = total(counted({ 2020: [3, 15_000], 2022: [3, 15_500], 2024: [2, 15_000] }, mmr.factor));
    const result = assessPlanTarget(mmr, national, nationalMmr, values, null, 2024);
    expect(result.rows[0].components.progress!.components.uncertainty).toMatchObject({ source: 'counts' });
    expect(result.rows[0].components.progress!.components.uncertainty!.current!.lower).toBeLessThan(12);
  });

  it('reports a draft’s to-be-set target as no target set, with its values and no judgement', () => {
    const draft = districtSuccessorDraft();
    const target = draft.targets.find((t) => t.indicator === 'HEA-02')!;
    expect(target).toMatchObject({ valueStatus: 'to-be-set', value: null, targetYear: 2030 });
    const result = assessPlanTarget(mmr, draft, target, total(series({ 2024: 15, 2025: 14, 2026: 13, 2027: 12 })), null, 2026);
    expect(result).toMatchObject({ asOf: 2026, window: { from: 2025, to: 2026 }, status: NO_TARGET_SET });
    expect(result.rows).toEqual([
      expect.objectContaining({ sex: 'T', year: 2026, status: NO_TARGET_SET, components: expect.objectContaining({ progress: null, series: [{ year: 2025, value: 14 }, { year: 2026, value: 13 }] }) }),
    ]);
  });

  it('reports a numeric target whose official figure is not published as no target set, never inventing one', () => {
    const result = assessPlanTarget(mmr, national, { ...nationalMmr, value: null, valueStatus: 'not-published' }, total(series({ 2020: 20, 2025: 30 })), null, 2025);
    expect(result.status).toBe(NO_TARGET_SET);
    expect(result.rows[0].components.unassessed).toMatch(/not-published/);
  });

  it('assesses a draft’s target once an administrator has set it', () => {
    const draft = districtSuccessorDraft();
    const set: PlanTarget = { ...draft.targets.find((t) => t.indicator === 'HEA-02')!, value: 10, valueStatus: 'official' };
    const result = assessPlanTarget(mmr, draft, set, total(series({ 2025: 14, 2026: 13, 2027: 12 })), null, 2027);
    expect(result.rows[0].components.progress!.components).toMatchObject({ baseYear: 2025, targetYear: 2030, targetValue: 10 });
    expect(result.status).not.toBe(NO_TARGET_SET);
  });

  it('reports a gap target by its gap row', () => {
    const gapIndicator = INDICATORS.find((i) => i.comparator === 'gap_narrows') as IndicatorDefinition;
    const target = districtTarget(gapIndicator.code);
    const values = new Map<SexOrTotal, YearlyValue[]>([
      ['F', series({ 2020: 60, 2021: 62, 2022: 64, 2023: 66 })],
      ['M', series({ 2020: 70, 2021: 70.5, 2022: 71, 2023: 71.5 })],
      ['T', series({ 2020: 65, 2021: 66, 2022: 67, 2023: 68 })],
    ]);
    const result = assessPlanTarget(gapIndicator, district, target, values, null, 2023);
    expect(result.rows.map((r) => r.sex)).toEqual(['gap']);
    expect(result.status).toBe(result.rows[0].status);
    expect(assessPlanTarget(gapIndicator, national, { ...target, valueStatus: 'to-be-set' }, values, null, 2023).rows).toEqual([expect.objectContaining({ sex: 'gap', status: NO_TARGET_SET })]);
  });
});

describe('yearWithinPeriod', () => {
  it('keeps a year of the period, and brings one outside it to the nearest end', () => {
    expect(yearWithinPeriod(district, 2023)).toBe(2023);
    expect(yearWithinPeriod(district, 2026)).toBe(2025);
    expect(yearWithinPeriod(districtSuccessorDraft(), 2025)).toBe(2026);
    expect(yearWithinPeriod(national, 2026)).toBe(2026);
  });
});

describe('evaluationYear', () => {
  it('names the mid-term and final years of a plan', () => {
    expect(evaluationYear(district, 'mid-term')).toBe(2023);
    expect(evaluationYear(district, 'final')).toBe(2025);
    expect(evaluationYear(national, 'mid-term')).toBe(2025);
    expect(evaluationYear(national, 'final')).toBe(2030);
  });
});
