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

  it('sees invisible and control characters inside a 15-digit number', () => {
    expect(containsResidentIdNumber('old id 110105\u200b491231\u2060002')).toBe(true);
    expect(containsResidentIdNumber('110105\u0000491231002')).toBe(true);
  });

  const ID = '11010519491231002X';
  const groups = (sep: string) => `${ID.slice(0, 6)}${sep}${ID.slice(6, 14)}${sep}${ID.slice(14)}`;

  // One of each kind of character a reader does not see, which the hostile run slipped between digit groups.
  it.each([
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['bidi embedding and pop', '\u202a\u202c'],
    ['bidi isolate', '\u2066\u2069'],
    ['word joiner', '\u2060'],
    ['invisible separator', '\u2063'],
    ['byte order mark', '\ufeff'],
    ['soft hyphen', '\u00ad'],
    ['Mongolian vowel separator', '\u180e'],
    ['combining grapheme joiner', '\u034f'],
    ['variation selector', '\ufe0f'],
    ['Hangul filler', '\u3164'],
    ['combining mark', '\u0301'],
    ['NUL and other controls', '\u0000\u0007'],
    ['no-break space', '\u00a0'],
    ['ideographic space', '\u3000'],
    ['line separator', '\u2028'],
    ['non-breaking hyphen', '\u2011'],
  ])('sees through a %s between the digit groups, alone or inside a sentence', (_name, sep) => {
    expect(containsResidentIdNumber(groups(sep))).toBe(true);
    expect(containsResidentIdNumber(`patient ${groups(sep)} seen`)).toBe(true);
    expect(containsResidentIdNumber(`ID:${[...ID].join(sep)}`)).toBe(true); // between every digit
    expect(containsResidentIdNumber(`患者${groups(sep + sep)}已随访`)).toBe(true);
  });

  it('finds an ID separated by spaces, hyphens or punctuation inside longer text, even after another number', () => {
    expect(containsResidentIdNumber(`mother ${groups(' ')} visited`)).toBe(true);
    expect(containsResidentIdNumber(`case 12, id ${groups('-')}.`)).toBe(true);
    expect(containsResidentIdNumber(`12\u200b${ID}`)).toBe(true);
    expect(containsResidentIdNumber(`ref/${groups('/')}`)).toBe(true);
    expect(containsResidentIdNumber(`no. ${groups('.')} x`)).toBe(true);
  });

  it('reads digits of other scripts and Chinese numerals', () => {
    const arabicIndic = ID.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const devanagari = ID.replace(/[0-9]/g, (d) => String.fromCharCode(0x0966 + Number(d)));
    const han = ID.replace(/[0-9]/g, (d) => '〇一二三四五六七八九'[Number(d)]);
    expect(containsResidentIdNumber(arabicIndic)).toBe(true);
    expect(containsResidentIdNumber(devanagari)).toBe(true);
    expect(containsResidentIdNumber(`身份证${han}`)).toBe(true);
    expect(containsResidentIdNumber('①①⓪①⓪⑤①⑨④⑨①②③①⓪⓪②Ⓧ')).toBe(true);
  });

  it('does not join digit groups across letters, and leaves number lists without a valid check digit alone', () => {
    expect(containsResidentIdNumber('110105a19491231b002X')).toBe(false);
    expect(containsResidentIdNumber('counts 110105 19491231 0021 by area')).toBe(false); // wrong check digit
    expect(containsResidentIdNumber('2025-07-14T08:30:00.000Z 2025-07-15T08:30:00.000Z')).toBe(false);
    expect(containsResidentIdNumber('trace 4bf92f3577b34da6a3ce929d0e0e4736')).toBe(false);
    expect(containsResidentIdNumber('1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18')).toBe(false);
    expect(containsResidentIdNumber('二〇二五年七月的报告')).toBe(false);
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
