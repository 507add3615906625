import type { CloudEvent, RecordEventData, ReturnEventData } from '@wdp/contracts';

export type DecodedEvent =
  | { type: 'record'; data: RecordEventData; eventId: string; time: string }
  | { type: 'return'; data: ReturnEventData; eventId: string; time: string }
  /** Events monitoring does not aggregate (other event types on the same topics). */
  | { type: 'ignored'; eventId: string; reason: string };

export class MalformedEventError extends Error {}

const RECORD_TYPE = /^gov\.yunyan\.([a-z-]+)\.([a-z0-9-]+)\.(recorded|revised|withdrawn)\.v1$/;
const RETURN_TYPE = /^gov\.yunyan\.([a-z-]+)\.([a-z0-9-]+)-return\.(submitted|revised|withdrawn)\.v1$/;

/**
 * Recognises record and return events by their versioned type and checks the data's shape; anything
 * claiming to be one but malformed throws (and, after retries, goes to the dead-letter topic).
 */
export function decodeEvent(event: CloudEvent): DecodedEvent {
  const data = event.data as Record<string, unknown> | null;
  const returnMatch = RETURN_TYPE.exec(event.type);
  if (returnMatch) {
    if (!data || typeof data.returnId !== 'string' || !Number.isInteger(data.revision) || typeof data.department !== 'string') {
      throw new MalformedEventError(`${event.type} ${event.id}: data needs returnId, revision and department`);
    }
    if (data.operation !== returnMatch[3]) throw new MalformedEventError(`${event.type} ${event.id}: operation ${String(data.operation)} does not match the type`);
    for (const side of ['current', 'previous'] as const) {
      const f = data[side] as Record<string, unknown> | null | undefined;
      if (f !== null && f !== undefined && (typeof f.area !== 'string' || typeof f.period !== 'string' || !Array.isArray(f.figures) || typeof f.kind !== 'string')) {
        throw new MalformedEventError(`${event.type} ${event.id}: ${side} is not a return`);
      }
    }
    return { type: 'return', data: data as unknown as ReturnEventData, eventId: event.id, time: event.time };
  }
  const recordMatch = RECORD_TYPE.exec(event.type);
  if (recordMatch) {
    if (!data || typeof data.recordId !== 'string' || !Number.isInteger(data.revision) || typeof data.department !== 'string') {
      throw new MalformedEventError(`${event.type} ${event.id}: data needs recordId, revision and department`);
    }
    if (data.operation !== recordMatch[3]) throw new MalformedEventError(`${event.type} ${event.id}: operation ${String(data.operation)} does not match the type`);
    for (const side of ['current', 'previous'] as const) {
      const f = data[side] as Record<string, unknown> | null | undefined;
      if (f !== null && f !== undefined && (typeof f.area !== 'string' || typeof f.period !== 'string' || typeof f.count !== 'number' || typeof f.kind !== 'string')) {
        throw new MalformedEventError(`${event.type} ${event.id}: ${side} is not a record fact`);
      }
    }
    return { type: 'record', data: data as unknown as RecordEventData, eventId: event.id, time: event.time };
  }
  return { type: 'ignored', eventId: event.id, reason: `event type ${event.type} carries no statistics` };
}
