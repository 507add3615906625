import { APPROVAL_STATES, recordEventOfItem, type ApprovalChangedEventData, type CloudEvent, type RecordChangeItem, type RecordEventData, type ReturnEventData } from '@wdp/contracts';

/** An item of a batch event that cannot be applied, by its position in `data.items`. */
export interface MalformedItem {
  index: number;
  reason: string;
}

export type DecodedEvent =
  | { type: 'record'; data: RecordEventData; eventId: string; time: string }
  /** A v2 batch event: its well-formed items as v1 data, and the others. */
  | { type: 'record-batch'; department: string; kind: string; items: { index: number; data: RecordEventData }[]; malformed: MalformedItem[]; eventId: string; time: string }
  | { type: 'return'; data: ReturnEventData; eventId: string; time: string }
  /** A cell's approval state changed (docs/approval.md). */
  | { type: 'approval'; data: ApprovalChangedEventData; eventId: string; time: string }
  /** Events monitoring does not aggregate (other event types on the same topics). */
  | { type: 'ignored'; eventId: string; reason: string };

export class MalformedEventError extends Error {}

const RECORD_TYPE = /^gov\.yunyan\.([a-z-]+)\.([a-z0-9-]+)\.(recorded|revised|withdrawn)\.v1$/;
const RETURN_TYPE = /^gov\.yunyan\.([a-z-]+)\.([a-z0-9-]+)-return\.(submitted|revised|withdrawn)\.v1$/;
const RECORD_BATCH_TYPE = /^gov\.yunyan\.([a-z-]+)\.([a-z0-9-]+)\.record-batch\.v1$/;
const APPROVAL_TYPE = /^gov\.yunyan\.([a-z-]+)\.submission\.approval-changed\.v1$/;
const OPERATIONS: ReadonlySet<unknown> = new Set(['recorded', 'revised', 'withdrawn']);

/** Why a record change (v1 data or a batch item) is malformed, or null; the same checks for both generations. */
function recordChangeProblem(data: Record<string, unknown>): string | null {
  if (typeof data.recordId !== 'string' || !Number.isInteger(data.revision)) return 'needs recordId and revision';
  for (const side of ['current', 'previous'] as const) {
    const f = data[side] as Record<string, unknown> | null | undefined;
    if (f !== null && f !== undefined && (typeof f !== 'object' || typeof f.area !== 'string' || typeof f.period !== 'string' || typeof f.count !== 'number' || typeof f.kind !== 'string')) {
      return `${side} is not a record fact`;
    }
  }
  return null;
}

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
    const problem = recordChangeProblem(data);
    if (problem) throw new MalformedEventError(`${event.type} ${event.id}: ${problem}`);
    if (data.operation !== recordMatch[3]) throw new MalformedEventError(`${event.type} ${event.id}: operation ${String(data.operation)} does not match the type`);
    return { type: 'record', data: data as unknown as RecordEventData, eventId: event.id, time: event.time };
  }
  const batchMatch = RECORD_BATCH_TYPE.exec(event.type);
  if (batchMatch) return decodeRecordBatch(event, data, batchMatch[1], batchMatch[2]);
  const approvalMatch = APPROVAL_TYPE.exec(event.type);
  if (approvalMatch) {
    const problem = approvalProblem(data, approvalMatch[1]);
    if (problem) throw new MalformedEventError(`${event.type} ${event.id}: ${problem}`);
    return { type: 'approval', data: data as unknown as ApprovalChangedEventData, eventId: event.id, time: event.time };
  }
  return { type: 'ignored', eventId: event.id, reason: `event type ${event.type} carries no statistics` };
}

/** Why an approval-changed event's data is malformed, or null. */
function approvalProblem(data: Record<string, unknown> | null, department: string): string | null {
  if (!data || data.department !== department) return 'data needs the type\'s department';
  if (data.datasetType !== 'record' && data.datasetType !== 'return') return 'datasetType is not record or return';
  if ([data.kind, data.period, data.area].some((v) => typeof v !== 'string' || v.length === 0)) return 'needs kind, period and area';
  if (!(APPROVAL_STATES as readonly unknown[]).includes(data.state)) return `state ${String(data.state)} is not an approval state`;
  if (!Number.isInteger(data.version) || (data.version as number) < 1) return 'version is not a positive integer';
  const f = data.fingerprint as Record<string, unknown> | null | undefined;
  if (f !== null && (typeof f !== 'object' || !Number.isInteger(f.items) || !Number.isInteger(f.revisionSum))) return 'fingerprint is not { items, revisionSum }';
  if (data.state === 'approved' && f === null) return 'an approval needs its fingerprint';
  return null;
}

/**
 * A batch event whose envelope is wrong (department or kind not those of its type, no items) is malformed as a
 * whole; an item that is wrong is only itself malformed, and the rest of the batch still counts.
 */
function decodeRecordBatch(event: CloudEvent, data: Record<string, unknown> | null, department: string, kind: string): DecodedEvent {
  if (!data || data.department !== department || data.kind !== kind || !Array.isArray(data.items) || data.items.length === 0) {
    throw new MalformedEventError(`${event.type} ${event.id}: data needs the type's department and kind and a non-empty items array`);
  }
  const items: { index: number; data: RecordEventData }[] = [];
  const malformed: MalformedItem[] = [];
  (data.items as unknown[]).forEach((raw, index) => {
    const item = raw as Record<string, unknown> | null;
    const problem = item === null || typeof item !== 'object' || Array.isArray(item)
      ? 'is not an object'
      : !OPERATIONS.has(item.operation) ? `operation ${String(item.operation)} is not recorded, revised or withdrawn` : recordChangeProblem(item);
    if (problem) malformed.push({ index, reason: `item ${index}: ${problem}` });
    else items.push({ index, data: recordEventOfItem(department, item as unknown as RecordChangeItem) });
  });
  return { type: 'record-batch', department, kind, items, malformed, eventId: event.id, time: event.time };
}
