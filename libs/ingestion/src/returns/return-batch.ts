import type { FieldError } from '@wdp/platform';
import type { ReturnKindSpec } from './return-kind';
import type { PreparedReturn } from './return-validation';
import type { ReturnRow } from './return.repository';

/** Most returns one batch holds: a statistics bureau's yearly message is a few kinds × the areas × a few periods. */
export const MAX_BATCH_RETURNS = 2_000;

/** One return of a batch: its kind's spec and the body POST /v1/returns/{kind} takes. */
export interface ReturnBatchItem {
  spec: ReturnKindSpec;
  body: unknown;
}

/** A validated return of a batch, at its place in the batch. */
export interface PreparedBatchReturn extends PreparedReturn {
  index: number;
  kind: string;
}

/** The natural key of a return: what one statistical_returns row is unique on. */
export const returnKeyOf = (r: { kind: string; area: string; period: string }): string => JSON.stringify([r.kind, r.area, r.period]);

/** The errors of the batch's `index`th return, named by their path in the batch: `returns[2].figures[0].value`. */
export function atReturn(index: number, errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: e.field === '(body)' ? `returns[${index}]` : `returns[${index}].${e.field}` }));
}

/** The index and the field within that return of a batch error's path; undefined for a path outside `returns[i]`. */
export function batchPathOf(field: string): { index: number; field: string } | undefined {
  const m = /^returns\[(\d+)\](?:\.(.*))?$/.exec(field);
  return m ? { index: Number(m[1]), field: m[2] ?? '(body)' } : undefined;
}

/**
 * A batch names each return once: a second return for the same kind, area and period would be stored over the
 * first within one request (or refused as a conflict with itself), so it is refused at its period instead.
 */
export function repeatedReturns(prepared: readonly PreparedBatchReturn[]): FieldError[] {
  const first = new Map<string, number>();
  const errors: FieldError[] = [];
  for (const p of prepared) {
    const key = returnKeyOf({ kind: p.kind, area: p.facts.area, period: p.facts.period });
    const at = first.get(key);
    if (at === undefined) first.set(key, p.index);
    else errors.push({ field: `returns[${p.index}].period`, reason: `repeats the return of returns[${at}] (the same kind, area and period): send each return once` });
  }
  return errors;
}

export interface ClassifiedReturns {
  toCreate: PreparedBatchReturn[];
  unchanged: { prepared: PreparedBatchReturn; existing: ReturnRow }[];
  conflicts: { prepared: PreparedBatchReturn; existing: ReturnRow }[];
}

/**
 * The natural-key rule of POST /v1/returns/{kind}, return by return: a new key is created; a stored return with the
 * same figures is unchanged (a retried message never double-counts); different figures, or a withdrawn return, are
 * a conflict the client resolves with PUT.
 */
export function classifyReturns(prepared: readonly PreparedBatchReturn[], existing: readonly ReturnRow[]): ClassifiedReturns {
  const byKey = new Map(existing.map((r) => [returnKeyOf(r), r]));
  const out: ClassifiedReturns = { toCreate: [], unchanged: [], conflicts: [] };
  for (const p of prepared) {
    const row = byKey.get(returnKeyOf({ kind: p.kind, area: p.facts.area, period: p.facts.period }));
    if (!row) out.toCreate.push(p);
    else if (row.status === 'active' && row.contentHash === p.hash) out.unchanged.push({ prepared: p, existing: row });
    else out.conflicts.push({ prepared: p, existing: row });
  }
  return out;
}
