/**
 * Review and approval of submitted data (issue 14). A *cell* is what an approver signs off: one dataset (a record
 * kind or a return kind) of one department for one period and area. Records are approved per kind, year and
 * district (their periods are months and their areas communities, too fine to sign one by one); a return per
 * kind, period and area, the return's own key.
 */
export type DatasetType = 'record' | 'return';

export interface ApprovalCell {
  department: string;
  datasetType: DatasetType;
  /** The record or return kind. */
  kind: string;
  /** `YYYY` for records; the return's period for returns. */
  period: string;
  area: string;
}

/**
 * draft: data arriving (or sent back to the submitter by an unlock); submitted: the submitter says it is complete;
 * returned: the approver sent it back with a comment; approved: signed off and locked.
 */
export const APPROVAL_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/**
 * What was approved, so a consumer knows when it holds exactly that data: the number of items (records or returns)
 * counting in the cell and the sum of their revisions. Both move with every create, revision and withdrawal.
 */
export interface ApprovalFingerprint {
  items: number;
  revisionSum: number;
}

/** Data of `gov.yunyan.<dept>.submission.approval-changed.v1`. */
export interface ApprovalChangedEventData extends ApprovalCell {
  state: ApprovalState;
  /** Goes up by one with every change of the cell's state: the highest version is the current state. */
  version: number;
  /** Set when `state` is approved. */
  fingerprint: ApprovalFingerprint | null;
  /** The approver's comment on a return, or the reason of an unlock (never a person's identifier: screened). */
  comment: string | null;
}

export function approvalEventType(department: string): string {
  return `gov.yunyan.${department}.submission.approval-changed.v1`;
}

/** The cell's identity as one string: the Kafka key of its events (all in order on one partition) and a map key. */
export function approvalCellKey(c: Omit<ApprovalCell, 'department'> & { department?: string }): string {
  return `${c.department ?? ''}/${c.datasetType}/${c.kind}/${c.period}/${c.area}`;
}

/** The cell period of a record fact's month (`YYYY-MM` → `YYYY`). */
export function recordCellPeriod(period: string): string {
  return period.slice(0, 4);
}
