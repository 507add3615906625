import type { IndicatorDefinition } from '@wdp/indicators';
import type { PlanDocument } from '@wdp/plans';
import type { DatasetTally } from '../completeness/completeness';
import type { ReportApprovalCell, ReportViolation, ReportYears } from './report-governance';

export type ReportKind = 'annual' | 'mid_term' | 'final';

export interface ReportValue {
  indicatorCode: string;
  sex: 'F' | 'M' | 'T';
  year: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

/** What a department sent for the report year, at the district. */
export interface ReceivedData {
  /** Statistical returns: `department/kind` → periods received (e.g. 2023, 2023-Q1). */
  returns: { source: string; periods: string[] }[];
  /** Record inputs with records in the year: input key → records counted. */
  records: { source: string; count: number }[];
}

/** One alert of the district as it stood when the snapshot was taken (the `alert` table: one raise and its resolution). */
export interface AlertHistoryEntry {
  indicatorCode: string;
  sex: string;
  kind: string;
  raisedAt: string;
  resolvedAt: string | null;
  /** The latest data year of the series the alert was decided on (missing data: the first overdue period's year); null when its components name none. */
  dataYear: number | null;
}

/**
 * Everything a report is assembled from, frozen in the snapshot. The report is a pure function of
 * this (and the methodology version), so it can be regenerated to the same numbers at any time.
 */
export interface ReportInput {
  kind: ReportKind;
  year: number;
  generatedAt: string;
  methodologyVersion: string;
  catalogueVersion: string;
  district: { code: string; nameZh: string };
  indicators: IndicatorDefinition[];
  /** District values by sex, every year up to the report year. */
  values: ReportValue[];
  /** Parity references (the reference value the assessment compares against), by indicator. */
  references: { indicatorCode: string; year: number; value: number }[];
  received: ReceivedData;
  /**
   * The plan the report evaluates, as it stood (targets included); `indicators` are the catalogue's
   * definitions under its targets. Absent in snapshots taken before reports took a plan: those have no
   * evaluation section, so they regenerate to the same content.
   */
  plan?: PlanDocument;
  /** The district's alerts of the plan's indicators, for the evaluation's hard-to-complete and fluctuated lists. */
  alertHistory?: AlertHistoryEntry[];
  /**
   * Completeness and timeliness of the report year's periods as of `generatedAt`, per department × dataset
   * over every reporting area. Absent in snapshots taken before it was kept: those have no such section.
   */
  timeliness?: DatasetTally[];
  /**
   * The approval state of each cell of the district the report's indicators read, for the report's years (the
   * report year; an evaluation: the plan period up to its year), as of `generatedAt`. Absent in snapshots taken
   * before it was kept: those have no such section.
   */
  approvals?: { years: ReportYears; cells: ReportApprovalCell[] };
  /** The validation violations (open, overridden, resolved) of the same years, in every area. Absent as above. */
  violations?: ReportViolation[];
}
