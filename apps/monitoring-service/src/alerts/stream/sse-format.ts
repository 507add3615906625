/** One server-sent event: `id`, `event` and `data` lines (data is one line of JSON), then a blank line. */
export function sseEvent(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, keeps proxies and load balancers from closing an idle stream. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';

/**
 * Where a client resumes: the `Last-Event-ID` header (sent by EventSource on reconnect), else the
 * `lastEventId` query parameter (for clients that open a new EventSource themselves), else nothing (live
 * only). Anything but a non-negative integer is ignored rather than replaying from the start.
 */
export function resumePoint(header: string | string[] | undefined, query: string | undefined): number | undefined {
  const raw = (Array.isArray(header) ? header[0] : header) ?? query;
  if (raw === undefined || !/^\d{1,18}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
