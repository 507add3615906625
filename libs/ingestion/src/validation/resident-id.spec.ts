import { containsResidentIdNumber, isLegacyResidentIdNumber, isResidentIdNumber, residentIdCheckChar } from './resident-id';

describe('resident ID number detection (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('computes the check character of the standard examples', () => {
    // GB 11643-1999 appendix examples.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('maps the weighted sum mod 11 to 1 0 X 9 8 7 6 5 4 3 2', () => {
    // Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2: a single 1 in position p contributes its weight.
    expect(residentIdCheckChar('00000000000000000')).toBe('1'); // 0
    expect(residentIdCheckChar('00000001000000000')).toBe('0'); // 1
    expect(residentIdCheckChar('00000000000000001')).toBe('X'); // 2
    expect(residentIdCheckChar('00100000000000000')).toBe('2'); // 10
  });

  it.each(['11010519491231002X', '11010519491231002x', '440524188001010014', '520103199003071234'.slice(0, 17) + residentIdCheckChar('52010319900307123')])(
    'accepts %s as an ID number',
    (id) => expect(isResidentIdNumber(id)).toBe(true),
  );

  it.each([
    ['wrong check digit', '110105194912310021'],
    ['impossible date (Feb 30)', `52010319900230123${residentIdCheckChar('52010319900230123')}`],
    ['birth year before 1800', `52010317990101123${residentIdCheckChar('52010317990101123')}`],
    ['leading zero', `02010319900101123${residentIdCheckChar('02010319900101123')}`],
    ['17 characters', '11010519491231002'],
  ])('rejects %s', (_why, id) => expect(isResidentIdNumber(id)).toBe(false));

  it('recognises 15-digit first-generation numbers only with a real province and date', () => {
    expect(isLegacyResidentIdNumber('110105491231002')).toBe(true);
    expect(isLegacyResidentIdNumber('520103900307123')).toBe(true);
    expect(isLegacyResidentIdNumber('990105491231002')).toBe(false); // no province 99
    expect(isLegacyResidentIdNumber('110105491331002')).toBe(false); // month 13
  });

  it('finds numbers embedded in text, in full-width digits and written with separators', () => {
    expect(containsResidentIdNumber('patient 11010519491231002X seen')).toBe(true);
    expect(containsResidentIdNumber('ID:11010519491231002Xabc')).toBe(true);
    expect(containsResidentIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe(true);
    expect(containsResidentIdNumber('110105 19491231 002X')).toBe(true);
    expect(containsResidentIdNumber('110105-1949-1231-002X')).toBe(true);
    expect(containsResidentIdNumber('old id 110105491231002')).toBe(true);
  });

  it('leaves ordinary references, area codes, dates and longer digit runs alone', () => {
    expect(containsResidentIdNumber('MCH-2025-000123')).toBe(false);
    expect(containsResidentIdNumber('520103001001')).toBe(false);
    expect(containsResidentIdNumber('2025-07-14')).toBe(false);
    expect(containsResidentIdNumber('110105194912310021')).toBe(false);
    expect(containsResidentIdNumber('911010519491231002X')).toBe(false); // 19 characters: not the shape
    expect(containsResidentIdNumber('0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11')).toBe(false);
    expect(containsResidentIdNumber('1234567890123456')).toBe(false);
  });
});
