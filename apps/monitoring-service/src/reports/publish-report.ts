import { suppressCells, type SuppressionReason } from '../disclosure/suppression';
import type { ReportCell, ReportContent, ReportIndicator } from './assemble-report';

export type PublishedCell = ReportCell & { suppressed: SuppressionReason | null };

export type PublishedIndicator = Omit<ReportIndicator, 'values'> & { values: Partial<Record<'F' | 'M' | 'T', PublishedCell>> };

export type PublishedReport = Omit<ReportContent, 'domains' | 'genderGaps'> & {
  disclosure: { k: number; applied: boolean; suppressedCells: number };
  domains: { domain: string; nameZh: string; nameEn: string; indicators: PublishedIndicator[] }[];
  genderGaps: (Omit<ReportContent['genderGaps'][number], 'female' | 'male'> & { female: PublishedCell | null; male: PublishedCell | null })[];
};

/**
 * The report as published: value cells from fewer than k records hidden, with complementary
 * suppression across sexes, and the figures derived from a hidden cell hidden with it (a gap from a
 * hidden sex, the trend and projection of a hidden headline, the 95 % interval of a hidden cell). `applied: false` gives the unsuppressed
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
  return { ...content, disclosure: { k, applied, suppressedCells: published.filter((c) => c.suppressed).length }, domains, genderGaps };
}
