import { isValidPeriod, returnKind, validateReturnFacts, type ReturnFacts } from '@wdp/contracts';
import type { FieldError } from '@wdp/platform';
import { flattenValidationErrors } from '@wdp/platform';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { contentHash } from '../idempotency/canonical-json';
import { sortErrors, VALIDATOR_OPTIONS, type RuleContext } from '../records/record-batch';
import { periodOutOfRangeProblem } from '../validation/common-rules';
import { findResidentIdNumbers, isTooDeep } from '../validation/identifier-scan';
import type { ReturnBase, ReturnKindSpec } from './return-kind';

export interface PreparedReturn {
  facts: ReturnFacts;
  payload: Record<string, unknown>;
  hash: string;
}

/** Identifier scan, DTO validation, area and period rules, the kind's checks and the shared vocabulary rules. */
export function prepareReturn(spec: ReturnKindSpec, body: unknown, ctx: RuleContext): { prepared?: PreparedReturn; errors: FieldError[] } {
  // A copy: the scan's answer is cached per body, and the rules below add to this list.
  const errors: FieldError[] = [...findResidentIdNumbers(body)];
  if (isTooDeep(errors)) return { errors };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { errors: [...errors, { field: '(body)', reason: 'must be a JSON object: one statistical return' }] };
  }
  const item = plainToInstance(spec.itemClass, body) as ReturnBase;
  const classErrors = flattenValidationErrors(validateSync(item, VALIDATOR_OPTIONS));
  errors.push(...classErrors);
  const invalid = new Set(classErrors.map((e) => e.field.split(/[.[]/)[0]));
  if (!invalid.has('area') && !ctx.hasArea(item.area) && !ctx.aboveDistrict?.(item.area)) errors.push({ field: 'area', reason: 'is not a known area code (see the area reference data)' });
  if (!invalid.has('period') && isValidPeriod(item.period)) {
    const p = periodOutOfRangeProblem(item.period, ctx.now);
    if (p) errors.push({ field: 'period', reason: p });
  }
  if (classErrors.length === 0) errors.push(...spec.check(item).map((i) => ({ ...i, ...rowOf(i.field) })));
  if (errors.length) return { errors: sortErrors(errors) };
  const facts = spec.toFacts(item);
  if (returnKind(ctx.department, facts.kind)) {
    const problems = validateReturnFacts(ctx.department, facts);
    if (problems.length) return { errors: problems.map((reason) => ({ field: '(return)', reason })) };
  }
  const payload = instanceToPlain(item) as Record<string, unknown>;
  return { errors: [], prepared: { facts, payload, hash: contentHash({ facts, payload }) } };
}

function rowOf(field: string): { row?: number } {
  const m = /^figures\[(\d+)\]/.exec(field);
  return m ? { row: Number(m[1]) } : {};
}
