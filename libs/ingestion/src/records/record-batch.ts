import { isValidPeriod, recordFactIssues, recordKind, validateRecordFact, type RecordFact } from '@wdp/contracts';
import type { FieldError } from '@wdp/platform';
import { flattenValidationErrors } from '@wdp/platform';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { contentHash } from '../idempotency/canonical-json';
import { datedRules, type DatedRules } from '../validation/common-rules';
import { findResidentIdNumbers, isTooDeep } from '../validation/identifier-scan';
import type { RecordItemBase } from './record-item.base';
import type { RecordKindSpec } from './record-kind';

/** Largest batch accepted in one request (the plan's departments need at least 10,000). */
export const MAX_BATCH_ITEMS = 20_000;

export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One reason per field: a missing enum value is "should not be null or undefined", not that plus "must be one of".
  stopAtFirstError: true,
  validationError: { target: false, value: false },
} as const;

/** One valid item of a submission, ready to store. */
export interface PreparedRecord {
  row: number;
  naturalKey: string;
  subjectRef: string | null;
  fact: RecordFact;
  /** The item as validated (whitelisted), stored for read-back. */
  payload: Record<string, unknown>;
  hash: string;
}

export interface RuleContext {
  department: string;
  hasArea(code: string): boolean;
  /** An area above the district (reference data) that returns, never records, may name; none when absent. */
  aboveDistrict?(code: string): boolean;
  now: Date;
}

export type BatchShape = { kind: 'single'; items: unknown[] } | { kind: 'batch'; items: unknown[] } | { kind: 'invalid'; errors: FieldError[] };

/** A body is one item, or `{ items: [...] }` with nothing else. */
export function batchShape(body: unknown): BatchShape {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { kind: 'invalid', errors: [{ field: '(body)', reason: 'must be a JSON object: one record, or { "items": [ ... ] }' }] };
  }
  if (!('items' in body)) return { kind: 'single', items: [body] };
  const errors: FieldError[] = Object.keys(body)
    .filter((k) => k !== 'items')
    .map((k) => ({ field: k, reason: 'property should not exist (a batch holds only "items")' }));
  const items = (body as { items: unknown }).items;
  if (!Array.isArray(items)) errors.push({ field: 'items', reason: 'must be an array of records' });
  else if (items.length === 0) errors.push({ field: 'items', reason: 'must contain at least one record' });
  return errors.length ? { kind: 'invalid', errors } : { kind: 'batch', items: items as unknown[] };
}

function at(errors: FieldError[], row: number | undefined): FieldError[] {
  if (row === undefined) return errors;
  return errors.map((e) => ({ field: `items[${row}].${e.field}`, row, reason: e.reason }));
}

/**
 * Validates one item: the kind's DTO (types, code lists, unknown fields), then the rules needing reference
 * data or the clock (area exists, period and date not in the future, date within the period), then the
 * kind's own checks and the shared fact rules from the vocabulary. `row` is undefined for a single item.
 */
export function prepareRecord<T extends RecordItemBase>(
  spec: RecordKindSpec<T>, raw: unknown, row: number | undefined, ctx: RuleContext,
): { record?: PreparedRecord; errors: FieldError[] } {
  return prepareItem(spec, raw, row, ctx, datedRules(ctx.now));
}

