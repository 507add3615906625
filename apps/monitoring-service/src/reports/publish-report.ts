import { suppressCells, type SuppressionReason } from '../disclosure/suppression';
import type { ReportCell, ReportContent, ReportIndicator } from './assemble-report';
import type { EvaluationCell, EvaluationContent, EvaluationTarget } from './evaluation-content';
import { publishViolation, type PublishedViolation } from './report-governance';

export type PublishedCell = ReportCell & { suppressed: SuppressionReason | null };

export type PublishedIndicator = Omit<ReportIndicator, 'values'> & { values: Partial<Record<'F' | 'M' | 'T', PublishedCell>> };

export type PublishedEvaluationCell = EvaluationCell & { suppressed: SuppressionReason | null };

export type PublishedEvaluation = Omit<EvaluationContent, 'targets'> & {
  targets: (Omit<EvaluationTarget, 'cell' | 'trajectory'> & {
    cell: PublishedEvaluationCell | null;
    trajectory: { year: number; values: Partial<Record<'F' | 'M' | 'T', PublishedEvaluationCell>> }[];
  })[];
};

export type PublishedReport = Omit<ReportContent, 'domains' | 'genderGaps' | 'evaluation' | 'violations'> & {
  evaluation?: PublishedEvaluation;
  violations?: PublishedViolation[];
  disclosure: { k: number; applied: boolean; suppressedCells: number };
  domains: { domain: string; nameZh: string; nameEn: string; indicators: PublishedIndicator[] }[];
  genderGaps: (Omit<ReportContent['genderGaps'][number], 'female' | 'male'> & { female: PublishedCell | null; male: PublishedCell | null })[];
};

/**
 * The report as published: value cells from fewer than k records hidden, with complementary
 * suppression across sexes, and the figures derived from a hidden cell hidden with it (a gap from a
 * hidden sex, the trend and projection of a hidden headline, the 95 % interval of a hidden cell), and a validation
 * violation's side that counts fewer than k records (publishViolation). `applied: false` gives the unsuppressed
 * figures (elevated scope only). Pure.
 */
export function publishReport(content: ReportContent, k: number, applied = true): PublishedReport {
  const cells = content.domains.flatMap((d) =>
    d.indicators.flatMap((i) => Object.entries(i.values).map(([sex, c]) => ({ indicatorCode: i.code, areaCode: content.meta.district.code, year: content.meta.year, sex, ...c! }))),
  );
  const published = applied ? suppressCells(cells, { k }) : cells.map((c) => ({ ...c, suppressed: null }));
  const cellOf = new Map(published.map((c) => [`${c.indicatorCode}/${c.sex}`, c]));
  const pick = (code: string, sex: string): PublishedCell | null => {
    const c = cellOf.get(`${code}/${sex}`);
    if (!c) return null;
    // A hidden cell's interval goes with its value: its limits would give the value and its counts away.
    const interval = c.suppressed ? { lower: null, upper: null, intervalMethod: null } : { lower: c.lower, upper: c.upper, intervalMethod: c.intervalMethod };
    return { value: c.value, numerator: c.numerator, denominator: c.denominator, records: c.records, ...interval, status: c.status, suppressed: c.suppressed };
  };
  const hiddenGap = (code: string) => Boolean(pick(code, 'F')?.suppressed || pick(code, 'M')?.suppressed);
  const domains = content.domains.map((d) => ({
    ...d,
    indicators: d.indicators.map((i): PublishedIndicator => {
      const values = Object.fromEntries(Object.keys(i.values).map((sex) => [sex, pick(i.code, sex)!])) as PublishedIndicator['values'];
      const headlineHidden = i.headlineSex !== null && Boolean(pick(i.code, i.headlineSex)?.suppressed);
      return {
        ...i,
        values,
        trend: headlineHidden ? { ...i.trend, currentValue: null, observedCagr: null, ratio: null } : i.trend,
        projection: headlineHidden && i.projection ? { ...i.projection, value: null } : i.projection,
        gap: i.gap && hiddenGap(i.code) ? { ...i.gap, currentDistance: null, baseDistance: null } : i.gap,
      };
    }),
  }));
  const genderGaps = content.genderGaps.map((g) => ({
    ...g,
    female: pick(g.code, 'F'),
    male: pick(g.code, 'M'),
    ...(hiddenGap(g.code) ? { currentDistance: null, baseDistance: null } : {}),
  }));
  const { evaluation: assessed, violations: found, ...rest } = content;
  const evaluation = assessed ? publishEvaluation(assessed, content.meta.district.code, k, applied) : undefined;
  const violations = found?.map((v) => publishViolation(v, k, applied));
  return {
    ...rest, disclosure: { k, applied, suppressedCells: published.filter((c) => c.suppressed).length }, domains, genderGaps,
    ...(evaluation ? { evaluation } : {}), ...(violations ? { violations } : {}),
  };
}

