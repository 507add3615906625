import { countedValueInterval } from '@wdp/methodology';
import { headlineSex, type IndicatorDefinition, seriesSexes } from '@wdp/indicators';
import type { PlanDocument, ValueStatus } from '@wdp/plans';
import { hasTargetToJudge } from '../assessment/assess-plan-target';
import type { AlertHistoryEntry, ReportValue } from './report-input';
import { judgedTargets } from './report-plan';

type Sex = 'F' | 'M' | 'T';

/** A value of one year and sex with its 95 % interval where it is computed from counts. */
export interface EvaluationCell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Records the figure is counted from (numerator, or the count); null for figures not built from records. */
  records: number | null;
  /** 95 % interval of the value from its numerator and denominator (docs/methodology.md 8a); null when it is not computed from counts. */
  lower: number | null;
  upper: number | null;
  intervalMethod: 'wilson' | 'poisson_exact' | null;
}

/**
 * Whether the evaluation year's data meet the target: `achieved` or `not_achieved`; `no_value` when that
 * year has no value to judge; `no_target` when the plan sets no figure to judge against (an official figure
 * not found, a draft's target not set yet).
 */
export type Verdict = 'achieved' | 'not_achieved' | 'no_value' | 'no_target';

export interface EvaluationTarget {
  code: string;
  nameZh: string;
  nameEn: string;
  domain: string;
  department: string;
  unit: string;
  comparator: string;
  target: { value: number | null; valueStatus: ValueStatus; tolerance: number | null; year: number };
  /** The value judged: the evaluation year's, of the sex the target speaks about; for gap_narrows, the female–male gap. */
  judged: { sex: Sex | 'gap'; year: number; value: number | null; baseline: { year: number; value: number } | null };
  /** The headline sex's cell of the evaluation year; null for a gap target. */
  cell: EvaluationCell | null;
  verdict: Verdict;
  /** The assessment's status as of the evaluation year (progress towards the target year), as the report's domains give it. */
  status: string | null;
  /** How far the value still is from meeting the target, in the unit: 0 when met, null where there is no figure to reach. */
  gapToTarget: number | null;
  /** The 95 % interval of the value holds values that meet the target and values that do not: the verdict may be chance. */
  uncertain: boolean | null;
  /** Values by year from the plan's baseline year to the evaluation year, by sex. */
  trajectory: { year: number; values: Partial<Record<Sex, EvaluationCell>> }[];
  /** Female–male gap by year (difference F − M in the unit, or ratio F / M), for sex-disaggregated indicators. */
  genderGap: { measure: 'difference' | 'ratio'; byYear: { year: number; gap: number | null }[] } | null;
}

/** An indicator the monitoring warned about during the period: its alerts at the district, their kinds and how long they stood. */
export interface EvaluationDifficulty {
  code: string;
  nameZh: string;
  nameEn: string;
  department: string;
  kinds: string[];
  alerts: number;
  firstRaisedAt: string;
  /** The last resolution; null while one of its alerts is still open. */
  lastResolvedAt: string | null;
  open: boolean;
  /** Days on which at least one of these alerts stood, up to its resolution (or the snapshot, for one still open). */
  daysOpen: number;
  /** The data years the alerts were decided on. */
  yearsAffected: number[];
  /** Each alert: its kind and sex, when it was raised and resolved (null: still open), the data year it was decided on. */
  history: { kind: string; sex: string; raisedAt: string; resolvedAt: string | null; dataYear: number | null }[];
}

export interface EvaluationContent {
  plan: { id: string; version: number; status: string; level: string; area: string; nameZh: string; nameEn: string; period: { start: number; end: number }; baselineYear: number };
  /** The year whose data are judged (the mid-term or the last year of the period). */
  asOf: number;
  summary: Record<Verdict, number>;
  targets: EvaluationTarget[];
  /** Indicators with progress alerts (deteriorating, limited, acceleration needed, gap widening, missing data) during the period. */
  hardToComplete: EvaluationDifficulty[];
  /** Indicators with fluctuation alerts during the period. */
  fluctuated: EvaluationDifficulty[];
  /** Indicator × year of the period (up to the evaluation year) without a value for some sex it is kept for. */
  missingData: { code: string; nameZh: string; nameEn: string; department: string; year: number; sexes: Sex[] }[];
}

