import { indicatorByCode, INDICATORS } from '@wdp/indicators';
import { districtPlan, districtSuccessorDraft, type PlanDocument } from '@wdp/plans';
import { assembleReport } from './assemble-report';
import { acceptableBand, assembleEvaluation, type EvaluationInput } from './evaluation-content';
import { parse } from 'csv-parse/sync';
import { publishReport } from './publish-report';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { contentHashOf } from './report-hash';
import type { AlertHistoryEntry, ReportInput, ReportValue } from './report-input';
import { evaluationYear, planDefinitions } from './report-plan';

const codes = ['HEA-02', 'HEA-04', 'ECO-01', 'ECO-03', 'HEA-01'];
const defs = codes.map((c) => indicatorByCode(c)!);
const plan = districtPlan(defs);
const v = (indicatorCode: string, sex: 'F' | 'M' | 'T', year: number, value: number, numerator: number | null = null, denominator: number | null = null): ReportValue => ({
  indicatorCode, sex, year, value, numerator, denominator,
});
const alert = (indicatorCode: string, kind: string, raisedAt: string, resolvedAt: string | null, dataYear: number | null, sex = 'T'): AlertHistoryEntry => ({
  indicatorCode, sex, kind, raisedAt, resolvedAt, dataYear,
});

const values: ReportValue[] = [
  // Maternal mortality (≤ 14 per 100,000): 20 from two deaths in 10,000 births every year, 2024 missing.
  ...[2020, 2021, 2022, 2023, 2025].map((y) => v('HEA-02', 'T', y, 20, 2, 10_000)),
  // Breast cancer screening coverage of women (increase): 90 % in 2020, 93 % in 2025.
  v('HEA-04', 'F', 2020, 90, 900, 1000), v('HEA-04', 'F', 2023, 91, 910, 1000), v('HEA-04', 'F', 2025, 93, 930, 1000),
  // Women's share of new urban employment (about 40 ± 2): 41 % in 2025, 3 of 43 in 2022 (a small cell).
  ...[2020, 2021, 2023, 2024, 2025].flatMap((y) => [v('ECO-01', 'F', y, 41, 410, 1000), v('ECO-01', 'M', y, 59, 590, 1000)]),
  v('ECO-01', 'F', 2022, (3 / 43) * 100, 3, 43), v('ECO-01', 'M', 2022, (40 / 43) * 100, 40, 43),
  // Income ratio women / men (gap narrows): 0.80 in 2020, 0.85 in 2025.
  v('ECO-03', 'F', 2020, 80), v('ECO-03', 'M', 2020, 100), v('ECO-03', 'F', 2025, 85), v('ECO-03', 'M', 2025, 100),
];

const alerts: AlertHistoryEntry[] = [
  // Two overlapping alerts of one indicator stand 3 days together, not 2 + 2.
  alert('HEA-02', 'limited', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 2023),
  alert('HEA-02', 'acceleration_needed', '2026-01-02T00:00:00.000Z', '2026-01-04T00:00:00.000Z', 2025),
  // Still open at the snapshot: it stands until then.
  alert('ECO-01', 'fluctuating', '2026-11-30T00:00:00.000Z', null, 2022, 'F'),
  // About 2026 data: after any evaluation year of this plan.
  alert('HEA-04', 'deteriorating', '2026-02-01T00:00:00.000Z', null, 2026),
];

function input(over: Partial<EvaluationInput> = {}): EvaluationInput {
  return { plan, asOf: 2025, generatedAt: '2026-12-01T00:00:00.000Z', indicators: defs, values, references: [], alertHistory: alerts, statusOf: () => 'on_track', ...over };
}

