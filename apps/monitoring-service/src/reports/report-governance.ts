import type { DatasetType } from '@wdp/contracts';
import { type IndicatorDefinition, isInputRef } from '@wdp/indicators';
import { isSmallCell, type SuppressionReason } from '../disclosure/suppression';
import { inputRefsOf, returnKindsOf } from '../indicator-store/catalogue-index';
import type { RuleDefinition } from '../validation/rule';

/**
 * A cell's approval state as a report states it: the stored state, with "approved" split by whether it counts in
 * the official figures (pending validation: an open error violation holds it; awaiting data: approved before
 * monitoring holds exactly what was approved), and "automatic" for a dataset approved automatically (no state).
 */
export const REPORT_APPROVAL_STATES = ['approved', 'pending_validation', 'awaiting_data', 'submitted', 'returned', 'draft', 'automatic'] as const;
export type ReportApprovalState = (typeof REPORT_APPROVAL_STATES)[number];

/** One department × dataset × period × area cell as the snapshot froze it (no fingerprint: its item count is a count of records). */
export interface ReportApprovalCell {
  department: string;
  datasetType: DatasetType;
  kind: string;
  period: string;
  area: string;
  state: ReportApprovalState;
}

/** The years whose periods a report's governance sections cover: the report year, or the plan period up to the evaluation year. */
export interface ReportYears {
  from: number;
  to: number;
}

/** A violation of a validation rule in the report's years, as the snapshot froze it. */
export interface ReportViolation {
  ruleCode: string;
  ruleVersion: number;
  nameZh: string | null;
  nameEn: string;
  severity: string;
  operator: string;
  areaCode: string;
  period: string;
  left: number;
  right: number;
  /** Whether the side reads record counts (a side over returns only is a submitted aggregate): such a number is disclosure-controlled. */
  leftFromRecords: boolean;
  rightFromRecords: boolean;
  state: string;
  overrideReason: string | null;
}

export interface ApprovalTally {
  department: string;
  datasetType: DatasetType;
  kind: string;
  cells: number;
  byState: Record<ReportApprovalState, number>;
}

export interface ApprovalSection {
  years: ReportYears;
  /** Per department × dataset: its cells counted by state. */
  datasets: ApprovalTally[];
  /** The cells whose data are not in the official figures (every state but approved and automatic): those figures are missing or provisional. */
  notApproved: ReportApprovalCell[];
}

export type PublishedViolation = Omit<ReportViolation, 'left' | 'right'> & { left: number | null; right: number | null; suppressed: SuppressionReason | null };

/** The state a report gives a cell, from what approval_cell and held_cell say of it (no stored state: automatic). */
export function reportApprovalState(stored: { state: string | null; blocked: boolean; counted: boolean }): ReportApprovalState {
  if (stored.state === null) return 'automatic';
  if (stored.state !== 'approved') return stored.state as ReportApprovalState;
  if (stored.counted) return 'approved';
  return stored.blocked ? 'pending_validation' : 'awaiting_data';
}

/** A stored violation as a report keeps it: the rule's names, and which sides count records (`yoy_within` compares the left side with itself a year earlier). */
export function reportViolation(
  v: Omit<ReportViolation, 'nameZh' | 'nameEn' | 'operator' | 'leftFromRecords' | 'rightFromRecords'>, rule: Pick<RuleDefinition, 'nameZh' | 'nameEn' | 'operator' | 'left' | 'right'>,
): ReportViolation {
  const fromRecords = (side: RuleDefinition['left']) => side.some((term) => isInputRef(term.operand));
  const leftFromRecords = fromRecords(rule.left);
  return {
    ruleCode: v.ruleCode, ruleVersion: v.ruleVersion, nameZh: rule.nameZh, nameEn: rule.nameEn, severity: v.severity, operator: rule.operator, areaCode: v.areaCode, period: v.period,
    left: v.left, right: v.right, leftFromRecords, rightFromRecords: rule.operator === 'yoy_within' ? leftFromRecords : fromRecords(rule.right), state: v.state, overrideReason: v.overrideReason,
  };
}

/** The datasets (`department/kind` by type) a report's indicators read, references included: the cells that matter to it. */
export function reportDatasets(indicators: readonly IndicatorDefinition[]): { records: Set<string>; returns: Set<string> } {
  return {
    records: new Set(indicators.flatMap((d) => inputRefsOf(d).map((r) => `${r.department}/${r.recordKind}`))),
    returns: new Set(indicators.flatMap(returnKindsOf)),
  };
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cellOrder = (a: ReportApprovalCell, b: ReportApprovalCell) =>
  order(a.department, b.department) || order(a.datasetType, b.datasetType) || order(a.kind, b.kind) || order(a.period, b.period) || order(a.area, b.area);

/** Counts per state and the cells not approved, in department, dataset, period, area order. Pure. */
export function approvalSection(years: ReportYears, cells: readonly ReportApprovalCell[]): ApprovalSection {
  const sorted = [...cells].sort(cellOrder);
  const tallies = new Map<string, ApprovalTally>();
  for (const c of sorted) {
    const key = `${c.department}\u0000${c.datasetType}\u0000${c.kind}`;
    const tally = tallies.get(key) ?? { department: c.department, datasetType: c.datasetType, kind: c.kind, cells: 0, byState: Object.fromEntries(REPORT_APPROVAL_STATES.map((s) => [s, 0])) as ApprovalTally['byState'] };
    tally.cells += 1;
    tally.byState[c.state] += 1;
    tallies.set(key, tally);
  }
  return { years, datasets: [...tallies.values()], notApproved: sorted.filter((c) => c.state !== 'approved' && c.state !== 'automatic') };
}

/** Violations in rule, period, area order. Pure. */
export function sortViolations(violations: readonly ReportViolation[]): ReportViolation[] {
  return [...violations].sort((a, b) => order(a.ruleCode, b.ruleCode) || order(a.period, b.period) || order(a.areaCode, b.areaCode));
}

/**
 * A violation as published: a side that counts records (maternal deaths in a street) is a small figure like a
 * report cell, withheld under the same rule (1 to k−1 records; isSmallCell) unless unsuppressed figures are asked
 * for. A side over returns is a submitted aggregate and stays, as a return's figure does in the value tables.
 */
export function publishViolation(v: ReportViolation, k: number, applied: boolean): PublishedViolation {
  const small = (value: number, fromRecords: boolean) => applied && fromRecords && isSmallCell({ records: value, denominator: null }, k);
  const hideLeft = small(v.left, v.leftFromRecords);
  const hideRight = small(v.right, v.rightFromRecords);
  return { ...v, left: hideLeft ? null : v.left, right: hideRight ? null : v.right, suppressed: hideLeft || hideRight ? 'small_cell' : null };
}
