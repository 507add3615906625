import { parse } from 'csv-parse/sync';
import { csvField, neutraliseFormula, startsLikeFormula } from './formula-safety';

describe('spreadsheet formula safety (OWASP CSV injection)', () => {
  it('recognises every formula-starting character', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(startsLikeFormula(s)).toBe(true);
    for (const s of ['a=1', '1-2', '', ' =x', 'MCH-1']) expect(startsLikeFormula(s)).toBe(false);
  });

  it('prefixes formula-like text with a single quote and quotes every text field', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(csvField('=1+1')).toBe('"\'=1+1"');
    expect(csvField('-2')).toBe('"\'-2"');
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
    expect(parse(`${csvField('@x')},${csvField('a,b')}\r\n`)).toEqual([["'@x", 'a,b']]);
  });

  it('leaves numbers (negative ones included), booleans and blanks as they are', () => {
    expect(csvField(-0.0546)).toBe('-0.0546');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});
