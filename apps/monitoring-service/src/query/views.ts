import { countedValueInterval } from '@wdp/methodology';
import type { IndicatorDefinition } from '@wdp/indicators';
import type { AssessmentComponents } from '../assessment/assess-area';
import type { StoredAssessment } from '../assessment/assessment.repository';
import type { StoredIndicator } from '../indicator-store/stored-indicator';
import type { AssessmentDto, AssessmentSummaryDto, GenderGapDto } from './dto/assessment.dto';
import type { IndicatorDto } from './dto/indicator.dto';

export function indicatorView(def: IndicatorDefinition, stored: StoredIndicator | undefined): IndicatorDto {
  return {
    code: def.code,
    nameZh: def.nameZh,
    nameEn: def.nameEn,
    domain: def.domain,
    department: def.department,
    unit: def.unit,
    factor: def.factor,
    comparator: def.comparator,
    direction: def.direction,
    target: { value: def.targetValue, year: def.targetYear, tolerance: def.tolerance ?? null },
    baseline: { year: def.baseline.year, value: def.baseline.value },
    sexDisaggregated: def.sexDisaggregated,
    definition: def.definition,
    ...(def.reference ? { reference: def.reference } : {}),
    ...(def.gap ? { gap: def.gap } : {}),
    reporting: def.reporting,
    fluctuation: def.fluctuation,
    source: def.source,
    ...(def.notes ? { notes: def.notes } : {}),
    catalogueVersion: stored?.catalogueVersion ?? '',
    revision: stored?.revision ?? 0,
    overridden: stored?.overridden ?? [],
    updatedAt: stored?.updatedAt ?? '',
  };
}

export interface IntervalFields {
  lower: number | null;
  upper: number | null;
  intervalMethod: 'wilson' | 'poisson_exact' | null;
}

/** A value row with its 95 % interval from its own counts (null fields when it has none). */
export function withInterval<T extends { numerator: number | null; denominator: number | null }>(row: T, factor: number | undefined): T & IntervalFields {
  const i = factor === undefined ? null : countedValueInterval(row.numerator, row.denominator, factor);
  return { ...row, lower: i?.lower ?? null, upper: i?.upper ?? null, intervalMethod: i?.method ?? null };
}

export function assessmentSummary(components: AssessmentComponents | null): AssessmentSummaryDto {
  const p = components?.progress ?? null;
  const c = p?.components;
  const projection = p?.projection?.trend?.value ?? p?.projection?.cagr?.value ?? null;
  return {
    baseYear: c?.baseYear ?? null,
    baseValue: c?.baseValue ?? null,
    currentYear: c?.currentYear ?? null,
    currentValue: c?.currentValue ?? null,
    targetValue: c?.targetValue ?? null,
    observedCagr: c?.observedCagr ?? null,
    requiredCagr: c?.requiredCagr ?? null,
    ratio: c?.ratio ?? null,
    projectedValue: projection,
    currentLower: c?.uncertainty?.current?.lower ?? null,
    currentUpper: c?.uncertainty?.current?.upper ?? null,
    evidence: p?.evidence.level ?? null,
    ...(components?.gap ? { gapTrend: components.gap.trend } : {}),
  };
}

export function assessmentView(row: StoredAssessment, withComponents: boolean): AssessmentDto {
  const components = row.components as AssessmentComponents | null;
  return {
    indicatorCode: row.indicatorCode,
    areaCode: row.areaCode,
    sex: row.sex,
    year: row.year,
    status: row.status,
    alertKinds: row.alertKinds,
    summary: assessmentSummary(components),
    ...(withComponents ? { components } : {}),
    methodologyVersion: row.methodologyVersion,
    catalogueRevision: row.catalogueRevision,
    computedAt: row.computedAt,
  };
}

export function genderGapView(row: StoredAssessment): GenderGapDto {
  const gap = (row.components as AssessmentComponents).gap!;
  return {
    indicatorCode: row.indicatorCode,
    areaCode: row.areaCode,
    year: row.year,
    measure: gap.measure,
    reference: gap.reference,
    trend: gap.trend,
    gapWidening: gap.gapWidening,
    baseDistance: gap.baseDistance,
    currentDistance: gap.currentDistance,
    years: [...gap.years],
    alertKinds: row.alertKinds,
    methodologyVersion: row.methodologyVersion,
  };
}

const SEX_ORDER: Record<string, number> = { T: 0, F: 1, M: 2 };

/** The stored assessments' order: indicator, area, then T, F, M and the gap. */
export function assessmentOrder(a: AssessmentDto, b: AssessmentDto): number {
  return a.indicatorCode.localeCompare(b.indicatorCode) || a.areaCode.localeCompare(b.areaCode) || (SEX_ORDER[a.sex] ?? 3) - (SEX_ORDER[b.sex] ?? 3);
}

type Compared = Pick<AssessmentDto, 'status' | 'year' | 'summary'> & { alertKinds?: readonly string[] };

/** Whether a provisional row says something else than its official row — status, year, current value or alerts — or there is none. */
export function differsFromOfficial(row: Compared, official: Compared | undefined): boolean {
  if (!official) return true;
  const kinds = (r: Compared) => [...(r.alertKinds ?? [])].sort().join();
  return official.status !== row.status || official.year !== row.year || official.summary.currentValue !== row.summary.currentValue || kinds(official) !== kinds(row);
}

/** Each provisional row with `provisional: true` where data not yet approved changes it (differsFromOfficial). */
export function flagProvisional<T extends AssessmentDto>(rows: readonly T[], official: readonly AssessmentDto[]): (T & { provisional: boolean })[] {
  const key = (r: AssessmentDto) => `${r.indicatorCode} ${r.areaCode} ${r.sex}`;
  const byKey = new Map(official.map((o) => [key(o), o]));
  return rows.map((r) => ({ ...r, provisional: differsFromOfficial(r, byKey.get(key(r))) }));
}
