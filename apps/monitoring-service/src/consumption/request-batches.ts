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
