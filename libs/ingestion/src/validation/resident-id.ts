/**
 * Detects values shaped like a PRC resident identity number (GB 11643-1999), so that no personal identifier
 * is ever accepted, stored or published. Detection is deliberately about shape, not about whether the number
 * was really issued: a typo'd real number is still personal data, but a random 18-digit reference with a wrong
 * check digit is not flagged, which keeps false positives on ordinary references rare.
 */

/** ISO 7064 MOD 11-2 weights for the 17 body digits (2^(18-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for a 17-digit body. */
export function residentIdCheckChar(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new RangeError('the body of a resident ID number is 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for an 18-character number with a plausible birth date (1800-2099; the standard's own example is born in 1880) and a correct check character. */
export function isResidentIdNumber(candidate: string): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(candidate)) return false;
  const year = Number(candidate.slice(6, 10));
  if (year < 1800 || year > 2099) return false;
  if (!isCalendarDate(year, Number(candidate.slice(10, 12)), Number(candidate.slice(12, 14)))) return false;
  return residentIdCheckChar(candidate.slice(0, 17)) === candidate[17].toUpperCase();
}

/**
 * First-generation (1984-2004) 15-digit numbers: 6-digit area code (first two = a province-level code),
 * YYMMDD birth date, 3-digit sequence, no check digit. Without a check digit the shape is weaker, so only a
 * digit run of exactly 15 whose province code and date are both valid counts.
 */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);

export function isLegacyResidentIdNumber(candidate: string): boolean {
  if (!/^\d{15}$/.test(candidate)) return false;
  if (!PROVINCE_CODES.has(Number(candidate.slice(0, 2)))) return false;
  return isCalendarDate(1900 + Number(candidate.slice(6, 8)), Number(candidate.slice(8, 10)), Number(candidate.slice(10, 12)));
}

const EIGHTEEN = /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/g;
const FIFTEEN = /(?<![0-9])[0-9]{15}(?![0-9])/g;
const SEPARATED_ONLY = /^[\s0-9Xx\-–—.]+$/;

/**
 * True when `text` contains a resident ID number anywhere: embedded in a longer string, written with
 * full-width digits, or written alone with spaces or hyphens between the digit groups.
 */
export function containsResidentIdNumber(text: string): boolean {
  if (tooFewAsciiDigits(text)) return false;
  const normalised = text.normalize('NFKC');
  const scan = (s: string) =>
    [...s.matchAll(EIGHTEEN)].some((m) => isResidentIdNumber(m[0])) || [...s.matchAll(FIFTEEN)].some((m) => isLegacyResidentIdNumber(m[0]));
  if (scan(normalised)) return true;
  if (SEPARATED_ONLY.test(normalised)) {
    const compact = normalised.replace(/[^0-9Xx]/g, '');
    return isResidentIdNumber(compact) || isLegacyResidentIdNumber(compact);
  }
  return false;
}

/**
 * The fast "no" for the common case, an ASCII string with fewer than 15 digits (codes, periods, references):
 * NFKC leaves ASCII unchanged, so it cannot hold an ID. Non-ASCII text takes the full check, since NFKC
 * turns full-width and other compatibility digits into ASCII ones.
 */
function tooFewAsciiDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return false;
    if (c >= 48 && c <= 57) digits++;
  }
  return digits < 15;
}
