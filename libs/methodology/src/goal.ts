import { ZERO_EPSILON } from './cagr';
import { InvalidSpecError } from './errors';
import type { Comparator, Direction, IndicatorSpec } from './types';

/**
 * What an indicator spec asks for, reduced to one of three shapes:
 * - target: reach `target` moving in `direction` (at_least, at_most, coverage, gap_narrows with a target);
 * - band: end inside [lower, upper] (about, parity);
 * - directional: move in `direction`, no number (increase, decrease, gap_narrows without a target).
 * `distanceFrom` is set when the raw values must first be turned into |value − reference| (gap_narrows).
 */
export type Goal =
  | { readonly kind: 'target'; readonly direction: Direction; readonly target: number; readonly distanceFrom: number | null }
  | { readonly kind: 'band'; readonly lower: number; readonly upper: number; readonly centre: number }
  | { readonly kind: 'directional'; readonly direction: Direction; readonly distanceFrom: number | null };

const IMPLIED_DIRECTION: Partial<Record<Comparator, Direction>> = {
  at_least: 'higher',
  at_most: 'lower',
  increase: 'higher',
  decrease: 'lower',
  gap_narrows: 'lower',
  coverage: 'higher',
};

export function resolveGoal(spec: IndicatorSpec): Goal {
  checkYears(spec);
  checkOptionalFinite(spec, ['targetValue', 'baselineValue', 'tolerance', 'referenceValue', 'zeroEpsilon']);
  if (spec.zeroEpsilon !== undefined && !(spec.zeroEpsilon > 0)) fail(spec, 'zeroEpsilon must be > 0');
  const implied = IMPLIED_DIRECTION[spec.comparator];
  if (spec.direction !== undefined && implied !== undefined && spec.direction !== implied) {
    fail(spec, `direction '${spec.direction}' contradicts comparator (implies '${implied}')`);
  }
  switch (spec.comparator) {
    case 'at_least':
    case 'at_most':
      return { kind: 'target', direction: implied!, target: required(spec, 'targetValue'), distanceFrom: null };
    case 'coverage':
      return { kind: 'target', direction: 'higher', target: spec.targetValue ?? spec.referenceValue ?? 100, distanceFrom: null };
    case 'increase':
    case 'decrease':
      if (spec.targetValue !== undefined) fail(spec, 'directional comparators take no targetValue; use at_least/at_most');
      return { kind: 'directional', direction: implied!, distanceFrom: null };
    case 'gap_narrows': {
      const reference = spec.referenceValue ?? 0;
      if (spec.targetValue === undefined) return { kind: 'directional', direction: 'lower', distanceFrom: reference };
      if (spec.targetValue < 0) fail(spec, 'gap_narrows targetValue is a distance and must be ≥ 0');
      return { kind: 'target', direction: 'lower', target: spec.targetValue, distanceFrom: reference };
    }
    case 'about':
      return band(spec, required(spec, 'targetValue'), required(spec, 'tolerance'));
    case 'parity': {
      const reference = required(spec, 'referenceValue');
      if (spec.targetValue !== undefined && spec.targetValue !== reference) fail(spec, 'parity targetValue must equal referenceValue');
      return band(spec, reference, spec.tolerance ?? 0);
    }
    default:
      return fail(spec, `unknown comparator '${String(spec.comparator)}'`);
  }
}

export function epsilonOf(spec: IndicatorSpec): number {
  return spec.zeroEpsilon ?? ZERO_EPSILON;
}

function band(spec: IndicatorSpec, centre: number, tolerance: number): Goal {
  if (tolerance < 0) fail(spec, 'tolerance must be ≥ 0');
  return { kind: 'band', lower: centre - tolerance, upper: centre + tolerance, centre };
}

function checkYears(spec: IndicatorSpec): void {
  if (!Number.isInteger(spec.baseYear) || !Number.isInteger(spec.targetYear)) fail(spec, 'baseYear and targetYear must be integers');
  if (spec.targetYear <= spec.baseYear) fail(spec, 'targetYear must be after baseYear');
}

function checkOptionalFinite(spec: IndicatorSpec, keys: (keyof IndicatorSpec)[]): void {
  for (const key of keys) {
    const value = spec[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) fail(spec, `${key} must be a finite number`);
  }
}

function required(spec: IndicatorSpec, key: 'targetValue' | 'tolerance' | 'referenceValue'): number {
  const value = spec[key];
  if (value === undefined) fail(spec, `${spec.comparator} needs ${key}`);
  return value;
}

function fail(spec: IndicatorSpec, message: string): never {
  throw new InvalidSpecError(`${spec.comparator}: ${message}`);
}
