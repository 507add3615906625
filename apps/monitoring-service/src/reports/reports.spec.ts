import { parse } from 'csv-parse/sync';
import { indicatorByCode } from '@wdp/indicators';
import { assessArea } from '../assessment/assess-area';
import { submissionSourcesOf } from '../assessment/submission';
import { assembleReport } from './assemble-report';
import { publishReport } from './publish-report';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { contentHashOf, dataRevisionOf } from './report-hash';
import type { ReportInput, ReportValue } from './report-input';

const hea02 = indicatorByCode('HEA-02')!;
const eco01 = indicatorByCode('ECO-01')!;

const v = (indicatorCode: string, sex: 'F' | 'M' | 'T', year: number, value: number, numerator: number | null = null, denominator: number | null = null): ReportValue => ({ indicatorCode, sex, year, value, numerator, denominator });

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    kind: 'mid_term',
    year: 2023,
    generatedAt: '2026-11-29T06:00:00.000Z',
    methodologyVersion: '1.0.0',
    catalogueVersion: '1.0.0',
    district: { code: '520103', nameZh: '云岩区' },
    indicators: [hea02, eco01],
    values: [
      // Maternal mortality stuck at 20 per 100,000 (target ≤ 14): two deaths in 10,000 births a year.
      ...[2020, 2021, 2022, 2023].map((y) => v('HEA-02', 'T', y, 20, 2, 10_000)),
      // After the report year: must not count.
      v('HEA-02', 'T', 2024, 5, 1, 20_000),
      // Women's share of new urban employment: 3 of 43 in 2023 (a small cell), men the rest.
      ...[2020, 2021, 2022].flatMap((y) => [v('ECO-01', 'F', y, 40, 400, 1000), v('ECO-01', 'M', y, 60, 600, 1000)]),
      v('ECO-01', 'F', 2023, (3 / 43) * 100, 3, 43),
      v('ECO-01', 'M', 2023, (40 / 43) * 100, 40, 43),
    ],
    references: [],
    received: { returns: [], records: [{ source: submissionSourcesOf(hea02)[0].key, count: 10_000 }] },
    ...over,
  };
}

describe('assembleReport', () => {
  const report = assembleReport(input());
  const hea = report.domains.find((d) => d.domain === 'health')!.indicators[0];
  const eco = report.domains.find((d) => d.domain === 'economy')!.indicators[0];

  it('gives each indicator its value by sex, target, status, trend and projection as of the report year', () => {
    expect(hea).toMatchObject({ code: 'HEA-02', values: { T: { value: 20, numerator: 2, denominator: 10_000, records: 2 } }, target: { value: 14, year: 2025 }, headlineSex: 'T' });
    expect(hea.trend.currentYear).toBe(2023);
    // Two deaths in 10,000 births: the target of 14 lies well inside the 95 % interval of 20, so the data cannot tell.
    expect(hea.status).toBe('insufficient_evidence');
    expect(hea.projection).toMatchObject({ targetYear: 2025, meetsGoal: false });
    expect(eco.values).toMatchObject({ F: { numerator: 3 }, M: { numerator: 40 } });
  });

  it('lists the indicators hard to complete, and the gender gaps', () => {
    // HEA-02's lag is within the noise of two deaths (insufficient_evidence), so it is not listed as hard to complete.
    expect(report.hardToComplete.map((i) => i.code)).toEqual(['ECO-01']);
    expect(report.genderGaps.map((g) => g.code)).toEqual(['ECO-01']);
    expect(report.summary.indicators).toBe(2);
  });

  it('says which department submitted what and what is missing', () => {
    const health = report.completeness.find((d) => d.department === 'health')!;
    expect(health.submitted.map((s) => s.source)).toEqual([submissionSourcesOf(hea02)[0].key]);
    const employment = report.completeness.find((d) => d.department === 'employment')!;
    expect(employment.submitted).toEqual([]);
    expect(employment.missing.map((m) => m.indicators)).toEqual([['ECO-01']]);
  });

  it('is deterministic: the same input, also after a JSON round trip (as stored), gives the same report and hashes', () => {
    const stored = JSON.parse(JSON.stringify(input()));
    expect(contentHashOf(assembleReport(stored))).toBe(contentHashOf(report));
    expect(dataRevisionOf(stored)).toBe(dataRevisionOf(input()));
    const changed = input({ values: [...input().values, v('HEA-02', 'T', 2019, 30, 3, 10_000)] });
    expect(dataRevisionOf(changed)).not.toBe(dataRevisionOf(input()));
  });
});

