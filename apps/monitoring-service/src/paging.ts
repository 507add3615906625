import { cursorPageQuery, offsetCursor, offsetPaging, withPageAliases, type OffsetPaging, type PageLimits } from '@wdp/platform';

/** Monitoring's lists: 50 items a page unless asked, at most 500 (the dashboard reads whole lists in pages of 500). */
export const MONITORING_PAGE: PageLimits = { defaultLimit: 50, maxLimit: 500 };

/** `limit` + `cursor`, the one paging convention; `page` + `pageSize` stay as deprecated aliases (docs/monitoring.md). */
export class PageQueryDto extends withPageAliases(cursorPageQuery(MONITORING_PAGE, offsetCursor.encode(50)), MONITORING_PAGE) {}

/** Monitoring pages by offset: its lists are small reads in a computed order that also report a total. */
export function pagingOf(q: PageQueryDto): OffsetPaging {
  return offsetPaging(q, MONITORING_PAGE);
}
