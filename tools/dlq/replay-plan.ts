import { DLQ_HEADER, type OutgoingMessage } from '@wdp/messaging';

/** A message read back from a dead-letter topic. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface ReplaySelection {
  /** Only dead letters of this consumer group (`dlq_consumer`). */
  consumer?: string;
  /** Only these CloudEvent ids (`ce_id`). */
  eventIds?: string[];
  /** Only dead letters at or after this DLQ offset. */
  fromOffset?: bigint;
}

export interface PlannedReplay {
  /** Where it is re-published: `dlq_original_topic`, else the DLQ topic's name without `.dlq`. */
  topic: string;
  message: OutgoingMessage;
  source: { partition: number; offset: string; consumer?: string; error?: string; eventId?: string; eventType?: string };
}

/** Header that records where a re-published message came from; consumers ignore headers they do not know. */
export const REPLAYED_FROM_HEADER = 'wdp_replayed_from';

const DLQ_PREFIX = 'dlq_';

export function originalTopicOf(deadLetterTopic: string, headers: Record<string, string>): string {
  return headers[DLQ_HEADER.originalTopic] ?? deadLetterTopic.replace(/\.dlq$/, '');
}

export function selects(letter: DeadLetter, selection: ReplaySelection): boolean {
  if (selection.consumer && letter.headers[DLQ_HEADER.consumer] !== selection.consumer) return false;
  if (selection.eventIds?.length && !selection.eventIds.includes(letter.headers.ce_id)) return false;
  if (selection.fromOffset !== undefined && BigInt(letter.offset) < selection.fromOffset) return false;
  return true;
}

/**
 * What re-publishing a dead letter means: the same key (so the same partition and per-key order as the
 * original), the same value, the original headers without the dlq_* ones, plus where it was replayed from.
 */
export function planReplay(deadLetterTopic: string, letter: DeadLetter): PlannedReplay {
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([k]) => !k.startsWith(DLQ_PREFIX)));
  headers[REPLAYED_FROM_HEADER] = `${deadLetterTopic}/${letter.partition}/${letter.offset}`;
  return {
    topic: originalTopicOf(deadLetterTopic, letter.headers),
    message: { key: letter.key, value: letter.value, headers },
    source: {
      partition: letter.partition,
      offset: letter.offset,
      consumer: letter.headers[DLQ_HEADER.consumer],
      error: letter.headers[DLQ_HEADER.error],
      eventId: letter.headers.ce_id,
      eventType: letter.headers.ce_type,
    },
  };
}
