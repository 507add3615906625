import { unitMaximum } from '@wdp/contracts';
import type { FieldError } from '@wdp/platform';
import { TARGET_FIELDS, type TargetValues } from './stored-indicator';

/**
 * Why a target change is impossible for an indicator in this unit: a value outside [0, the unit's maximum]
 * (a percent above 100, a rate per 100,000 above 100,000), or a tolerance that is negative or wider than the
 * whole scale. Null clears a field and is always allowed. Pure.
 */
export function targetPatchProblems(unit: string, patch: Partial<TargetValues>): FieldError[] {
  const max = unitMaximum(unit);
  const errors: FieldError[] = [];
  for (const field of TARGET_FIELDS) {
    const v = patch[field];
    if (v === undefined || v === null) continue;
    if (!Number.isFinite(v)) errors.push({ field, reason: 'must be a finite number' });
    else if (v < 0) errors.push({ field, reason: field === 'tolerance' ? 'must not be negative' : `must be between 0 and ${max} (${unit})` });
    else if (v > max) errors.push({ field, reason: `must be between 0 and ${max} (${unit})` });
  }
  return errors;
}
