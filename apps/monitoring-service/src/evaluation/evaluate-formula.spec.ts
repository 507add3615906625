import { indicatorByCode, type IndicatorFormula } from '@wdp/indicators';
import { AREAS, DISTRICT, OTHER_STREET, STREET } from '../test-support/fixtures';
import { evaluateFormula } from './evaluate-formula';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';
import { EvaluationData } from './evaluation-data';

const fact = (inputKey: string, year: number, count: number, over: Partial<FactRow> = {}): FactRow => ({
  inputKey, areaCode: DISTRICT, period: String(year), granularity: 'Y', year, sex: 'F', ageBand: '', count, ...over,
});
const figure = (returnKind: string, year: number, value: number, over: Partial<ObservationFigure> = {}): ObservationFigure => ({
  returnId: `${returnKind}-${year}-${over.areaCode ?? DISTRICT}`, returnKind, areaCode: DISTRICT, period: String(year), year, sex: 'F', ageBand: '',
  value, numerator: null, denominator: null, revision: 1, submittedAt: '2025-01-01T00:00:00Z', ...over,
});
const evaluate = (formula: IndicatorFormula, facts: FactRow[], figures: ObservationFigure[] = [], area = DISTRICT, snapshots: string[] = []) =>
  evaluateFormula(formula, { data: new EvaluationData(facts, figures, new Set(snapshots)), areas: AREAS, areaCode: area });

