import {
  recordBatchEventType, recordEventOfItem, recordEventType,
  type EventGeneration, type RecordBatchEventData, type RecordEventData, type RecordOperation,
} from '@wdp/contracts';
import type { DeliveredEvent } from './service-probes';

// Record changes as a consumer sees them, whichever generation carried them: a v1 event is one change, a v2
// batch event (`….record-batch.v1`) is one change per item. Tests state their expectations per change, so
// the same expectations hold for both generations, and a change published twice (in one generation or in
// both) shows up as two.

/** One record's change as it reached Kafka. */
export interface DeliveredRecordChange {
  /** Id of the event that carried it. */
  eventId: string;
  /** That event's CloudEvents type: `….<operation>.v1` in v1, `….record-batch.v1` in v2. */
  type: string;
  source: string;
  /** That event's Kafka key and partition. */
  key: string | null;
  partition: number;
  /** The change in v1's shape (in v2: the item, with the batch's department). */
  data: RecordEventData;
  wdpbatch?: string;
  wdpbatchsize?: number;
  /** How many record changes that event carries in all (always 1 in v1). */
  changesInEvent: number;
  /** That event's whole Kafka value and headers, for the identifier-leak checks. */
  raw: string;
}

/** The type of the event that carries a record change of `kind` in `generation`. */
export function recordChangeType(department: string, kind: string, operation: RecordOperation, generation: EventGeneration): string {
  return generation === 'v2' ? recordBatchEventType(department, kind) : recordEventType(department, kind, operation);
}

/** Every record change one delivered event carries: its items if it is a batch event, else itself. */
export function changesOfEvent(event: DeliveredEvent): DeliveredRecordChange[] {
  const carried = (data: RecordEventData, changesInEvent: number): DeliveredRecordChange => ({
    eventId: event.id, type: event.type, source: event.source, key: event.key, partition: event.partition, data,
    wdpbatch: event.wdpbatch, wdpbatchsize: event.wdpbatchsize, changesInEvent, raw: event.raw,
  });
  const data = event.data as Partial<RecordBatchEventData>;
  if (!Array.isArray(data?.items)) return [carried(event.data as RecordEventData, 1)];
  return data.items.map((item) => carried(recordEventOfItem(data.department as string, item), data.items!.length));
}

/**
 * The changes of `recordIds` among `events`: those records first to last as listed, each record's changes by
 * revision. Changes of other records riding in the same batch events are left out (see changesInEvent).
 */
export function recordChangesIn(events: readonly DeliveredEvent[], recordIds: readonly string[]): DeliveredRecordChange[] {
  const position = new Map(recordIds.map((id, i) => [id, i]));
  return events
    .flatMap(changesOfEvent)
    .filter((c) => position.has(c.data.recordId))
    .sort((a, b) => position.get(a.data.recordId)! - position.get(b.data.recordId)! || a.data.revision - b.data.revision);
}

/** The distinct events that carried `changes`, in first-seen order. */
export function eventsOfChanges(changes: readonly DeliveredRecordChange[]): DeliveredRecordChange[] {
  const seen = new Map<string, DeliveredRecordChange>();
  for (const c of changes) if (!seen.has(c.eventId)) seen.set(c.eventId, c);
  return [...seen.values()];
}
