import {
  createEvent, recordEventType, returnEventType,
  type CloudEvent, type RecordEventData, type RecordFact, type RecordOperation, type ReturnEventData, type ReturnFacts, type ReturnOperation,
} from '@wdp/contracts';
import type { OutboxMessage } from '@wdp/messaging';

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

/** One outbox message per record change, keyed by record id so a record's events stay in order. */
export function recordMessage(department: string, topic: string, source: string, change: RecordChange): OutboxMessage {
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
  return { topic, key: change.recordId, event };
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
  return { topic, key: change.returnId, event };
}
