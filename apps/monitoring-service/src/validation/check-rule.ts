import type { AreaIndex } from '@wdp/contracts';
import { type InputRef, isInputRef, type ObservationRef } from '@wdp/indicators';
import type { RuleDefinition, RuleTerm } from './rule';

/** The aggregated values of one period, as a rule reads them; undefined where there is nothing. */
export interface RuleValues {
  /** An input's count in an area: undefined when it has no facts there. */
  record(ref: InputRef, areaCode: string): number | undefined;
  /** A return's figure in an area: undefined when no return was filed. */
  figure(ref: ObservationRef, areaCode: string): number | undefined;
}

/** Both sides' numbers at one area and period, and whether the rule holds there. */
export interface RuleCheck {
  left: number;
  right: number;
  holds: boolean;
}

interface Side {
  value: number;
  /** Whether any term had data: sides of record counts alone that have none are not checked. */
  seen: boolean;
}

/**
 * Floating-point slack on top of the rule's tolerance: sums of figures filed with decimals (0.1 + 0.2) must not
 * count as a violation of `==`.
 */
const EPSILON = 1e-9;

/**
 * Checks a rule at one area: null when it cannot be checked there — a return a side reads was not filed (a
 * district's return equals the sum of its streets' returns only where all of them are filed), neither side has
 * any data, or, for `yoy_within`, there is no positive value a year earlier to compare with. A record input with
 * no facts counts 0 once the rule is checkable (no maternal death recorded this year is none, not unknown).
 * `previous`: the same period a year earlier, read by `yoy_within` only.
 */
export function checkRule(rule: RuleDefinition, areaCode: string, areas: AreaIndex, values: RuleValues, previous?: RuleValues): RuleCheck | null {
  const left = sideValue(rule.left, areaCode, areas, values);
  if (!left) return null;
  if (rule.operator === 'yoy_within') {
    const before = previous && sideValue(rule.left, areaCode, areas, previous);
    if (!before || !left.seen || !before.seen || !(before.value > 0)) return null;
    const change = (Math.abs(left.value - before.value) / before.value) * 100;
    return { left: left.value, right: before.value, holds: change <= rule.tolerance + EPSILON };
  }
  const right = sideValue(rule.right, areaCode, areas, values);
  if (!right || (!left.seen && !right.seen)) return null;
  return { left: left.value, right: right.value, holds: compare(left.value, rule.operator, right.value, rule.tolerance) };
}

/** `left op right` with `tolerance` of slack towards holding (strict operators stay strict at 0). */
export function compare(left: number, operator: Exclude<RuleDefinition['operator'], 'yoy_within'>, right: number, tolerance: number): boolean {
  const slack = tolerance + EPSILON;
  switch (operator) {
    case '==':
      return Math.abs(left - right) <= slack;
    case '<=':
      return left <= right + slack;
    case '<':
      return left < right + tolerance;
    case '>=':
      return left >= right - slack;
    case '>':
      return left > right - tolerance;
  }
}

function sideValue(terms: readonly RuleTerm[], areaCode: string, areas: AreaIndex, values: RuleValues): Side | undefined {
  let value = 0;
  let seen = false;
  for (const term of terms) {
    const t = termValue(term, areaCode, areas, values);
    if (!t) return undefined;
    value += term.coefficient * t.value;
    seen ||= t.seen;
  }
  return { value, seen };
}

/** undefined: a return the term reads is missing, so the side has no value. */
function termValue(term: RuleTerm, areaCode: string, areas: AreaIndex, values: RuleValues): Side | undefined {
  const places = term.areas === 'area' ? [areaCode] : areas.children(areaCode).map((a) => a.code);
  if (places.length === 0) return undefined;
  let value = 0;
  let seen = false;
  for (const place of places) {
    const v = isInputRef(term.operand) ? values.record(term.operand, place) : values.figure(term.operand, place);
    if (v === undefined) {
      if (!isInputRef(term.operand)) return undefined;
      continue;
    }
    value += v;
    seen = true;
  }
  return { value, seen };
}

/** The same period a year earlier ('2024' → '2023', '2024-Q2' → '2023-Q2', '2024-05' → '2023-05'). */
export function sameTimeLastYear(period: string): string {
  return `${String(Number(period.slice(0, 4)) - 1).padStart(4, '0')}${period.slice(4)}`;
}
