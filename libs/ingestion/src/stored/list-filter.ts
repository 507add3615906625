import { periodRange } from '@wdp/contracts';
import { FieldError, ProblemException, seqCursor } from '@wdp/platform';
import type { DepartmentContext } from '../department-context';
import type { ListQueryDto } from '../http/list-query.dto';

export function periodStartOf(period: string): string {
  return periodRange(period).start.toISOString().slice(0, 10);
}

/** The area and every area inside it (just the code itself when it is unknown). */
export function areasWithin(ctx: DepartmentContext, code: string): string[] {
  const index = ctx.areas.current;
  if (!index.has(code)) return [code];
  return index.areas.filter((a) => index.isWithin(a.code, code)).map((a) => a.code);
}

/** Filters shared by the record and return lists; throws 422 naming the bad query parameter. */
export function listFilter(query: ListQueryDto, areasWithin: (code: string) => string[]) {
  const errors: FieldError[] = [];
  let afterSeq: string | undefined;
  if (query.cursor !== undefined) {
    afterSeq = seqCursor.decode(query.cursor);
    if (!afterSeq) errors.push({ field: 'cursor', reason: 'is not a cursor this API returned' });
  }
  const periodStartFrom = query.periodFrom ? periodStartOf(query.periodFrom) : undefined;
  const periodStartTo = query.periodTo ? periodRange(query.periodTo).end.toISOString().slice(0, 10) : undefined;
  if (periodStartFrom && periodStartTo && periodStartFrom > periodStartTo) errors.push({ field: 'periodTo', reason: 'must not be before periodFrom' });
  if (errors.length) throw ProblemException.validation(errors, 'The query has invalid parameters.');
  return { afterSeq, periodStartFrom, periodStartTo, areas: query.area ? areasWithin(query.area) : undefined, status: query.status };
}
