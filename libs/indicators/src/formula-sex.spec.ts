import { indicatorByCode } from './catalogue';
import { formulaForSex, headlineSex, isShareOfOneSex, seriesSexes, targetSexes } from './formula-sex';
import type { IndicatorFormula } from './types';

const def = (code: string) => indicatorByCode(code)!;

describe('sex variants of a formula', () => {
  it('replaces the women selection of a women’s indicator, leaving the rest', () => {
    const lifeExpectancy = def('HEA-01');
    expect(headlineSex(lifeExpectancy.definition)).toBe('F');
    const male = formulaForSex(lifeExpectancy.definition, 'M') as Extract<IndicatorFormula, { type: 'observation' }>;
    expect(male.figure.sex).toBe('M');
    expect(seriesSexes(lifeExpectancy)).toEqual(['F', 'M', 'T']);
    expect(targetSexes(lifeExpectancy)).toEqual(['F']);
  });

  it('turns a women’s share (F / T) into the men’s share, and has no total series', () => {
    const share = def('DEC-03');
    expect(isShareOfOneSex(share.definition)).toBe(true);
    const men = formulaForSex(share.definition, 'M') as Extract<IndicatorFormula, { type: 'ratio' }>;
    expect(men.numerator).toMatchObject({ sex: 'M' });
    expect(men.denominator).toMatchObject({ sex: 'T' });
    expect(seriesSexes(share)).toEqual(['F', 'M']);
  });

  it('treats a men’s share (fathers among participants) like a women’s share, with M as its headline', () => {
    const fathers = def('FAM-05');
    expect(headlineSex(fathers.definition)).toBe('M');
    expect(isShareOfOneSex(fathers.definition)).toBe(true);
    expect(seriesSexes(fathers)).toEqual(['F', 'M']);
    expect(targetSexes(fathers)).toEqual(['M']);
    const mothers = formulaForSex(fathers.definition, 'F') as Extract<IndicatorFormula, { type: 'ratio' }>;
    expect(mothers.numerator).toMatchObject({ sex: 'F' });
    expect(mothers.denominator).not.toHaveProperty('sex');
  });

  it('restricts every operand of a neutral formula to the sex, T meaning no restriction', () => {
    const neutral: IndicatorFormula = {
      type: 'ratio',
      numerator: { department: 'education', recordKind: 'enrolment', where: { level: 'senior-secondary' } },
      denominator: { department: 'statistics', returnKind: 'resident-population', sex: 'T' },
      factor: 100,
    };
    expect(headlineSex(neutral)).toBe('T');
    const female = formulaForSex(neutral, 'F') as Extract<IndicatorFormula, { type: 'ratio' }>;
    expect(female.numerator).toMatchObject({ sex: 'F' });
    expect(female.denominator).toMatchObject({ sex: 'F' });
    expect(formulaForSex(neutral, 'T')).toBe(neutral);
  });

  it('assesses only the headline of an indicator that is not disaggregated', () => {
    const mmr = def('HEA-02');
    expect(seriesSexes(mmr)).toEqual(['T']);
    expect(targetSexes(mmr)).toEqual(['T']);
  });
});