describe('evaluateFormula', () => {
  const mmr = indicatorByCode('HEA-02')!.definition; // maternal deaths / live births × 100,000

  it('computes a ratio per year as numerator ÷ denominator × factor', () => {
    const values = evaluate(mmr, [
      fact('health/live-birth', 2020, 6000), fact('health/live-birth', 2020, 4000, { sex: 'M' }),
      fact('health/maternal-death', 2020, 2),
      fact('health/live-birth', 2021, 10_000),
      fact('health/maternal-death', 2021, 1),
    ]);
    expect(values).toEqual([
      { year: 2020, value: 20, numerator: 2, denominator: 10_000 },
      { year: 2021, value: 10, numerator: 1, denominator: 10_000 },
    ]);
  });

  it('reads a year without numerator records as zero once the numerator source has reported', () => {
    const values = evaluate(mmr, [fact('health/live-birth', 2020, 5000), fact('health/live-birth', 2021, 5000), fact('health/maternal-death', 2020, 1)]);
    expect(values.map((v) => v.value)).toEqual([20, 0]);
  });

  it('reads zeros when the numerator source reported only in years older than those read', () => {
    const recent = new EvaluationData([fact('health/live-birth', 2024, 5000)], [], new Set(), new Set([`health/maternal-death\u0000${DISTRICT}`]));
    expect(evaluateFormula(mmr, { data: recent, areas: AREAS, areaCode: DISTRICT })).toEqual([{ year: 2024, value: 0, numerator: 0, denominator: 5000 }]);
  });

  it('gives no value rather than false zeros when the numerator source never reported', () => {
    expect(evaluate(mmr, [fact('health/live-birth', 2020, 5000)])).toEqual([]);
  });

  it('takes a numerator of the same record kind as its denominator as reporting (zero infections is a value)', () => {
    const hivMtct = indicatorByCode('HEA-08')!.definition;
    const values = evaluate(hivMtct, [fact('health/mtct-outcome?infection=hiv', 2022, 40, { sex: 'M' })]);
    expect(values).toEqual([{ year: 2022, value: 0, numerator: 0, denominator: 40 }]);
  });

  it('sums the numerator over a window of years (screening coverage over five years)', () => {
    const cervical = indicatorByCode('HEA-03')!.definition;
    const bands = ['35-39', '40-44', '45-49', '50-54', '55-59', '60-64'];
    const screenings = [2020, 2021, 2022, 2023, 2024].map((y) => fact('health/cervical-cancer-screening', y, 1000, { ageBand: '40-44' }));
    const population = bands.map((b) => figure('statistics/resident-population', 2024, 1000, { ageBand: b, returnId: 'pop-2024' }));
    const values = evaluate(cervical, screenings, population);
    expect(values).toEqual([{ year: 2024, value: (5000 * 100) / 6000, numerator: 5000, denominator: 6000 }]);
  });

  it('needs every age band of an observation denominator', () => {
    const cervical = indicatorByCode('HEA-03')!.definition;
    const partial = [figure('statistics/resident-population', 2024, 1000, { ageBand: '35-39' })];
    expect(evaluate(cervical, [fact('health/cervical-cancer-screening', 2024, 10, { ageBand: '40-44' })], partial)).toEqual([]);
  });

  it('filters records by sex and age band as the operand asks', () => {
    const formula: IndicatorFormula = { type: 'count', input: { department: 'health', recordKind: 'live-birth', sex: 'M', ageBands: ['25-29'] } };
    const values = evaluate(formula, [
      fact('health/live-birth', 2024, 3, { sex: 'M', ageBand: '25-29' }),
      fact('health/live-birth', 2024, 5, { sex: 'M', ageBand: '30-34' }),
      fact('health/live-birth', 2024, 7, { sex: 'F', ageBand: '25-29' }),
    ]);
    expect(values).toEqual([{ year: 2024, value: 3, numerator: 3, denominator: null }]);
  });

  it('reads an observation from the winning return: annual over sub-annual, then the latest submission', () => {
    const formula: IndicatorFormula = { type: 'observation', return: { department: 'health', kind: 'life-expectancy' }, figure: { sex: 'F' } };
    const values = evaluate(formula, [], [
      figure('health/life-expectancy', 2023, 81.0, { returnId: 'a', submittedAt: '2024-02-01T00:00:00Z' }),
      figure('health/life-expectancy', 2023, 81.4, { returnId: 'b', submittedAt: '2024-03-01T00:00:00Z' }),
      figure('health/life-expectancy', 2023, 99, { returnId: 'c', period: '2023-Q4', submittedAt: '2024-04-01T00:00:00Z' }),
    ]);
    expect(values).toEqual([{ year: 2023, value: 81.4, numerator: null, denominator: null }]);
  });

  it('carries the numerator and denominator a return filed with an observed share, so it gets an interval', () => {
    const literacy: IndicatorFormula = { type: 'observation', return: { department: 'education', kind: 'science-literacy' }, figure: { sex: 'F' } };
    const values = evaluate(literacy, [], [
      figure('education/science-literacy', 2023, 25.5, { returnId: 'a', numerator: 255, denominator: 1000 }),
      figure('education/science-literacy', 2024, 26, { returnId: 'b' }),
    ]);
    expect(values).toEqual([
      { year: 2023, value: 25.5, numerator: 255, denominator: 1000 },
      { year: 2024, value: 26, numerator: null, denominator: null },
    ]);
  });

  it('carries no counts when the return filed a numerator without its denominator', () => {
    const literacy: IndicatorFormula = { type: 'observation', return: { department: 'education', kind: 'science-literacy' }, figure: { sex: 'F' } };
    expect(evaluate(literacy, [], [figure('education/science-literacy', 2023, 25.5, { numerator: 255 })])).toEqual([{ year: 2023, value: 25.5, numerator: null, denominator: null }]);
  });

  it('divides a women’s share out of one head-count return (F / T)', () => {
    const share = indicatorByCode('DEC-03')!.definition;
    const values = evaluate(share, [], [
      figure('statistics/people-congress-deputies', 2024, 60, { returnId: 'd', sex: 'F' }),
      figure('statistics/people-congress-deputies', 2024, 200, { returnId: 'd', sex: 'T' }),
    ]);
    expect(values).toEqual([{ year: 2024, value: 30, numerator: 60, denominator: 200 }]);
  });

  it('adds a head count’s female and male figures when the return has no total, but never a rate', () => {
    const share = indicatorByCode('DEC-03')!.definition;
    const byMaleAndFemale = [
      figure('statistics/people-congress-deputies', 2024, 60, { returnId: 'd', sex: 'F' }),
      figure('statistics/people-congress-deputies', 2024, 140, { returnId: 'd', sex: 'M' }),
    ];
    expect(evaluate(share, [], byMaleAndFemale)).toEqual([{ year: 2024, value: 30, numerator: 60, denominator: 200 }]);
    const lifeExpectancyT = { type: 'observation' as const, return: { department: 'health' as const, kind: 'life-expectancy' }, figure: { sex: 'T' as const } };
    const rates = [figure('health/life-expectancy', 2024, 82, { returnId: 'l', sex: 'F' }), figure('health/life-expectancy', 2024, 76, { returnId: 'l', sex: 'M' })];
    expect(evaluate(lifeExpectancyT, [], rates)).toEqual([]);
  });

  it('counts distinct areas with a matching record against the number of such areas', () => {
    const centres = indicatorByCode('SOC-07')!.definition;
    const key = 'social-security/elderly-service-centre?facilityLevel=street-centre&status=operating';
    const month = (area: string, count: number): FactRow => ({ ...fact(key, 2024, count, { sex: 'U' }), areaCode: area, period: '2024-12', granularity: 'M' });
    const values = evaluate(centres, [month(STREET, 1), month(OTHER_STREET, 0)], [], DISTRICT, [key]);
    expect(values).toEqual([{ year: 2024, value: 100 / 17, numerator: 1, denominator: 17 }]);
  });

  it('reads a snapshot kind’s year as its latest month with data, not the sum of months', () => {
    const formula: IndicatorFormula = { type: 'count', input: { department: 'social-security', recordKind: 'insurance-enrolment', where: { scheme: 'maternity' } } };
    const key = 'social-security/insurance-enrolment?scheme=maternity';
    const m = (period: string, count: number): FactRow => ({ ...fact(key, 2024, count), period, granularity: 'M' });
    const values = evaluate(formula, [m('2024-03', 100), m('2024-06', 120), m('2024-09', 0)], [], DISTRICT, [key]);
    expect(values).toEqual([{ year: 2024, value: 120, numerator: 120, denominator: null }]);
  });
});