describe('95 % intervals of report cells', () => {
  const report = assembleReport(input());
  const hea = report.domains.find((d) => d.domain === 'health')!.indicators[0];
  const eco = report.domains.find((d) => d.domain === 'economy')!.indicators[0];

  it('gives a rate Garwood’s exact interval and a share Wilson’s, from the cell’s own counts', () => {
    // Two deaths: Garwood [0.2422, 7.2247] per 10,000 births, × 100,000.
    expect(hea.values.T).toMatchObject({ intervalMethod: 'poisson_exact', lower: expect.closeTo(2.422, 2), upper: expect.closeTo(72.247, 2) });
    // 3 of 43 women: Wilson [2.40 %, 18.6 %].
    expect(eco.values.F).toMatchObject({ intervalMethod: 'wilson', lower: expect.closeTo(2.40, 1), upper: expect.closeTo(18.6, 1) });
    expect(eco.values.F!.lower!).toBeLessThan(eco.values.F!.value!);
    expect(eco.values.F!.upper!).toBeGreaterThan(eco.values.F!.value!);
  });

  it('gives none to a figure not computed from counts', () => {
    const withoutCounts = assembleReport(input({ indicators: [hea02], values: [...[2020, 2021, 2022, 2023].map((y) => v('HEA-02', 'T', y, 20))] }));
    expect(withoutCounts.domains[0].indicators[0].values.T).toMatchObject({ value: 20, lower: null, upper: null, intervalMethod: null });
  });

  it('gives a return’s observed share the interval of the counts it filed, and keeps judging it as a submitted aggregate', () => {
    const edu07 = indicatorByCode('EDU-07')!; // lifelong-learning participation: a survey share from a return
    const survey = assembleReport(input({ indicators: [edu07], values: [2021, 2022, 2023].map((y) => v('EDU-07', 'F', y, 7.5, 3, 40)) }));
    const cell = survey.domains[0].indicators[0].values.F!;
    expect(cell).toMatchObject({ value: 7.5, records: null, intervalMethod: 'wilson', lower: expect.closeTo(2.58, 1), upper: expect.closeTo(19.86, 1) });
    expect(publishReport(survey, 5).domains[0].indicators[0].values.F).toMatchObject({ suppressed: null, intervalMethod: 'wilson' });
  });

  it('withholds the interval of a suppressed cell with its value, and keeps it where unsuppressed figures are asked for', () => {
    const published = publishReport(report, 5);
    const cells = published.domains.flatMap((d) => d.indicators.flatMap((i) => Object.values(i.values)));
    for (const c of cells.filter((x) => x!.suppressed)) expect(c).toMatchObject({ lower: null, upper: null, intervalMethod: null });
    expect(cells.filter((x) => x!.suppressed)).toHaveLength(3);
    for (const g of published.genderGaps) for (const c of [g.female, g.male]) expect(c).toMatchObject({ lower: null, upper: null, intervalMethod: null });
    const text = JSON.stringify(published);
    for (const limit of [eco.values.F!.lower, eco.values.F!.upper, hea.values.T!.lower, hea.values.T!.upper]) expect(text).not.toContain(String(limit));
    const raw = publishReport(report, 5, false).domains.find((d) => d.domain === 'economy')!.indicators[0];
    expect(raw.values.F).toMatchObject({ intervalMethod: 'wilson', lower: eco.values.F!.lower, upper: eco.values.F!.upper });
  });

  it('writes lower, upper and interval_method after suppressed in the CSV, empty for a suppressed cell', () => {
    const [header, ...rows] = parse(renderCsv(publishReport(report, 5, false), 'en'), { bom: true }) as string[][];
    expect(header.slice(7, 14)).toEqual(['value', 'numerator', 'denominator', 'suppressed', 'lower', 'upper', 'interval_method']);
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const f = rows.find((r) => col(r, 'code') === 'ECO-01' && col(r, 'sex') === 'F')!;
    expect(Number(col(f, 'lower'))).toBeCloseTo(eco.values.F!.lower!, 10);
    expect(Number(col(f, 'upper'))).toBeCloseTo(eco.values.F!.upper!, 10);
    expect(col(f, 'interval_method')).toBe('wilson');
    const [sh, ...suppressed] = parse(renderCsv(publishReport(report, 5), 'en'), { bom: true }) as string[][];
    const hidden = suppressed.find((r) => r[sh.indexOf('code')] === 'ECO-01' && r[sh.indexOf('sex')] === 'F')!;
    expect([hidden[sh.indexOf('suppressed')], hidden[sh.indexOf('lower')], hidden[sh.indexOf('upper')], hidden[sh.indexOf('interval_method')]]).toEqual(['small_cell', '', '', '']);
  });

  it('shows “value [lower–upper]” in the HTML for a published cell, and nothing of a hidden one', () => {
    const html = renderHtml(publishReport(report, 5, false), 'en', 'sha256:abc');
    expect(html).toContain('20 <span class="ci">[2.42–72.25]</span>');
    expect(html).toContain('insufficient evidence');
    const zh = renderHtml(publishReport(report, 5), 'zh', 'sha256:abc');
    expect(zh).toContain('证据不足');
    expect(zh).not.toContain('class="ci"');
  });
});

