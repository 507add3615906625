/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell starting with one of these characters
 * may be run as a formula when the file is opened in Excel, WPS or LibreOffice.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const FORMULA_REASON = 'must not start with =, +, -, @, a tab or a carriage return (a spreadsheet would read it as a formula)';

export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Text made inert for a spreadsheet: prefixed with a single quote when it could start a formula. */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

/**
 * One RFC 4180 field of a CSV the system writes. Numbers and booleans are written as they are (a negative
 * number is data, not a formula); text is neutralised and always quoted, as OWASP advises.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${neutraliseFormula(String(value)).replace(/"/g, '""')}"`;
}
