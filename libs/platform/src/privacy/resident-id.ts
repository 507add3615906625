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

const FIFTEEN = /(?<![0-9])[0-9]{15}(?![0-9])/g;
const SEPARATED_ONLY = /^[\s\p{Pd}.0-9Xx]+$/u;
/**
 * Characters a reader does not see: format controls (zero-width space and joiners, word joiner, BOM, soft
 * hyphen, bidi controls, U+180E), everything Unicode marks default-ignorable (some are letters, e.g. U+3164),
 * combining marks, and control characters other than whitespace.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must match
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{M}\x00-\x08\x0E-\x1F\x7F-\x9F]/gu;
/** Digits NFKC leaves alone: other scripts' (Arabic-Indic, Devanagari...) and Chinese numerals read digit by digit. */
const OTHER_DIGIT = /(?![0-9])\p{Nd}|[〇零一二三四五六七八九]/gu;
const HAN_DIGITS = '〇一二三四五六七八九';
/**
 * At least 17 digits in groups with anything but letters between them, optionally ending in a check
 * character X. The separator class excludes digits, so matching stays linear.
 */
const CHAIN = /[0-9](?:[^\p{L}0-9]*[0-9]){16,}(?:[^\p{L}0-9]*[Xx])?/gu;
const ASCII_CHAIN = /[0-9](?:[^A-Za-z0-9]*[0-9]){16,}(?:[^A-Za-z0-9]*[Xx])?/g;

/**
 * True when `text` contains a resident ID number anywhere: embedded in a longer string; in full-width,
 * other-script or Chinese-numeral digits; with invisible characters (U+200B...) anywhere inside; or with
 * spaces, hyphens or other punctuation between its digit groups.
 */
export function containsResidentIdNumber(text: string): boolean {
  if (tooFewAsciiDigits(text)) return false;
  const ascii = isAscii(text);
  const digits = ascii ? text : text.normalize('NFKC').replace(OTHER_DIGIT, asciiDigit);
  if (!ascii && tooFewAsciiDigits(digits, true)) return false;
  // Invisible characters count as separators between digit groups (`12\u200b110105...` holds an ID) ...
  if (separatedEighteen(ascii ? digits : digits.replace(INVISIBLE, ' '), ascii ? ASCII_CHAIN : CHAIN)) return true;
  // ... and as nothing inside a 15-digit number, which has no check digit and so counts only written whole.
  const visible = digits.replace(INVISIBLE, '');
  for (const m of visible.matchAll(FIFTEEN)) if (isLegacyResidentIdNumber(m[0])) return true;
  return SEPARATED_ONLY.test(visible) && isLegacyResidentIdNumber(visible.replace(/[^0-9Xx]/g, ''));
}

/**
 * Finds an 18-character ID anywhere, also split into groups by anything that is not a letter (spaces,
 * hyphens, dots, slashes...), e.g. `110105 1949-1231 002X` inside a sentence: every run of consecutive
 * groups is tried. The check digit keeps chance matches rare.
 */
function separatedEighteen(text: string, chains: RegExp): boolean {
  for (const [chain] of text.matchAll(chains)) {
    const groups = chain.match(/[0-9]+|[Xx]/g)!;
    for (let i = 0; i < groups.length; i++) {
      let joined = '';
      for (let j = i; j < groups.length && joined.length < 18; j++) {
        joined += groups[j];
        if (joined.length === 18 && isResidentIdNumber(joined)) return true;
      }
    }
  }
  return false;
}

function asciiDigit(ch: string): string {
  const han = HAN_DIGITS.indexOf(ch);
  if (han >= 0) return String(han);
  if (ch === '零') return '0';
  // Unicode lays out every script's digits as a run from 0 to 9 (some scripts' runs adjoin).
  let zero = ch.codePointAt(0)!;
  while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
  return String((ch.codePointAt(0)! - zero) % 10);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The fast "no" for the common case, an ASCII string with fewer than 15 digits (codes, periods, references):
 * it holds no other kind of digit nor an invisible character. Non-ASCII text takes the full check unless
 * `anyText`, since NFKC turns full-width and other compatibility digits into ASCII ones.
 */
function tooFewAsciiDigits(text: string, anyText = false): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 && !anyText) return false;
    if (c >= 48 && c <= 57) digits++;
  }
  return digits < 15;
}