describe('publishReport', () => {
  const content = assembleReport(input());

  it('suppresses the small cell and its complement, and the gap built from them', () => {
    const published = publishReport(content, 5);
    const eco = published.domains.find((d) => d.domain === 'economy')!.indicators[0];
    expect(eco.values.F).toMatchObject({ suppressed: 'small_cell', value: null, numerator: null, denominator: null });
    expect(eco.values.M).toMatchObject({ suppressed: 'complementary', value: null });
    expect(eco.gap).toMatchObject({ currentDistance: null, baseDistance: null });
    expect(published.genderGaps[0]).toMatchObject({ female: { suppressed: 'small_cell' }, male: { suppressed: 'complementary' }, currentDistance: null });
    // Maternal deaths: 2 of them, below k — the ratio is hidden with its numerator and denominator.
    const hea = published.domains.find((d) => d.domain === 'health')!.indicators[0];
    expect(hea.values.T).toMatchObject({ suppressed: 'small_cell', value: null });
    expect(hea.projection?.value).toBeNull();
    expect(published.disclosure).toEqual({ k: 5, applied: true, suppressedCells: 3 });
    // Nothing published anywhere in the document carries the hidden figures.
    const text = JSON.stringify(published);
    expect(text).not.toContain(String((3 / 43) * 100));
    expect(text).not.toContain(String((40 / 43) * 100));
  });

  it('leaves everything in place when unsuppressed figures are asked for', () => {
    const raw = publishReport(content, 5, false);
    expect(raw.disclosure).toEqual({ k: 5, applied: false, suppressedCells: 0 });
    expect(raw.domains.find((d) => d.domain === 'economy')!.indicators[0].values.F!.numerator).toBe(3);
  });

  it('with k = 2 only nothing small enough remains hidden', () => {
    expect(publishReport(content, 2).disclosure.suppressedCells).toBe(0);
  });
});

describe('renderers', () => {
  const published = publishReport(assembleReport(input()), 5);

  it('CSV: one row per indicator and sex, suppressed cells empty, spreadsheet-safe text', () => {
    const csv = renderCsv(published, 'zh');
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0].slice(0, 8)).toEqual(['domain', 'code', 'indicator', 'unit', 'department', 'year', 'sex', 'value']);
    expect(rows).toHaveLength(4);
    const f = rows.find((r) => r[0] === 'economy' && r[1] === 'ECO-01' && r[6] === 'F')!;
    expect(f.slice(7, 14)).toEqual(['', '', '', 'small_cell', '', '', '']);
    expect(rows.find((r) => r[1] === 'HEA-02')).toContain('孕产妇死亡率');
    // Text is always quoted (OWASP CSV-injection guidance); numbers are not.
    expect(csv).toContain('"economy","ECO-01"');
  });

  it('HTML: Chinese by default, English on request, with the snapshot facts and no hidden figure', () => {
    const zh = renderHtml(published, 'zh', 'sha256:abc');
    expect(zh).toContain('中期评估报告');
    expect(zh).toContain('预计难以完成的指标');
    expect(zh).toContain('sha256:abc');
    expect(zh).toContain('小样本，已抑制');
    const en = renderHtml(published, 'en', 'sha256:abc');
    expect(en).toContain('Mid-term evaluation report');
    expect(en).toContain('Indicators expected to be hard to complete');
    expect(en).not.toContain('6.98');
  });
});