function prepareItem<T extends RecordItemBase>(
  spec: RecordKindSpec<T>, raw: unknown, row: number | undefined, ctx: RuleContext, dated: DatedRules,
): { record?: PreparedRecord; errors: FieldError[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { errors: at([{ field: '(item)', reason: 'must be a JSON object' }], row) };
  }
  // An item the compiled check passes is one the DTO accepts unchanged: it is used as it came. Any other goes
  // through class-transformer and class-validator, whose errors are the 422's words.
  const compiled = spec.compiledCheck?.(raw) === true;
  const item = compiled ? (raw as T) : (plainToInstance(spec.itemClass, raw) as T);
  const classErrors = compiled ? [] : flattenValidationErrors(validateSync(item, VALIDATOR_OPTIONS));
  const errors: FieldError[] = [...classErrors];
  const invalid = new Set(classErrors.map((e) => e.field.split('.')[0].split('[')[0]));

  if (!invalid.has('area') && !ctx.hasArea(item.area)) errors.push({ field: 'area', reason: 'is not a known area code (see the area reference data)' });
  if (!invalid.has('period') && isValidPeriod(item.period)) {
    const p = dated.periodOutOfRangeProblem(item.period);
    if (p) errors.push({ field: 'period', reason: p });
  }
  if (item.occurredOn !== undefined && !invalid.has('occurredOn')) {
    if (!dated.isCalendarDay(item.occurredOn)) errors.push({ field: 'occurredOn', reason: 'is not a calendar date' });
    else {
      const p = dated.futureDateProblem(item.occurredOn) ?? (invalid.has('period') ? undefined : dated.dateOutsidePeriodProblem(item.occurredOn, item.period));
      if (p) errors.push({ field: 'occurredOn', reason: p });
    }
  }
  if (classErrors.length === 0) errors.push(...(spec.check?.(item) ?? []));
  if (errors.length) return { errors: at(errors, row) };

  const fact = spec.toFact(item);
  if (recordKind(ctx.department, fact.kind)) {
    const issues = recordFactIssues(ctx.department, fact);
    if (issues.length) return { errors: at(issues.map((i) => ({ field: i.field, reason: i.reason })), row) };
    // The monitoring consumer applies the same rules; disagreeing here would dead-letter the event later.
    const problems = validateRecordFact(ctx.department, fact);
    if (problems.length) return { errors: at(problems.map((reason) => ({ field: '(record)', reason })), row) };
  }
  const payload = compiled ? plainCopy(raw as Record<string, unknown>) : (instanceToPlain(item) as Record<string, unknown>);
  const subjectRef = item.subjectRef ?? null;
  return {
    errors: [],
    record: { row: row ?? 0, naturalKey: spec.naturalKey(item), subjectRef, fact, payload, hash: contentHash({ fact, payload }) },
  };
}

/**
 * What instanceToPlain gives for an item the compiled check passed: its fields, with `attributes` (the one
 * nested object such an item can hold, of scalars only) copied too, so the stored payload shares nothing with
 * the request body.
 */
function plainCopy(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  if (copy.attributes !== null && typeof copy.attributes === 'object') copy.attributes = { ...(copy.attributes as object) };
  return copy;
}

export interface PreparedBatch {
  single: boolean;
  /** Total items received. */
  received: number;
  records: PreparedRecord[];
  errors: FieldError[];
}

/**
 * The whole pre-database pipeline of a submission: identifier scan over the raw body, shape, every item,
 * and natural keys repeated within the batch (an error, whether or not the content is the same).
 * Errors are collected for every row, never just the first.
 */
export function prepareSubmission<T extends RecordItemBase>(spec: RecordKindSpec<T>, body: unknown, ctx: RuleContext): PreparedBatch {
  const idErrors = findResidentIdNumbers(body);
  if (isTooDeep(idErrors)) return { single: false, received: 0, records: [], errors: idErrors };
  const shape = batchShape(body);
  if (shape.kind === 'invalid') return { single: false, received: 0, records: [], errors: [...shape.errors, ...idErrors] };
  const single = shape.kind === 'single';
  const records: PreparedRecord[] = [];
  const errors: FieldError[] = [...idErrors];
  const dated = datedRules(ctx.now);
  shape.items.forEach((raw, i) => {
    const result = prepareItem(spec, raw, single ? undefined : i, ctx, dated);
    errors.push(...result.errors);
    if (result.record) records.push(result.record);
  });
  // A batch names each reference once: a repeat is a client mistake, so it is reported, never silently collapsed.
  const firstByKey = new Map<string, PreparedRecord>();
  for (const r of records) {
    const first = firstByKey.get(r.naturalKey);
    if (!first) firstByKey.set(r.naturalKey, r);
    else {
      const how = first.hash === r.hash ? 'repeats' : 'repeats the reference of';
      errors.push({ field: `items[${r.row}].reference`, row: r.row, reason: `${how} items[${first.row}] (row ${first.row}): a batch holds each reference once` });
    }
  }
  return { single, received: shape.items.length, records, errors: sortErrors(dedupeErrors(errors)) };
}

function dedupeErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.row}|${e.field}|${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortErrors(errors: FieldError[]): FieldError[] {
  return [...errors].sort((a, b) => (a.row ?? -1) - (b.row ?? -1) || a.field.localeCompare(b.field));
}
