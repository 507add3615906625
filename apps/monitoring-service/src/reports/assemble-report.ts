import { countedValueInterval } from '@wdp/methodology';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import { assessArea, type AssessmentRow } from '../assessment/assess-area';
import { hasTargetToJudge, NO_TARGET_SET } from '../assessment/assess-plan-target';
import { assessedYears } from '../assessment/assessment-window';
import { submissionSourcesOf } from '../assessment/submission';
import type { DatasetTally } from '../completeness/completeness';
import { DOMAIN_LABELS, DOMAINS, headlineSex, type IndicatorDefinition } from '@wdp/indicators';
import { assembleEvaluation, type EvaluationCell, type EvaluationContent } from './evaluation-content';
import type { ReportInput, ReportKind, ReportValue } from './report-input';
import { approvalSection, type ApprovalSection, type ReportViolation, sortViolations } from './report-governance';
import { judgedTargets } from './report-plan';

export interface ReportCell extends EvaluationCell {
  /**
   * This sex's own assessment status, as `/v1/assessments` gives it; null where the target does not address
   * this sex (the men's row of a women's share is context, not judged against the target).
   */
  status: string | null;
}

export interface ReportIndicator {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  department: string;
  comparator: string;
  target: { value: number | null; year: number };
  baseline: { year: number; value: number | null };
  /** The report year's value by sex (F, M, T as the indicator has them). */
  values: Partial<Record<'F' | 'M' | 'T', ReportCell>>;
  /** The sex the headline status is about (T, or F for a women's indicator), null for a gap indicator. */
  headlineSex: string | null;
  status: string;
  trend: { observedCagr: number | null; requiredCagr: number | null; ratio: number | null; baseYear: number | null; currentYear: number | null; currentValue: number | null };
  projection: { targetYear: number; value: number | null; meetsGoal: boolean | null } | null;
  evidence: string | null;
  fluctuating: boolean;
  gap: { measure: string; currentDistance: number | null; baseDistance: number | null; trend: string } | null;
  alertKinds: string[];
}

export interface ReportListItem {
  code: string;
  nameZh: string;
  nameEn: string;
  domain: string;
  department: string;
  status: string;
  reason: string;
}

export interface DepartmentCompleteness {
  department: string;
  submitted: { source: string; type: 'records' | 'return'; periods?: string[]; records?: number; indicators: string[] }[];
  missing: { source: string; type: 'records' | 'return'; indicators: string[] }[];
}

export interface ReportContent {
  meta: {
    kind: ReportKind;
    year: number;
    generatedAt: string;
    methodologyVersion: string;
    catalogueVersion: string;
    district: { code: string; nameZh: string };
    /** The plan the report is of; absent in snapshots from before reports took a plan (the district plan). */
    plan?: { id: string; version: number; nameZh: string; nameEn: string };
  };
  summary: { indicators: number; byStatus: Record<string, number> };
  domains: { domain: string; nameZh: string; nameEn: string; indicators: ReportIndicator[] }[];
  /** 预计难以完成的指标: limited progress, moving the wrong way, or needing acceleration with a projection that misses the target. */
  hardToComplete: ReportListItem[];
  /** 波动较大的指标. */
  fluctuating: ReportListItem[];
  /** Female–male gaps of the disaggregated indicators. */
  genderGaps: { code: string; nameZh: string; nameEn: string; female: ReportCell | null; male: ReportCell | null; measure: string; currentDistance: number | null; baseDistance: number | null; trend: string }[];
  completeness: DepartmentCompleteness[];
  /** Expected vs received and on time vs late of the report year's periods, per department × dataset (as of generatedAt). */
  timeliness?: DatasetTally[];
  /** The approval state of the cells behind the report's figures: counts per state, and the cells not approved (missing or provisional figures). */
  approval?: ApprovalSection;
  /** Validation rule violations of the report's years: both sides' numbers, severity, state (an override with its reason). */
  violations?: ReportViolation[];
  /** The plan's mid-term or final evaluation (kinds mid_term and final of a snapshot that carries its plan). */
  evaluation?: EvaluationContent;
}

const HARD = new Set(['limited', 'deteriorating']);

