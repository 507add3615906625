import { batchOf, type CloudEvent } from '@wdp/contracts';

/** The events of one request batch applied in one consumer transaction. */
export interface BatchArrival {
  batchId: string;
  /** Events the request produced in all (`wdpbatchsize`). */
  expected: number;
  /** Of them, applied in this transaction. */
  arrived: number;
}

/**
 * Counts a consumed batch's events per request batch, in batch-id order (the order the progress rows are
 * locked in, so two partitions' transactions updating the same requests cannot deadlock). Events without a
 * batch belong to none: they are complete on their own. If events of one batch disagree on its size, the
 * largest is kept, so a request is never called complete early.
 */
export function batchArrivals(events: readonly Pick<CloudEvent, 'wdpbatch' | 'wdpbatchsize'>[]): BatchArrival[] {
  const byId = new Map<string, BatchArrival>();
  for (const e of events) {
    const batch = batchOf(e);
    if (!batch) continue;
    const seen = byId.get(batch.id);
    if (seen) {
      seen.arrived += 1;
      seen.expected = Math.max(seen.expected, batch.size);
    } else {
      byId.set(batch.id, { batchId: batch.id, expected: batch.size, arrived: 1 });
    }
  }
  return [...byId.values()].sort((a, b) => (a.batchId < b.batchId ? -1 : a.batchId > b.batchId ? 1 : 0));
}

/** What a consumed event brings: record changes, a return, or an approval state; each queues pairs of its own. */
export const EVENT_SOURCES = ['record', 'return', 'approval'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** The source of a decoded event's type; one the consumer ignores brings nothing. */
export function sourceOf(type: string): EventSource | null {
  if (type === 'record' || type === 'record-batch') return 'record';
  if (type === 'return' || type === 'approval') return type;
  return null;
}

/** The request batches (`wdpbatch`) of a transaction's events, per source, each once, in batch-id order. */
export function requestsBySource(events: readonly { source: EventSource | null; event: Pick<CloudEvent, 'wdpbatch' | 'wdpbatchsize'> }[]): Record<EventSource, string[]> {
  const out: Record<EventSource, string[]> = { record: [], return: [], approval: [] };
  for (const source of EVENT_SOURCES) {
    out[source] = batchArrivals(events.filter((e) => e.source === source).map((e) => e.event)).map((a) => a.batchId);
  }
  return out;
}