describe('evaluation years and plan definitions', () => {
  it('puts the mid-term in the middle of the period and the final at its end', () => {
    expect(evaluationYear('mid_term', { start: 2021, end: 2025 })).toBe(2023);
    expect(evaluationYear('final', { start: 2021, end: 2025 })).toBe(2025);
    expect(evaluationYear('mid_term', { start: 2021, end: 2030 })).toBe(2025);
    expect(evaluationYear('annual', { start: 2021, end: 2025 })).toBeNull();
  });

  it('gives the catalogue back under the district plan exported from it', () => {
    const sorted = [...INDICATORS].sort((a, b) => a.code.localeCompare(b.code));
    expect(planDefinitions(districtPlan(), INDICATORS)).toEqual(sorted);
  });

  it('judges an indicator the plan targets in several years by its earliest target, in the definitions and in the evaluation alike', () => {
    const twoYears: PlanDocument = {
      ...plan,
      period: { start: 2021, end: 2030 },
      targets: [
        { indicator: 'HEA-02', comparator: 'at_most', value: 10, valueStatus: 'official', targetYear: 2030 },
        { indicator: 'HEA-02', comparator: 'at_most', value: 14, valueStatus: 'official', targetYear: 2025 },
      ],
    };
    expect(planDefinitions(twoYears, INDICATORS)).toEqual([expect.objectContaining({ code: 'HEA-02', targetValue: 14, targetYear: 2025 })]);
    const e = assembleEvaluation(input({ plan: twoYears, indicators: planDefinitions(twoYears, defs) }));
    expect(e.targets).toEqual([expect.objectContaining({ code: 'HEA-02', target: expect.objectContaining({ value: 14, year: 2025 }), gapToTarget: 6 })]);
  });

  it('takes another plan’s comparator, value, tolerance and target year, and only the indicators it targets', () => {
    const other: PlanDocument = { ...plan, id: 'other', period: { start: 2021, end: 2030 }, targets: [{ indicator: 'HEA-02', comparator: 'at_most', value: 12, valueStatus: 'official', targetYear: 2030 }] };
    const [hea] = planDefinitions(other, INDICATORS);
    expect(planDefinitions(other, INDICATORS)).toHaveLength(1);
    expect(hea).toMatchObject({ code: 'HEA-02', targetValue: 12, targetYear: 2030, unit: 'per-100k-live-births', baseline: { year: 2020, value: null } });
  });
});

