import { inputKeyOf, matchesWhere } from './input-key';

describe('input keys', () => {
  it('writes the filter canonically, so equal filters share one fact series', () => {
    const a = inputKeyOf({ department: 'health', recordKind: 'mtct-outcome', where: { outcome: 'infected', infection: 'hiv' } });
    const b = inputKeyOf({ department: 'health', recordKind: 'mtct-outcome', where: { infection: 'hiv', outcome: 'infected' } });
    expect(a).toBe('health/mtct-outcome?infection=hiv&outcome=infected');
    expect(b).toBe(a);
    expect(inputKeyOf({ department: 'health', recordKind: 'anaemia-test', where: { anaemiaGrade: ['severe', 'mild'] } })).toBe('health/anaemia-test?anaemiaGrade=mild|severe');
    expect(inputKeyOf({ department: 'health', recordKind: 'live-birth' })).toBe('health/live-birth');
  });

  it('matches a record when every filtered attribute has one of the wanted values', () => {
    expect(matchesWhere({ infection: 'hiv', treated: true }, { infection: 'hiv', treated: true, subject: 'mother' })).toBe(true);
    expect(matchesWhere({ infection: 'hiv', treated: true }, { infection: 'hiv', treated: false })).toBe(false);
    expect(matchesWhere({ anaemiaGrade: ['mild', 'severe'] }, { anaemiaGrade: 'severe' })).toBe(true);
    expect(matchesWhere({ anaemiaGrade: ['mild', 'severe'] }, {})).toBe(false);
    expect(matchesWhere(undefined, {})).toBe(true);
  });
});
