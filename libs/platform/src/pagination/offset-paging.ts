import type { FieldError } from '../http/problem-details';
import { ProblemException } from '../http/problem.exception';
import { offsetCursor } from './cursor';
import type { PageAliasQuery, PageLimits } from './page-query';

export interface OffsetPaging {
  limit: number;
  offset: number;
}

/**
 * Where a page of an offset-paged list starts and how long it is, from `limit` + `cursor` or their deprecated
 * aliases `pageSize` + `page`. Mixing a parameter with its own alias is refused rather than one silently winning.
 * Throws 422 naming the parameter.
 */
export function offsetPaging(q: PageAliasQuery, limits: PageLimits): OffsetPaging {
  const errors: FieldError[] = [];
  if (q.cursor !== undefined && q.page !== undefined) errors.push({ field: 'page', reason: 'cannot be combined with cursor (page is its deprecated alias)' });
  if (q.limit !== undefined && q.pageSize !== undefined) errors.push({ field: 'pageSize', reason: 'cannot be combined with limit (pageSize is its deprecated alias)' });
  const limit = q.limit ?? q.pageSize ?? limits.defaultLimit;
  let offset = ((q.page ?? 1) - 1) * limit;
  if (q.cursor !== undefined) {
    const decoded = offsetCursor.decode(q.cursor);
    if (decoded === undefined) errors.push({ field: 'cursor', reason: 'is not a cursor this API returned' });
    else offset = decoded;
  }
  if (errors.length) throw ProblemException.validation(errors, 'The query has invalid parameters.');
  return { limit, offset };
}

export interface CountedPage<T> {
  page: number;
  pageSize: number;
  total: number;
  nextCursor: string | null;
  items: T[];
}

/** The answer of one page: its items, the cursor of the next page (none past `total`) and the deprecated echo. */
export function countedPage<T>(paging: OffsetPaging, total: number, items: T[]): CountedPage<T> {
  const next = paging.offset + paging.limit;
  return {
    page: Math.floor(paging.offset / paging.limit) + 1,
    pageSize: paging.limit,
    total,
    nextCursor: next < total ? offsetCursor.encode(next) : null,
    items,
  };
}