/** Assembles a report from its frozen input. Pure and deterministic: same input, same report. */
export function assembleReport(input: ReportInput): ReportContent {
  const valuesByIndicator = groupValues(input.values);
  // The assessment as of the report year: only years up to it count (a report for 2023 is not judged on 2024 data).
  const asOf = new Date(Date.UTC(input.year + 1, 5, 30));
  const domains: ReportContent['domains'] = [];
  const hardToComplete: ReportListItem[] = [];
  const fluctuating: ReportListItem[] = [];
  const genderGaps: ReportContent['genderGaps'] = [];
  const byStatus: Record<string, number> = {};
  const sorted = [...input.indicators].sort((a, b) => a.code.localeCompare(b.code));
  // A plan's target without a figure to judge (not published, or a draft's still to be set) is not assessed against an invented one.
  const unjudged = new Set(input.plan ? [...judgedTargets(input.plan).values()].filter((t) => !hasTargetToJudge(t)).map((t) => t.indicator) : []);

  for (const domain of DOMAINS) {
    const indicators: ReportIndicator[] = [];
    for (const def of sorted.filter((d) => d.domain === domain)) {
      const series = valuesByIndicator.get(def.code) ?? new Map<'F' | 'M' | 'T', ReportValue[]>();
      const assessed = new Map([...series].map(([sex, vs]) => [sex, assessedYears(vs.map(toYearly), def, asOf)]));
      const reference = referenceSeries(input, def.code);
      const { rows } = unjudged.has(def.code) ? { rows: [] } : assessArea(def, assessed, reference && assessedYears(reference, def, asOf));
      const item = reportIndicator(def, series, rows, input.year);
      if (unjudged.has(def.code)) item.status = NO_TARGET_SET;
      indicators.push(item);
      byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
      const listed = { code: def.code, nameZh: def.nameZh, nameEn: def.nameEn, domain: def.domain, department: def.department, status: item.status };
      if (HARD.has(item.status) || (item.status === 'acceleration_needed' && item.projection?.meetsGoal === false) || item.gap?.trend === 'widening' && def.comparator === 'gap_narrows') {
        hardToComplete.push({ ...listed, reason: item.gap && def.comparator === 'gap_narrows' ? 'gap_widening' : item.status });
      }
      if (item.fluctuating) fluctuating.push({ ...listed, reason: 'fluctuating' });
      if (item.gap) genderGaps.push({ code: def.code, nameZh: def.nameZh, nameEn: def.nameEn, female: item.values.F ?? null, male: item.values.M ?? null, ...item.gap });
    }
    if (indicators.length) domains.push({ domain, nameZh: DOMAIN_LABELS[domain].nameZh, nameEn: DOMAIN_LABELS[domain].nameEn, indicators });
  }

  const statusOf = new Map(domains.flatMap((d) => d.indicators.map((i) => [i.code, i.status] as const)));
  const evaluation =
    input.kind !== 'annual' && input.plan
      ? assembleEvaluation({
          plan: input.plan, asOf: input.year, generatedAt: input.generatedAt, indicators: sorted, values: input.values,
          references: input.references, alertHistory: input.alertHistory ?? [], statusOf: (code) => statusOf.get(code),
        })
      : undefined;

  return {
    meta: {
      kind: input.kind, year: input.year, generatedAt: input.generatedAt, methodologyVersion: input.methodologyVersion, catalogueVersion: input.catalogueVersion, district: input.district,
      ...(input.plan ? { plan: { id: input.plan.id, version: input.plan.version, nameZh: input.plan.name.zh, nameEn: input.plan.name.en } } : {}),
    },
    summary: { indicators: sorted.length, byStatus: sortKeys(byStatus) },
    domains,
    hardToComplete,
    fluctuating,
    genderGaps,
    completeness: completenessOf(sorted, input),
    ...(input.timeliness ? { timeliness: input.timeliness } : {}),
    ...(input.approvals ? { approval: approvalSection(input.approvals.years, input.approvals.cells) } : {}),
    ...(input.violations ? { violations: sortViolations(input.violations) } : {}),
    ...(evaluation ? { evaluation } : {}),
  };
}

