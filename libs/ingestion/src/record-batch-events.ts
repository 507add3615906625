import {
  createEvent, recordBatchEventType, topicPartitions, type CloudEvent, type RecordBatchEventData, type RecordChangeItem,
} from '@wdp/contracts';
import { keyPartition, type OutboxMessage } from '@wdp/messaging';

/**
 * Largest batch event, JSON bytes. The broker refuses a message over `message.max.bytes` (1 MiB by default,
 * envelope and headers included), and the relay sends at most 768 KiB a request; half a MiB leaves room for both.
 */
export const MAX_BATCH_EVENT_BYTES = 512 * 1024;

/** Bytes of the event around its items (envelope, department, kind, wdpbatch), rounded up generously. */
const ENVELOPE_ALLOWANCE = 1024;

export interface BatchEventTarget {
  department: string;
  topic: string;
  source: string;
  headers: Record<string, string>;
}

export interface KindChange extends RecordChangeItem {
  kind: string;
}

/**
 * The v2 events of one request's record changes: the changes grouped by kind and by the partition each record
 * id hashes to, each group one event (split further only to stay under MAX_BATCH_EVENT_BYTES). An event is
 * keyed by its first record id, which lands on that same partition, so every change of a record travels on
 * the record's own partition, in order, whichever request carries it.
 */
export function recordBatchMessages(target: BatchEventTarget, changes: readonly KindChange[], maxBytes = MAX_BATCH_EVENT_BYTES): OutboxMessage[] {
  const partitions = topicPartitions(target.topic);
  const groups = new Map<string, { kind: string; items: RecordChangeItem[]; sizes: number[] }>();
  for (const { kind, ...item } of changes) {
    const group = `${kind}\u0000${keyPartition(item.recordId, partitions)}`;
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { kind, items: [], sizes: [] }));
    g.items.push(item);
    g.sizes.push(Buffer.byteLength(JSON.stringify(item)) + 1);
  }
  const messages: OutboxMessage[] = [];
  for (const { kind, items, sizes } of groups.values()) {
    let start = 0;
    let bytes = ENVELOPE_ALLOWANCE;
    const emit = (end: number) => {
      messages.push(batchMessage(target, kind, items.slice(start, end)));
      start = end;
      bytes = ENVELOPE_ALLOWANCE;
    };
    for (let i = 0; i < items.length; i++) {
      if (i > start && bytes + sizes[i] > maxBytes) emit(i);
      bytes += sizes[i];
    }
    emit(items.length);
  }
  return messages;
}

function batchMessage(target: BatchEventTarget, kind: string, items: RecordChangeItem[]): OutboxMessage {
  const event: CloudEvent<RecordBatchEventData> = createEvent({
    source: target.source,
    type: recordBatchEventType(target.department, kind),
    subject: `records/${kind}`,
    data: { department: target.department, kind, items },
  });
  return { topic: target.topic, key: items[0].recordId, event, headers: target.headers };
}