export interface EvaluationInput {
  plan: PlanDocument;
  asOf: number;
  generatedAt: string;
  /** The catalogue's definitions under the plan's targets (planDefinitions). */
  indicators: readonly IndicatorDefinition[];
  values: readonly ReportValue[];
  references: readonly { indicatorCode: string; year: number; value: number }[];
  alertHistory: readonly AlertHistoryEntry[];
  /** The as-of assessment's headline status by indicator (from the report's domains). */
  statusOf: (code: string) => string | undefined;
}

const NUMERIC = new Set(['at_least', 'at_most', 'about', 'coverage']);
const DAY_MS = 86_400_000;

/**
 * The plan's evaluation as of a year: for every target, the verdict on that year's data with its interval
 * and distance to the target, the trajectory and gender gap from the baseline year on; the indicators the
 * alert history shows were hard to complete or fluctuated, and for how long; the data missing. Pure: the
 * only time in it is the snapshot's own (an alert still open stood until the snapshot).
 */
export function assembleEvaluation(input: EvaluationInput): EvaluationContent {
  const { plan, asOf } = input;
  const byIndicator = new Map<string, Map<Sex, Map<number, ReportValue>>>();
  for (const v of input.values) {
    if (v.year > asOf) continue;
    const bySex = byIndicator.get(v.indicatorCode) ?? new Map<Sex, Map<number, ReportValue>>();
    byIndicator.set(v.indicatorCode, bySex);
    const byYear = bySex.get(v.sex) ?? new Map<number, ReportValue>();
    bySex.set(v.sex, byYear);
    byYear.set(v.year, v);
  }
  const defs = [...input.indicators].sort((a, b) => a.code.localeCompare(b.code));
  const targetOf = judgedTargets(plan);
  const targets = defs.map((def) => evaluateTarget(def, targetOf.get(def.code)!, byIndicator.get(def.code) ?? new Map(), input));
  const summary: Record<Verdict, number> = { achieved: 0, not_achieved: 0, no_target: 0, no_value: 0 };
  for (const t of targets) summary[t.verdict] += 1;

  const defOf = new Map(defs.map((d) => [d.code, d]));
  const inPeriod = input.alertHistory.filter((a) => defOf.has(a.indicatorCode) && (a.dataYear === null || (a.dataYear >= plan.period.start && a.dataYear <= asOf)));
  const difficulties = (kinds: (k: string) => boolean) => difficultiesOf(inPeriod.filter((a) => kinds(a.kind)), defOf, input.generatedAt);

  const missingData: EvaluationContent['missingData'] = [];
  for (const def of defs) {
    for (let year = plan.period.start; year <= asOf; year += 1) {
      const sexes = (seriesSexes(def) as Sex[]).filter((s) => !byIndicator.get(def.code)?.get(s)?.has(year));
      if (sexes.length) missingData.push({ code: def.code, nameZh: def.nameZh, nameEn: def.nameEn, department: def.department, year, sexes });
    }
  }

  return {
    plan: {
      id: plan.id, version: plan.version, status: plan.status, level: plan.level, area: plan.area,
      nameZh: plan.name.zh, nameEn: plan.name.en, period: { start: plan.period.start, end: plan.period.end }, baselineYear: plan.baselineYear,
    },
    asOf,
    summary,
    targets,
    hardToComplete: difficulties((k) => k !== 'fluctuating'),
    fluctuated: difficulties((k) => k === 'fluctuating'),
    missingData,
  };
}