describe('assembleEvaluation', () => {
  const e = assembleEvaluation(input());
  const target = (code: string) => e.targets.find((t) => t.code === code)!;

  it('judges a numeric target on the evaluation year’s value, with its interval, the distance left and whether chance could flip it', () => {
    expect(target('HEA-02')).toMatchObject({
      verdict: 'not_achieved', gapToTarget: 6, uncertain: true, judged: { sex: 'T', year: 2025, value: 20 },
      cell: { value: 20, numerator: 2, denominator: 10_000, intervalMethod: 'poisson_exact' },
      target: { value: 14, valueStatus: 'official', year: 2025 },
    });
    // 41 % is within 40 ± 2, but 410 of 1,000 leave 42–44 % inside the interval: met, by a margin chance could undo.
    expect(target('ECO-01')).toMatchObject({ verdict: 'achieved', gapToTarget: 0, uncertain: true, judged: { sex: 'F', value: 41 } });
    expect(target('ECO-01').cell!.intervalMethod).toBe('wilson');
  });

  it('judges a directional target against the baseline, and a gap target on the distance between the sexes', () => {
    expect(target('HEA-04')).toMatchObject({ verdict: 'achieved', gapToTarget: null, judged: { value: 93, baseline: { year: 2020, value: 90 } } });
    expect(target('ECO-03')).toMatchObject({ verdict: 'achieved', cell: null, judged: { sex: 'gap', value: expect.closeTo(0.15, 10), baseline: { year: 2020, value: expect.closeTo(0.2, 10) } } });
  });

  it('says when there is no value to judge, and never invents a target', () => {
    expect(target('HEA-01')).toMatchObject({ verdict: 'no_value', cell: null });
    const unpublished: PlanDocument = { ...plan, targets: plan.targets.map((t) => (t.indicator === 'HEA-02' ? { ...t, value: null, valueStatus: 'not-published' as const } : t)) };
    const noTarget = assembleEvaluation(input({ plan: unpublished, indicators: planDefinitions(unpublished, defs) })).targets.find((t) => t.code === 'HEA-02')!;
    expect(noTarget).toMatchObject({ verdict: 'no_target', gapToTarget: null, target: { value: null, valueStatus: 'not-published' } });
    expect(e.summary).toEqual({ achieved: 3, not_achieved: 1, no_target: 0, no_value: 1 });
  });

  it('gives the trajectory from the baseline year and the gender gap by year', () => {
    expect(target('HEA-02').trajectory.map((y) => [y.year, y.values.T?.value ?? null])).toEqual([[2020, 20], [2021, 20], [2022, 20], [2023, 20], [2024, null], [2025, 20]]);
    expect(target('ECO-03').genderGap).toEqual({ measure: 'ratio', byYear: [{ year: 2020, gap: 0.8 }, ...[2021, 2022, 2023, 2024].map((year) => ({ year, gap: null })), { year: 2025, gap: 0.85 }] });
    expect(target('ECO-01').genderGap!.byYear.find((g) => g.year === 2025)!.gap).toBe(-18);
    expect(target('HEA-02').genderGap).toBeNull();
  });

  it('lists the data missing in the period by indicator, year and sex', () => {
    const missing = e.missingData.filter((m) => m.code !== 'HEA-01').map((m) => `${m.code} ${m.year} ${m.sexes.join('')}`);
    expect(missing).toEqual(['ECO-03 2021 FMT', 'ECO-03 2022 FMT', 'ECO-03 2023 FMT', 'ECO-03 2024 FMT', 'ECO-03 2025 T', 'HEA-02 2024 T', 'HEA-04 2021 F', 'HEA-04 2022 F', 'HEA-04 2024 F']);
    expect(e.missingData.filter((m) => m.code === 'HEA-01').map((m) => m.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
  });

  it('lists the indicators hard to complete and those that fluctuated, with how long their alerts stood and the data years', () => {
    expect(e.hardToComplete).toEqual([
      expect.objectContaining({ code: 'HEA-02', kinds: ['acceleration_needed', 'limited'], alerts: 2, daysOpen: 3, open: false, lastResolvedAt: '2026-01-04T00:00:00.000Z', yearsAffected: [2023, 2025] }),
    ]);
    expect(e.fluctuated).toEqual([expect.objectContaining({ code: 'ECO-01', open: true, lastResolvedAt: null, daysOpen: 1, yearsAffected: [2022] })]);
    expect(e.hardToComplete[0].history).toEqual([
      { kind: 'limited', sex: 'T', raisedAt: '2026-01-01T00:00:00.000Z', resolvedAt: '2026-01-03T00:00:00.000Z', dataYear: 2023 },
      { kind: 'acceleration_needed', sex: 'T', raisedAt: '2026-01-02T00:00:00.000Z', resolvedAt: '2026-01-04T00:00:00.000Z', dataYear: 2025 },
    ]);
  });

  it('leaves out at the mid-term the alerts about data after 2023', () => {
    const mid = assembleEvaluation(input({ asOf: 2023 }));
    expect(mid.hardToComplete).toEqual([expect.objectContaining({ code: 'HEA-02', kinds: ['limited'], alerts: 1, daysOpen: 2, yearsAffected: [2023] })]);
    expect(mid.targets.find((t) => t.code === 'HEA-04')).toMatchObject({ judged: { year: 2023, value: 91 }, verdict: 'achieved' });
    expect(mid.targets.find((t) => t.code === 'HEA-02')!.trajectory.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023]);
  });

  it('bands: at least, at most, coverage with its tolerance, about', () => {
    expect(acceptableBand('at_least', 95, undefined)).toEqual({ lower: 95, upper: Infinity });
    expect(acceptableBand('at_most', 14, undefined)).toEqual({ lower: -Infinity, upper: 14 });
    expect(acceptableBand('coverage', 100, 0.5)).toEqual({ lower: 99.5, upper: Infinity });
    expect(acceptableBand('about', 40, 2)).toEqual({ lower: 38, upper: 42 });
  });

  it('judges a parity target with a direction as the assessment does: delegates’ share at least the members’ share (DEC-02)', () => {
    const dec = [indicatorByCode('DEC-02')!];
    const parityPlan = districtPlan(dec);
    const judge = (share: number) =>
      assembleEvaluation(
        input({
          plan: parityPlan, indicators: planDefinitions(parityPlan, dec), alertHistory: [],
          values: [v('DEC-02', 'F', 2025, share, share * 10, 1000), v('DEC-02', 'M', 2025, 100 - share, (100 - share) * 10, 1000)],
          references: [{ indicatorCode: 'DEC-02', year: 2025, value: 41.73 }],
        }),
      ).targets[0];
    // Above the reference is the plan's 不低于, met — the band around it would have called it 4.6 short.
    expect(judge(46.33)).toMatchObject({ verdict: 'achieved', gapToTarget: 0 });
    expect(judge(41.73)).toMatchObject({ verdict: 'achieved', gapToTarget: 0 });
    expect(judge(40)).toMatchObject({ verdict: 'not_achieved' });
    expect(judge(40).gapToTarget).toBeCloseTo(1.73, 10);
  });
});

describe('the evaluation in a report', () => {
  const reportInput = (kind: ReportInput['kind'], year: number): ReportInput => ({
    kind, year, generatedAt: '2026-12-01T00:00:00.000Z', methodologyVersion: '1.0.0', catalogueVersion: '1.0.0',
    district: { code: '520103', nameZh: '云岩区' }, indicators: planDefinitions(plan, defs), values, references: [],
    received: { returns: [], records: [] }, plan, alertHistory: alerts,
  });

  it('is in the mid-term and final reports of a snapshot with its plan, not in an annual one nor in a snapshot from before plans', () => {
    expect(assembleReport(reportInput('final', 2025)).evaluation).toMatchObject({ asOf: 2025, plan: { id: 'yunyan-district-2021-2025', period: { start: 2021, end: 2025 } } });
    expect(assembleReport(reportInput('mid_term', 2023)).evaluation!.asOf).toBe(2023);
    expect(assembleReport(reportInput('annual', 2024)).evaluation).toBeUndefined();
    // Every kind names its plan, which the HTML title shows (an annual report of the national outline is titled by it).
    expect(assembleReport(reportInput('annual', 2024)).meta.plan).toEqual({ id: 'yunyan-district-2021-2025', version: 1, nameZh: '云岩区妇女发展规划（2021—2025年）', nameEn: "Yunyan District Women's Development Plan (2021–2025)" });
    const national = { ...plan, id: 'china-national-2021-2030', name: { zh: '中国妇女发展纲要（2021—2030年）', en: 'Outline' } };
    expect(renderHtml(publishReport(assembleReport({ ...reportInput('annual', 2024), plan: national }), 5), 'zh', 'sha256:x')).toContain('<title>中国妇女发展纲要（2021—2030年） · 年度监测报告 (2024)</title>');
    const { plan: _plan, alertHistory: _alerts, ...before } = reportInput('final', 2025);
    expect(assembleReport(before)).not.toHaveProperty('evaluation');
    expect(assembleReport(before).meta).not.toHaveProperty('plan');
  });

  it('assesses no target the plan gives no figure: a draft’s to-be-set targets are no_target_set, never judged against an invented one', () => {
    const draft = districtSuccessorDraft(plan);
    const later = values.map((x) => ({ ...x, year: x.year + 6 }));
    const report = assembleReport({ ...reportInput('final', 2030), indicators: planDefinitions(draft, defs), values: later, plan: draft, alertHistory: [] });
    expect(report.summary.byStatus).toEqual({ no_target_set: 5 });
    for (const i of report.domains.flatMap((d) => d.indicators)) {
      if (i.status === 'no_target_set') expect(Object.values(i.values).every((c) => c!.status === null)).toBe(true);
    }
    expect(report.hardToComplete).toEqual([]);
    // Directional targets too: a draft's increase is not judged until an administrator sets it.
    expect(report.evaluation!.summary).toEqual({ achieved: 0, not_achieved: 0, no_target: 5, no_value: 0 });
    expect(report.evaluation!.targets.find((t) => t.code === 'ECO-01')).toMatchObject({ verdict: 'no_target', judged: { sex: 'F', value: 41 }, target: { value: null, valueStatus: 'to-be-set' } });
  });

  it('is reproducible: the stored input, after a JSON round trip, gives the same content hash', () => {
    const first = assembleReport(reportInput('final', 2025));
    expect(contentHashOf(assembleReport(JSON.parse(JSON.stringify(reportInput('final', 2025)))))).toBe(contentHashOf(first));
  });

  it('publishes the trajectory under disclosure control: a small cell, its complement, and the gap of that year go', () => {
    const published = publishReport(assembleReport(reportInput('final', 2025)), 5).evaluation!;
    const eco = published.targets.find((t) => t.code === 'ECO-01')!;
    const y2022 = eco.trajectory.find((y) => y.year === 2022)!;
    expect(y2022.values.F).toMatchObject({ suppressed: 'small_cell', value: null, numerator: null, lower: null, upper: null });
    expect(y2022.values.M).toMatchObject({ suppressed: 'complementary', value: null });
    expect(eco.genderGap!.byYear.find((g) => g.year === 2022)!.gap).toBeNull();
    expect(eco.trajectory.find((y) => y.year === 2025)!.values.F).toMatchObject({ value: 41, suppressed: null });
    expect(JSON.stringify(published)).not.toContain(String((3 / 43) * 100));
    const raw = publishReport(assembleReport(reportInput('final', 2025)), 5, false).evaluation!;
    expect(raw.targets.find((t) => t.code === 'ECO-01')!.trajectory.find((y) => y.year === 2022)!.values.F).toMatchObject({ numerator: 3, suppressed: null });
  });

  it('withholds the judged value and its distance to the target when the evaluation year’s cell is hidden', () => {
    const small = [...values.filter((x) => !(x.indicatorCode === 'HEA-02' && x.year === 2025)), v('HEA-02', 'T', 2025, 30, 3, 10_000)];
    const published = publishReport(assembleReport({ ...reportInput('final', 2025), values: small }), 5).evaluation!;
    expect(published.targets.find((t) => t.code === 'HEA-02')).toMatchObject({
      verdict: 'not_achieved', gapToTarget: null, uncertain: null, judged: { value: null }, cell: { suppressed: 'small_cell', value: null },
    });
  });
});

describe('the evaluation rendered', () => {
  const content = assembleReport({
    kind: 'final', year: 2025, generatedAt: '2026-12-01T00:00:00.000Z', methodologyVersion: '1.0.0', catalogueVersion: '1.0.0',
    district: { code: '520103', nameZh: '云岩区' }, indicators: planDefinitions(plan, defs), values, references: [],
    received: { returns: [], records: [] }, plan, alertHistory: alerts,
  });
  const published = publishReport(content, 5);

  it('CSV: the indicator table keeps its columns, the evaluation tables follow with suppressed cells empty', () => {
    const csv = renderCsv(published, 'en');
    const [indicatorTable, ...tables] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n\r\n');
    expect(parse(indicatorTable)[0][0]).toBe('domain');
    expect(tables.map((tb) => (parse(tb) as string[][])[1][0])).toEqual(['evaluation_target', 'evaluation_trajectory', 'evaluation_alert_history', 'evaluation_missing_data']);
    const targets = parse(tables[0], { columns: true }) as Record<string, string>[];
    expect(targets.find((r) => r.code === 'ECO-01')).toMatchObject({ verdict: 'achieved', verdict_label: 'achieved', value: '41', target_value: '40', tolerance: '2', gap_to_target: '0', uncertain: 'true', interval_method: 'wilson' });
    // Two deaths: the value, its interval and its distance to the target are withheld, the verdict is not.
    expect(targets.find((r) => r.code === 'HEA-02')).toMatchObject({ verdict: 'not_achieved', value: '', lower: '', gap_to_target: '', suppressed: 'small_cell', target_value: '14' });
    const trajectory = parse(tables[1], { columns: true }) as Record<string, string>[];
    expect(trajectory.find((r) => r.code === 'ECO-01' && r.year === '2022' && r.sex === 'F')).toMatchObject({ value: '', numerator: '', lower: '', suppressed: 'small_cell', gender_gap: '' });
    const history = parse(tables[2], { columns: true }) as Record<string, string>[];
    expect(history.map((r) => [r.list, r.code, r.days_open])).toEqual([['hard_to_complete', 'HEA-02', '3'], ['fluctuated', 'ECO-01', '1']]);
    expect(parse(renderCsv(publishReport({ ...content, evaluation: undefined }, 5), 'en'), { bom: true }).every((r: string[]) => r.length === 26)).toBe(true);
  });

  it('HTML: the plan’s name and the evaluation sections in Chinese by default and in English, with no hidden figure', () => {
    const zh = renderHtml(published, 'zh', 'sha256:x');
    expect(zh).toContain('<title>云岩区妇女发展规划（2021—2025年） · 终期评估报告 (2025)</title>');
    for (const heading of ['目标实现情况', '发展轨迹', '性别差距变化', '监测期内难以完成的指标', '监测期内波动较大的指标', '数据缺失']) expect(zh).toContain(heading);
    expect(zh).toContain('未实现');
    const en = renderHtml(published, 'en', 'sha256:x');
    for (const text of ['Final evaluation report', 'Targets: achieved or not', 'not achieved', 'Missing data']) expect(en).toContain(text);
    expect(zh).not.toContain(String(Number(((3 / 43) * 100).toFixed(2))));
  });
});