function reportIndicator(def: IndicatorDefinition, series: Map<'F' | 'M' | 'T', ReportValue[]>, rows: AssessmentRow[], year: number): ReportIndicator {
  // The headline follows docs/monitoring.md: the selected sex of a women's (or men's) formula, T for a neutral one.
  const headline = rows.find((r) => r.sex === headlineSex(def.definition)) ?? null;
  const gapRow = rows.find((r) => r.sex === 'gap') ?? null;
  const progress = headline?.components.progress ?? null;
  const c = progress?.components;
  const projection = progress?.projection ?? null;
  const estimate = projection?.trend ?? projection?.cagr ?? null;
  const values: ReportIndicator['values'] = {};
  for (const [sex, vs] of series) {
    const v = vs.find((x) => x.year === year);
    const status = rows.find((r) => r.sex === sex)?.status ?? null;
    const interval = v ? countedValueInterval(v.numerator, v.denominator, def.factor) : null;
    values[sex] = v
      ? {
          value: v.value, numerator: v.numerator, denominator: v.denominator, records: recordsOf(def, v),
          lower: interval?.lower ?? null, upper: interval?.upper ?? null, intervalMethod: interval?.method ?? null, status,
        }
      : { value: null, numerator: null, denominator: null, records: null, lower: null, upper: null, intervalMethod: null, status };
  }
  const gap = gapRow?.components.gap ?? null;
  return {
    code: def.code,
    nameZh: def.nameZh,
    nameEn: def.nameEn,
    unit: def.unit,
    department: def.department,
    comparator: def.comparator,
    target: { value: def.targetValue, year: def.targetYear },
    baseline: { year: def.baseline.year, value: def.baseline.value },
    values: sortKeys(values),
    headlineSex: headline ? headline.sex : null,
    status: headline?.status ?? gapRow?.status ?? 'insufficient_data',
    trend: {
      observedCagr: c?.observedCagr ?? null,
      requiredCagr: c?.requiredCagr ?? null,
      ratio: c?.ratio ?? null,
      baseYear: c?.baseYear ?? null,
      currentYear: c?.currentYear ?? null,
      currentValue: c?.currentValue ?? null,
    },
    projection: projection ? { targetYear: projection.targetYear, value: estimate?.value ?? null, meetsGoal: estimate?.meetsGoal ?? null } : null,
    evidence: progress?.evidence.level ?? null,
    fluctuating: rows.some((r) => r.components.fluctuation?.fluctuating === true),
    gap: gap ? { measure: gap.measure, currentDistance: gap.currentDistance, baseDistance: gap.baseDistance, trend: gap.trend } : null,
    alertKinds: [...new Set(rows.flatMap((r) => r.alertKinds))].sort(),
  };
}

/** Records a figure is counted from: the numerator where there is one, the value of a count; none for a return's figure (a submitted aggregate). */
function recordsOf(def: IndicatorDefinition, v: ReportValue): number | null {
  if (def.definition.type === 'observation') return null;
  if (v.numerator !== null) return v.numerator;
  return def.definition.type === 'count' ? v.value : null;
}

function completenessOf(indicators: readonly IndicatorDefinition[], input: ReportInput): DepartmentCompleteness[] {
  const returns = new Map(input.received.returns.map((r) => [r.source, r.periods]));
  const records = new Map(input.received.records.map((r) => [r.source, r.count]));
  const sources = new Map<string, { type: 'records' | 'return'; indicators: string[] }>();
  for (const def of indicators) {
    if (def.targetYear < input.year || def.baseline.year > input.year) continue;
    for (const s of submissionSourcesOf(def)) {
      const entry = sources.get(s.key) ?? { type: s.type, indicators: [] };
      entry.indicators.push(def.code);
      sources.set(s.key, entry);
    }
  }
  const byDepartment = new Map<string, DepartmentCompleteness>();
  for (const [source, { type, indicators: codes }] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    const department = source.slice(0, source.indexOf('/'));
    const d = byDepartment.get(department) ?? { department, submitted: [], missing: [] };
    byDepartment.set(department, d);
    const periods = type === 'return' ? returns.get(source) : undefined;
    const count = type === 'records' ? records.get(source) : undefined;
    if (periods?.length) d.submitted.push({ source, type, periods: [...periods].sort(), indicators: codes });
    else if (count !== undefined) d.submitted.push({ source, type, records: count, indicators: codes });
    else d.missing.push({ source, type, indicators: codes });
  }
  return [...byDepartment.values()].sort((a, b) => a.department.localeCompare(b.department));
}

function groupValues(values: readonly ReportValue[]): Map<string, Map<'F' | 'M' | 'T', ReportValue[]>> {
  const out = new Map<string, Map<'F' | 'M' | 'T', ReportValue[]>>();
  for (const v of [...values].sort((a, b) => a.year - b.year)) {
    const bySex = out.get(v.indicatorCode) ?? new Map();
    out.set(v.indicatorCode, bySex);
    bySex.set(v.sex, [...(bySex.get(v.sex) ?? []), v]);
  }
  return out;
}

function referenceSeries(input: ReportInput, code: string): YearlyValue[] | null {
  const refs = input.references.filter((r) => r.indicatorCode === code);
  return refs.length ? refs.map((r) => ({ year: r.year, value: r.value, numerator: null, denominator: null })) : null;
}

const toYearly = (v: ReportValue): YearlyValue => ({ year: v.year, value: v.value, numerator: v.numerator, denominator: v.denominator });

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