function evaluateTarget(def: IndicatorDefinition, target: PlanDocument['targets'][number], series: Map<Sex, Map<number, ReportValue>>, input: EvaluationInput): EvaluationTarget {
  const { plan, asOf } = input;
  const years = Array.from({ length: asOf - plan.baselineYear + 1 }, (_, i) => plan.baselineYear + i);
  const cellOf = (sex: Sex, year: number) => {
    const v = series.get(sex)?.get(year);
    return v ? cellFrom(def, v) : undefined;
  };
  const trajectory = years.map((year) => ({
    year,
    values: Object.fromEntries((seriesSexes(def) as Sex[]).flatMap((s) => (series.get(s)?.has(year) ? [[s, cellOf(s, year)!]] : []))) as Partial<Record<Sex, EvaluationCell>>,
  }));
  const measure = def.gap?.measure ?? 'difference';
  const gapAt = (year: number) => {
    const f = series.get('F')?.get(year)?.value;
    const m = series.get('M')?.get(year)?.value;
    if (f === undefined || m === undefined) return null;
    return measure === 'ratio' ? (m === 0 ? null : f / m) : f - m;
  };
  const genderGap = def.sexDisaggregated ? { measure, byYear: years.map((year) => ({ year, gap: gapAt(year) })) } : null;

  const base = {
    code: def.code, nameZh: def.nameZh, nameEn: def.nameEn, domain: def.domain, department: def.department, unit: def.unit, comparator: target.comparator,
    target: { value: target.value, valueStatus: target.valueStatus, tolerance: target.tolerance ?? null, year: target.targetYear },
    trajectory, genderGap, status: input.statusOf(def.code) ?? null,
  };

  // Not published, or a draft's target still to be set: nothing to judge against, whatever the comparator.
  if (!hasTargetToJudge(target)) {
    const sex = target.comparator === 'gap_narrows' ? ('gap' as const) : (headlineSex(def.definition) as Sex);
    const cell = sex === 'gap' ? null : (series.get(sex)?.get(asOf) ? cellFrom(def, series.get(sex)!.get(asOf)!) : null);
    return { ...base, judged: { sex, year: asOf, value: sex === 'gap' ? null : (cell?.value ?? null), baseline: null }, cell, verdict: 'no_target', gapToTarget: null, uncertain: null };
  }
  if (target.comparator === 'gap_narrows') {
    // Judged on the distance between the sexes: |F − M| for a difference, |1 − F/M| for a ratio.
    const distance = (year: number) => {
      const g = gapAt(year);
      return g === null ? null : measure === 'ratio' ? Math.abs(1 - g) : Math.abs(g);
    };
    const current = distance(asOf);
    const baseYear = years.find((y) => y < asOf && distance(y) !== null);
    const baseline = baseYear === undefined ? null : { year: baseYear, value: distance(baseYear)! };
    const judged = { sex: 'gap' as const, year: asOf, value: current, baseline };
    if (current === null) return { ...base, judged, cell: null, verdict: 'no_value', gapToTarget: null, uncertain: null };
    const met = target.value !== null ? current <= target.value : baseline !== null && current < baseline.value;
    if (target.value === null && baseline === null) return { ...base, judged, cell: null, verdict: 'no_value', gapToTarget: null, uncertain: null };
    return { ...base, judged, cell: null, verdict: met ? 'achieved' : 'not_achieved', gapToTarget: target.value !== null ? Math.max(0, current - target.value) : null, uncertain: null };
  }

  const sex = headlineSex(def.definition) as Sex;
  const cell = cellOf(sex, asOf) ?? null;
  const value = cell?.value ?? null;
  const baselineValue = target.baseline?.value ?? null;
  const seriesBase = years.find((y) => y < asOf && series.get(sex)?.has(y));
  const baseline = baselineValue !== null ? { year: target.baseline!.year, value: baselineValue } : seriesBase !== undefined ? { year: seriesBase, value: series.get(sex)!.get(seriesBase)!.value } : null;
  const judged = { sex, year: asOf, value, baseline };
  const numeric = NUMERIC.has(target.comparator);
  if (value === null) return { ...base, judged, cell, verdict: 'no_value', gapToTarget: null, uncertain: null };

  if (numeric) {
    const band = acceptableBand(target.comparator, target.value!, target.tolerance);
    const gapToTarget = distanceToBand(value, band);
    const uncertain = cell!.lower === null || cell!.upper === null ? null : straddles(cell!.lower, cell!.upper, band);
    return { ...base, judged, cell, verdict: gapToTarget === 0 ? 'achieved' : 'not_achieved', gapToTarget, uncertain };
  }
  if (target.comparator === 'parity') {
    // Judged as the assessment judges it (assessmentSpecOf): a parity target with a direction ("not lower than the
    // women's share of members") is met on the right side of the reference; without one, within the band around it.
    const ref = [...input.references].filter((r) => r.indicatorCode === def.code && r.year <= asOf).sort((a, b) => b.year - a.year)[0];
    if (!ref) return { ...base, judged, cell, verdict: 'no_target', gapToTarget: null, uncertain: null };
    const band =
      def.direction === 'higher_is_better' ? acceptableBand('at_least', ref.value, undefined)
      : def.direction === 'lower_is_better' ? acceptableBand('at_most', ref.value, undefined)
      : acceptableBand('about', ref.value, target.tolerance);
    const gapToTarget = distanceToBand(value, band);
    const uncertain = cell!.lower === null || cell!.upper === null ? null : straddles(cell!.lower, cell!.upper, band);
    return { ...base, judged, cell, verdict: gapToTarget === 0 ? 'achieved' : 'not_achieved', gapToTarget, uncertain };
  }
  // increase / decrease: met when the value moved the right way from the baseline.
  if (baseline === null) return { ...base, judged, cell, verdict: 'no_value', gapToTarget: null, uncertain: null };
  const better = def.direction === 'lower_is_better' ? value < baseline.value : value > baseline.value;
  const uncertain = cell!.lower === null || cell!.upper === null ? null : cell!.lower <= baseline.value && baseline.value <= cell!.upper;
  return { ...base, judged, cell, verdict: better ? 'achieved' : 'not_achieved', gapToTarget: null, uncertain };
}

