import type { IndicatorDefinition } from '@wdp/indicators';

export type ReportKind = 'annual' | 'mid_term' | 'final';

/** The plan's evaluations: mid-term in 2023, final in 2025 (section 五); an annual report for any year. */
export const EVALUATION_YEARS: Readonly<Record<Exclude<ReportKind, 'annual'>, number>> = { mid_term: 2023, final: 2025 };

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
}
