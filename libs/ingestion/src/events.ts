import {
  createEvent, inBatch, recordEventType, returnEventType,
  type CloudEvent, type EventGeneration, type RecordEventData, type RecordFact, type RecordOperation, type ReturnEventData, type ReturnFacts, type ReturnOperation,
} from '@wdp/contracts';
import { enqueueEvents, type OutboxMessage } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import { currentRequest } from '@wdp/platform';
import { recordBatchMessages } from './record-batch-events';

/** CloudEvents `source` of a service's events. */
export function eventSource(serviceName: string): string {
  return `urn:wdp:${serviceName}`;
}

export interface RecordChange {
  recordId: string;
  kind: string;
  revision: number;
  operation: RecordOperation;
  current: RecordFact | null;
  previous: RecordFact | null;
}

/** Where a service's events go, and in which generation it publishes record changes. */
export interface EventPublisher {
  department: string;
  topic: string;
  source: string;
  generation: EventGeneration;
}

/**
 * The outbox messages of one request's record changes: in v1 one event per change; in v2 one batch event per
 * kind and partition (record-batch-events.ts). Each change is published once, in the publisher's generation.
 */
export function recordMessages(publisher: EventPublisher, changes: readonly RecordChange[]): OutboxMessage[] {
  if (publisher.generation === 'v1') return changes.map((c) => recordMessage(publisher.department, publisher.topic, publisher.source, c));
  return recordBatchMessages({ ...publisher, headers: requestHeaders() }, changes);
}

/** One v1 outbox message per record change, keyed by record id so a record's events stay in order. */
function recordMessage(department: string, topic: string, source: string, change: RecordChange): OutboxMessage {
  const data: RecordEventData = {
    recordId: change.recordId,
    revision: change.revision,
    operation: change.operation,
    department,
    current: change.current,
    previous: change.previous,
  };
  const event: CloudEvent<RecordEventData> = createEvent({
    source,
    type: recordEventType(department, change.kind, change.operation),
    subject: `records/${change.kind}/${change.recordId}`,
    data,
  });
  return { topic, key: change.recordId, event, headers: requestHeaders() };
}

export interface ReturnChange {
  returnId: string;
  kind: string;
  revision: number;
  operation: ReturnOperation;
  current: ReturnFacts | null;
  previous: ReturnFacts | null;
}

export function returnMessage(department: string, topic: string, source: string, change: ReturnChange): OutboxMessage {
  const data: ReturnEventData = {
    returnId: change.returnId,
    revision: change.revision,
    operation: change.operation,
    department,
    current: change.current,
    previous: change.previous,
  };
  const event: CloudEvent<ReturnEventData> = createEvent({
    source,
    type: returnEventType(department, change.kind, change.operation),
    subject: `returns/${change.kind}/${change.returnId}`,
    data,
  });
  return { topic, key: change.returnId, event, headers: requestHeaders() };
}

/**
 * The API call an event came from travels with it as Kafka headers (`wdp_request_id`, W3C `traceparent`),
 * so one data point can be followed from the departmental request to monitoring and its alert.
 */
export function requestHeaders(): Record<string, string> {
  const ctx = currentRequest();
  if (!ctx) return {};
  return { wdp_request_id: ctx.requestId, ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) };
}

/**
 * Enqueues the events of one accepted request as one batch (`wdpbatch`, `wdpbatchsize`), in the request's
 * transaction: monitoring decides alerts only once every event of the batch has been applied.
 */
export async function enqueueRequestEvents(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
  const events = inBatch(messages.map((m) => m.event));
  await enqueueEvents(manager, messages.map((m, i) => ({ ...m, event: events[i] })));
}
