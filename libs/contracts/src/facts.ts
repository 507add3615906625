/**
 * What departmental events carry. No personal identifier ever appears here: only sex, age band, area,
 * period and domain attributes. `recordId` / `returnId` are random ids minted by the departmental service
 * for the submission itself (so revisions can be matched), never a person's reference.
 */

/** Sex code list (see docs/code-lists.md): F female, M male, T total (returns only). */
export type Sex = 'F' | 'M';
export type SexOrTotal = Sex | 'T';

export type AttributeValue = string | number | boolean;

/** One individual-level record, reduced to what statistics need. */
export interface RecordFact {
  /** Record kind within the department, e.g. `maternal-death` (see vocabulary). */
  kind: string;
  /** Area code at the finest level known (community/village, street/town or district). */
  area: string;
  /** Month of occurrence, `YYYY-MM`. */
  period: string;
  /** Absent where the record has no sex of its own (e.g. a childcare-places record). */
  sex?: Sex;
  /** Five-year age band code, e.g. `35-39`, where the kind has an age. */
  ageBand?: string;
  /** How many units this record counts for (1 for an individual; N for a facility's monthly count). */
  count: number;
  attributes: Record<string, AttributeValue>;
}

export type RecordOperation = 'recorded' | 'revised' | 'withdrawn';

/**
 * Data of `gov.yunyan.<dept>.<kind>.<operation>.v1`. Consumers subtract `previous` and add `current`,
 * which makes the effect of a revision independent of arrival order once both events are in.
 */
export interface RecordEventData {
  recordId: string;
  revision: number;
  operation: RecordOperation;
  department: string;
  current: RecordFact | null;
  previous: RecordFact | null;
}

/** One cell of a statistical return. */
export interface ReturnFigure {
  sex: SexOrTotal;
  ageBand?: string;
  value: number;
  numerator?: number;
  denominator?: number;
}

/** An aggregated statistical return for an area and period (survey-based indicators). */
export interface ReturnFacts {
  /** Return kind, e.g. `life-expectancy` (see vocabulary). */
  kind: string;
  area: string;
  /** `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
  period: string;
  unit: string;
  figures: ReturnFigure[];
}

export type ReturnOperation = 'submitted' | 'revised' | 'withdrawn';

/** Data of `gov.yunyan.<dept>.<kind>-return.<operation>.v1`. The highest revision of a return wins. */
export interface ReturnEventData {
  returnId: string;
  revision: number;
  operation: ReturnOperation;
  department: string;
  current: ReturnFacts | null;
  previous: ReturnFacts | null;
}

export function recordEventType(department: string, kind: string, op: RecordOperation): string {
  return `gov.yunyan.${department}.${kind}.${op}.v1`;
}

export function returnEventType(department: string, kind: string, op: ReturnOperation): string {
  return `gov.yunyan.${department}.${kind}-return.${op}.v1`;
}

/** One record's change inside a batch event: what a v1 record event's data says, less the department. */
export type RecordChangeItem = Omit<RecordEventData, 'department'>;

/**
 * Data of `gov.yunyan.<dept>.<kind>.record-batch.v1`, the second generation of record events: the changes of
 * one accepted request whose record ids hash to one partition, so each record's changes stay on one
 * partition in order. Each item is applied as the v1 event with the same data would be.
 */
export interface RecordBatchEventData {
  department: string;
  kind: string;
  items: RecordChangeItem[];
}

export function recordBatchEventType(department: string, kind: string): string {
  return `gov.yunyan.${department}.${kind}.record-batch.v1`;
}

/** The v1 data of one item of a batch event. */
export function recordEventOfItem(department: string, item: RecordChangeItem): RecordEventData {
  return { recordId: item.recordId, revision: item.revision, operation: item.operation, department, current: item.current, previous: item.previous };
}