/** The values that meet a numeric target. */
export function acceptableBand(comparator: string, target: number, tolerance: number | undefined): { lower: number; upper: number } {
  switch (comparator) {
    case 'at_least':
      return { lower: target, upper: Infinity };
    case 'at_most':
      return { lower: -Infinity, upper: target };
    case 'coverage':
      return { lower: target - (tolerance ?? 0), upper: Infinity };
    default: // about
      return { lower: target - (tolerance ?? 0), upper: target + (tolerance ?? 0) };
  }
}

const distanceToBand = (v: number, band: { lower: number; upper: number }) => (v < band.lower ? band.lower - v : v > band.upper ? v - band.upper : 0);

/** The interval holds values inside the band and values outside it. */
const straddles = (lower: number, upper: number, band: { lower: number; upper: number }) =>
  lower <= band.upper && upper >= band.lower && (lower < band.lower || upper > band.upper);

function cellFrom(def: IndicatorDefinition, v: ReportValue): EvaluationCell {
  const interval = countedValueInterval(v.numerator, v.denominator, def.factor);
  const records = def.definition.type === 'observation' ? null : v.numerator !== null ? v.numerator : def.definition.type === 'count' ? v.value : null;
  return { value: v.value, numerator: v.numerator, denominator: v.denominator, records, lower: interval?.lower ?? null, upper: interval?.upper ?? null, intervalMethod: interval?.method ?? null };
}

function difficultiesOf(alerts: readonly AlertHistoryEntry[], defOf: Map<string, IndicatorDefinition>, generatedAt: string): EvaluationDifficulty[] {
  const byCode = new Map<string, AlertHistoryEntry[]>();
  for (const a of alerts) byCode.set(a.indicatorCode, [...(byCode.get(a.indicatorCode) ?? []), a]);
  const until = Date.parse(generatedAt);
  return [...byCode]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => {
      const def = defOf.get(code)!;
      const spans = list.map((a) => [Date.parse(a.raisedAt), a.resolvedAt === null ? until : Date.parse(a.resolvedAt)] as const).sort((x, y) => x[0] - y[0]);
      // Alerts of several kinds or sexes often stand at the same time: count the days covered, not their sum.
      let covered = 0;
      let [start, end] = spans[0];
      for (const [s, e] of spans.slice(1)) {
        if (s > end) {
          covered += end - start;
          [start, end] = [s, e];
        } else end = Math.max(end, e);
      }
      covered += end - start;
      const open = list.some((a) => a.resolvedAt === null);
      const resolved = list.flatMap((a) => (a.resolvedAt === null ? [] : [a.resolvedAt])).sort();
      return {
        code, nameZh: def.nameZh, nameEn: def.nameEn, department: def.department,
        kinds: [...new Set(list.map((a) => a.kind))].sort(),
        alerts: list.length,
        firstRaisedAt: list.map((a) => a.raisedAt).sort()[0],
        lastResolvedAt: open ? null : resolved[resolved.length - 1],
        open,
        daysOpen: Math.round((Math.max(0, covered) / DAY_MS) * 10) / 10,
        yearsAffected: [...new Set(list.flatMap((a) => (a.dataYear === null ? [] : [a.dataYear])))].sort((a, b) => a - b),
        history: list
          .map(({ kind, sex, raisedAt, resolvedAt, dataYear }) => ({ kind, sex, raisedAt, resolvedAt, dataYear }))
          .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.kind.localeCompare(b.kind) || a.sex.localeCompare(b.sex)),
      };
    });
}