describe('the completeness and timeliness section', () => {
  const timeliness = [
    { department: 'health', dataset: 'health/live-birth', type: 'records' as const, expected: 216, received: 210, onTime: 200, late: 10, missing: 6, completenessRate: 0.9722, timelinessRate: 0.9259 },
    { department: 'statistics', dataset: 'statistics/resident-population', type: 'return' as const, expected: 0, received: 0, onTime: 0, late: 0, missing: 0, completenessRate: null, timelinessRate: null },
  ];
  const published = publishReport(assembleReport(input({ timeliness })), 5);

  it('carries the frozen tallies per department × dataset, and is absent from snapshots taken without them', () => {
    expect(published.timeliness).toEqual(timeliness);
    expect(assembleReport(input())).not.toHaveProperty('timeliness');
  });

  it('is a table of its own in the CSV and a section of the HTML, in Chinese and English', () => {
    const rows = parse(renderCsv(published, 'en'), { bom: true, relax_column_count: true }) as string[][];
    expect(rows.filter((r) => r[0] === 'timeliness')).toEqual([
      ['timeliness', 'health', 'Health Bureau', 'health/live-birth', 'records', '216', '210', '200', '10', '6', '0.9722', '0.9259'],
      ['timeliness', 'statistics', expect.any(String), 'statistics/resident-population', 'return', '0', '0', '0', '0', '0', '', ''],
    ]);
    const zh = renderHtml(published, 'zh', 'sha256:abc');
    expect(zh).toContain('数据报送完整性与及时性');
    expect(zh).toContain('<td class="num">97.2%</td><td class="num">92.6%</td>');
    expect(renderHtml(published, 'en', 'sha256:abc')).toContain('Completeness and timeliness of submissions');
  });
});

describe('report statuses by sex follow the headline-sex rule of docs/monitoring.md', () => {
  // EDU-03 is sex-neutral (headline T); ECO-01 and DEC-18 are women's shares (headline F, men's rows are context).
  const codes = ['EDU-03', 'ECO-01', 'DEC-18'];
  const defs = codes.map((c) => indicatorByCode(c)!);
  const years = [2020, 2021, 2022, 2023, 2024, 2025];
  // Girls' consolidation falls while boys' and the total rise: each sex has a different status.
  const series: Record<string, Partial<Record<'F' | 'M' | 'T', number[]>>> = {
    'EDU-03': { F: [97, 96, 94, 92, 90, 88], M: [95, 96, 97, 98, 99, 99.5], T: [96, 96.2, 96.4, 96.6, 96.8, 97] },
    'ECO-01': { F: [40, 39, 38, 36, 34, 32], M: [60, 61, 62, 64, 66, 68] },
    'DEC-18': { F: [6, 8, 9, 10, 11, 12], M: [94, 92, 91, 90, 89, 88] },
  };
  const values = Object.entries(series).flatMap(([code, bySex]) =>
    Object.entries(bySex).flatMap(([sex, vs]) => vs!.map((value, i) => v(code, sex as 'F' | 'M' | 'T', years[i], value, Math.round(value * 10), 1000))),
  );
  const report = assembleReport(input({ kind: 'final', year: 2025, indicators: defs, values }));
  const item = (code: string) => report.domains.flatMap((d) => d.indicators).find((i) => i.code === code)!;
  const expected = (code: string) => {
    const def = indicatorByCode(code)!;
    const bySex = new Map(Object.entries(series[code]).map(([sex, vs]) => [sex as 'F' | 'M' | 'T', vs!.map((value, i) => ({ year: years[i], value, numerator: Math.round(value * 10), denominator: 1000 }))]));
    return assessArea(def, bySex, null).rows;
  };

  it.each(codes)('%s: every sex row carries that sex’s own assessment status, or none where the target does not address it', (code) => {
    const rows = expected(code);
    for (const [sex, cell] of Object.entries(item(code).values)) expect({ sex, status: cell!.status }).toEqual({ sex, status: rows.find((r) => r.sex === sex)?.status ?? null });
  });

  it('takes the headline from T for a neutral formula and F for a women’s share', () => {
    expect(item('EDU-03')).toMatchObject({ headlineSex: 'T', status: expected('EDU-03').find((r) => r.sex === 'T')!.status });
    expect(item('EDU-03').values.F!.status).not.toBe(item('EDU-03').values.T!.status);
    expect(item('ECO-01')).toMatchObject({ headlineSex: 'F', values: { M: { status: null } } });
    expect(item('DEC-18')).toMatchObject({ headlineSex: 'F', values: { M: { status: null } } });
  });

  it('writes each CSV row with its own sex’s status', () => {
    const [header, ...rows] = parse(renderCsv(publishReport(report, 5, false), 'en'), { bom: true }) as string[][];
    const rowOf = (code: string, sex: string) => rows.find((r) => r[header.indexOf('code')] === code && r[header.indexOf('sex')] === sex)!;
    expect(rowOf('EDU-03', 'T')[header.indexOf('status')]).toBe(item('EDU-03').values.T!.status);
    expect(rowOf('EDU-03', 'F')[header.indexOf('status')]).toBe(item('EDU-03').values.F!.status);
    expect(rowOf('ECO-01', 'M')[header.indexOf('status')]).toBe('');
  });
});
