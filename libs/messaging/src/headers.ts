import { CE_HEADER, CLOUDEVENTS_CONTENT_TYPE, type CloudEvent } from '@wdp/contracts';

/** Kafka headers as they arrive from kafkajs (IHeaders), without importing kafkajs types into callers. */
export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/**
 * Headers for an outgoing event: the envelope attributes a router or DLQ reader needs without parsing,
 * then the caller's own headers. The envelope attributes win, so a caller cannot mislabel an event.
 */
export function eventHeaders(
  event: Pick<CloudEvent, 'id' | 'type' | 'source'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    [CE_HEADER.id]: event.id,
    [CE_HEADER.type]: event.type,
    [CE_HEADER.source]: event.source,
    [CE_HEADER.contentType]: CLOUDEVENTS_CONTENT_TYPE,
  };
}

/** Decodes kafkajs headers to strings; a repeated header keeps its last value. */
export function headersToRecord(headers: RawHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (last === undefined) continue;
    out[k] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return out;
}

export const DLQ_HEADER = {
  error: 'dlq_error',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumer: 'dlq_consumer',
  failedAt: 'dlq_failed_at',
  attempts: 'dlq_attempts',
  /** On a rejected part of an event (a dead letter with an id of its own): the event it was taken from. */
  originalEventId: 'dlq_original_event_id',
} as const;

/** Longest error text carried in a header; stack traces and huge messages would bloat every DLQ record. */
const MAX_ERROR_HEADER_LENGTH = 2_000;

export interface DeadLetterOrigin {
  topic: string;
  partition: number;
  offset: string;
  consumer: string;
  error: unknown;
  attempts: number;
  failedAt?: Date;
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_HEADER_LENGTH ? `${text.slice(0, MAX_ERROR_HEADER_LENGTH - 1)}…` : text;
}

/** The original headers plus the dlq_* headers explaining where the message came from and why it failed. */
export function deadLetterHeaders(original: Record<string, string>, origin: DeadLetterOrigin): Record<string, string> {
  return {
    ...original,
    [DLQ_HEADER.error]: errorText(origin.error),
    [DLQ_HEADER.originalTopic]: origin.topic,
    [DLQ_HEADER.originalPartition]: String(origin.partition),
    [DLQ_HEADER.originalOffset]: origin.offset,
    [DLQ_HEADER.consumer]: origin.consumer,
    [DLQ_HEADER.failedAt]: (origin.failedAt ?? new Date()).toISOString(),
    [DLQ_HEADER.attempts]: String(origin.attempts),
  };
}
