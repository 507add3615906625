import fc from 'fast-check';
import type { AttributeValue } from '@wdp/contracts';
import { compileWhere, inputKeyOf, matchesWhere } from './input-key';

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

describe('compileWhere', () => {
  it('decides as matchesWhere on any filter and attributes', () => {
    const value = fc.constantFrom<AttributeValue>('hiv', 'mild', 'severe', true, false, 0, 1, 2.5, '');
    const names = fc.constantFrom('infection', 'treated', 'anaemiaGrade', 'visits');
    const where = fc.option(fc.dictionary(names, fc.oneof(value, fc.array(value, { maxLength: 3 }))), { nil: undefined });
    fc.assert(
      fc.property(where, fc.dictionary(names, value), (w, attributes) => {
        expect(compileWhere(w)(attributes)).toBe(matchesWhere(w, attributes));
      }),
      { numRuns: 2000 },
    );
  });
});