/**
 * The evaluation under the same rule, judged year by year over the whole trajectory: a hidden cell loses its
 * interval, and the figures derived from it go with it — the judged value and its distance to the target
 * (target ± distance gives the value back), and the gender gap of a year with a hidden sex. The verdict stays:
 * met or not met says no more than the published status does.
 */
function publishEvaluation(e: EvaluationContent, areaCode: string, k: number, applied: boolean): PublishedEvaluation {
  const cells = e.targets.flatMap((t) => t.trajectory.flatMap((y) => Object.entries(y.values).map(([sex, c]) => ({ indicatorCode: t.code, areaCode, year: y.year, sex, ...c! }))));
  const published = applied ? suppressCells(cells, { k }) : cells.map((c) => ({ ...c, suppressed: null }));
  const cellOf = new Map(published.map((c) => [`${c.indicatorCode}/${c.year}/${c.sex}`, c]));
  const pick = (code: string, year: number, sex: string): PublishedEvaluationCell | null => {
    const c = cellOf.get(`${code}/${year}/${sex}`);
    if (!c) return null;
    const shown = c.suppressed ? { value: null, numerator: null, denominator: null, records: null, lower: null, upper: null, intervalMethod: null } : c;
    return { value: shown.value, numerator: shown.numerator, denominator: shown.denominator, records: shown.records, lower: shown.lower, upper: shown.upper, intervalMethod: shown.intervalMethod, suppressed: c.suppressed };
  };
  const hidden = (code: string, year: number, sex: string) => Boolean(pick(code, year, sex)?.suppressed);
  return {
    ...e,
    targets: e.targets.map((t) => {
      const judgedHidden = t.judged.sex === 'gap' ? hidden(t.code, t.judged.year, 'F') || hidden(t.code, t.judged.year, 'M') : hidden(t.code, t.judged.year, t.judged.sex);
      const baselineYear = t.judged.baseline?.year;
      const baselineHidden =
        baselineYear !== undefined && (t.judged.sex === 'gap' ? hidden(t.code, baselineYear, 'F') || hidden(t.code, baselineYear, 'M') : hidden(t.code, baselineYear, t.judged.sex));
      return {
        ...t,
        judged: { ...t.judged, value: judgedHidden ? null : t.judged.value, baseline: baselineHidden ? null : t.judged.baseline },
        cell: t.cell ? pick(t.code, t.judged.year, t.judged.sex) : null,
        gapToTarget: judgedHidden ? null : t.gapToTarget,
        uncertain: judgedHidden ? null : t.uncertain,
        trajectory: t.trajectory.map((y) => ({ year: y.year, values: Object.fromEntries(Object.keys(y.values).map((sex) => [sex, pick(t.code, y.year, sex)!])) })),
        genderGap: t.genderGap && {
          ...t.genderGap,
          byYear: t.genderGap.byYear.map((g) => (hidden(t.code, g.year, 'F') || hidden(t.code, g.year, 'M') ? { year: g.year, gap: null } : g)),
        },
      };
    }),
  };
}
