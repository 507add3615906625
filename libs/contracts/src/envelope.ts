import { randomUUID } from 'node:crypto';
import { newId } from './ids';

/**
 * CloudEvents 1.0, structured content mode: the whole envelope is the Kafka message value
 * (`application/cloudevents+json`). `id` is the dedupe key for every consumer.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  /** Versioned, e.g. `gov.yunyan.health.maternal-death.recorded.v1`. */
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  /**
   * Extension: the server-generated id of the accepted request (or return submission) this event is one of.
   * With `wdpbatchsize`, lets a consumer tell when every event of the request has arrived.
   */
  wdpbatch?: string;
  /** Extension: how many events that request produced in all. */
  wdpbatchsize?: number;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** Kafka headers that mirror envelope attributes, so a consumer or DLQ reader can route without parsing. */
export const CE_HEADER = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  contentType: 'content-type',
} as const;

export interface NewEvent<T> {
  source: string;
  type: string;
  subject?: string;
  data: T;
  id?: string;
  time?: Date;
}

export function createEvent<T>(e: NewEvent<T>): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: e.id ?? newId(),
    source: e.source,
    type: e.type,
    ...(e.subject ? { subject: e.subject } : {}),
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: e.data,
  };
}

/** The request an event belongs to: its batch id and the request's event count. */
export interface EventBatch {
  id: string;
  size: number;
}

/** A sanity ceiling, far above any request (a batch request holds at most a few thousand records). */
const MAX_BATCH_SIZE = 1_000_000;

/**
 * Stamps every event with one batch: the events of one accepted request, all written in its transaction.
 * The id is generated here, never taken from the client, so no caller can merge or split another's request.
 */
export function inBatch<E extends CloudEvent>(events: readonly E[], id: string = randomUUID()): E[] {
  return events.map((e) => ({ ...e, wdpbatch: id, wdpbatchsize: events.length }));
}

/**
 * The batch an event declares, or null when it declares none or an unusable one: events of older producers
 * and replays count as complete on their own.
 */
export function batchOf(event: Pick<CloudEvent, 'wdpbatch' | 'wdpbatchsize'>): EventBatch | null {
  const { wdpbatch: id, wdpbatchsize: size } = event;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) return null;
  return { id, size };
}

const REQUIRED: (keyof CloudEvent)[] = ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype'];

export class InvalidEnvelopeError extends Error {}

/** Parses a Kafka value into an envelope, rejecting anything that is not a CloudEvents 1.0 JSON object. */
export function parseEvent(value: Buffer | string | null): CloudEvent {
  if (value === null) throw new InvalidEnvelopeError('empty message value');
  let obj: unknown;
  try {
    obj = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    throw new InvalidEnvelopeError(`message value is not JSON: ${(err as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new InvalidEnvelopeError('message value is not a JSON object');
  }
  const rec = obj as Record<string, unknown>;
  for (const k of REQUIRED) {
    if (typeof rec[k] !== 'string' || rec[k] === '') throw new InvalidEnvelopeError(`envelope attribute "${k}" is missing`);
  }
  if (rec.specversion !== '1.0') throw new InvalidEnvelopeError(`unsupported specversion "${String(rec.specversion)}"`);
  if (!('data' in rec)) throw new InvalidEnvelopeError('envelope has no data');
  return rec as unknown as CloudEvent;
}
