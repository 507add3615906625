import { parse } from 'csv-parse/sync';
import { indicatorByCode } from '@wdp/indicators';
import type { RuleDefinition } from '../validation/rule';
import { assembleReport } from './assemble-report';
import { publishReport } from './publish-report';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { contentHashOf } from './report-hash';
import { approvalSection, publishViolation, type ReportApprovalCell, reportApprovalState, reportDatasets, type ReportViolation, reportViolation } from './report-governance';
import type { ReportInput } from './report-input';

const hea02 = indicatorByCode('HEA-02')!;
const dec03 = indicatorByCode('DEC-03')!;

const deaths = { department: 'health', recordKind: 'maternal-death' } as const;
const births = { department: 'health', recordKind: 'live-birth' } as const;
const population = { department: 'statistics', returnKind: 'resident-population', sex: 'T' } as const;
const rule = (over: Partial<RuleDefinition>): RuleDefinition => ({
  nameEn: 'Maternal deaths cannot exceed live births', nameZh: '孕产妇死亡数不应超过活产数', operator: '<=', tolerance: 0, severity: 'error',
  left: [{ operand: deaths, coefficient: 1, areas: 'area' }], right: [{ operand: births, coefficient: 1, areas: 'area' }], areaLevels: ['district'], granularity: 'year', ...over,
});
const stored = { ruleCode: 'VR-01', ruleVersion: 2, severity: 'error', areaCode: '520103001', period: '2023', left: 3, right: 1, state: 'open', overrideReason: null };

const cell = (kind: string, period: string, state: ReportApprovalCell['state'], datasetType: ReportApprovalCell['datasetType'] = 'record'): ReportApprovalCell => ({
  department: datasetType === 'record' ? 'health' : 'statistics', datasetType, kind, period, area: '520103', state,
});

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    kind: 'annual', year: 2023, generatedAt: '2026-11-29T06:00:00.000Z', methodologyVersion: '1.0.0', catalogueVersion: '1.0.0',
    district: { code: '520103', nameZh: '云岩区' }, indicators: [hea02], values: [], references: [], received: { returns: [], records: [] }, ...over,
  };
}

describe('the approval state of the cells behind a report', () => {
  it('names a cell by what monitoring holds of it: automatic without a state, approved only when it counts', () => {
    expect(reportApprovalState({ state: null, blocked: false, counted: true })).toBe('automatic');
    expect(reportApprovalState({ state: 'approved', blocked: false, counted: true })).toBe('approved');
    expect(reportApprovalState({ state: 'approved', blocked: true, counted: false })).toBe('pending_validation');
    expect(reportApprovalState({ state: 'approved', blocked: false, counted: false })).toBe('awaiting_data');
    for (const s of ['draft', 'submitted', 'returned']) expect(reportApprovalState({ state: s, blocked: false, counted: false })).toBe(s);
  });

  it('takes the datasets every formula of the indicators reads, numerators included (a maternal death is no submission source, but its approval matters)', () => {
    expect(reportDatasets([hea02, dec03])).toEqual({ records: new Set(['health/maternal-death', 'health/live-birth']), returns: new Set(['statistics/people-congress-deputies']) });
  });

  it('counts cells per state for each dataset and lists those not in the official figures, in a fixed order', () => {
    const section = approvalSection({ from: 2021, to: 2023 }, [
      cell('maternal-death', '2023', 'pending_validation'), cell('live-birth', '2022', 'automatic'), cell('maternal-death', '2021', 'approved'),
      cell('maternal-death', '2022', 'submitted'), cell('people-congress-deputies', '2023', 'returned', 'return'), cell('live-birth', '2023', 'automatic'),
    ]);
    expect(section.datasets.map((d) => [d.kind, d.cells, d.byState.approved, d.byState.automatic, d.byState.submitted, d.byState.pending_validation, d.byState.returned])).toEqual([
      ['live-birth', 2, 0, 2, 0, 0, 0],
      ['maternal-death', 3, 1, 0, 1, 1, 0],
      ['people-congress-deputies', 1, 0, 0, 0, 0, 1],
    ]);
    expect(section.notApproved.map((c) => `${c.kind} ${c.period} ${c.state}`)).toEqual(['maternal-death 2022 submitted', 'maternal-death 2023 pending_validation', 'people-congress-deputies 2023 returned']);
    expect(approvalSection({ from: 2023, to: 2023 }, [])).toEqual({ years: { from: 2023, to: 2023 }, datasets: [], notApproved: [] });
  });
});

describe('validation violations in a report', () => {
  it('keeps the rule version’s names and which sides count records', () => {
    expect(reportViolation(stored, rule({}))).toMatchObject({ nameEn: 'Maternal deaths cannot exceed live births', operator: '<=', leftFromRecords: true, rightFromRecords: true });
    expect(reportViolation(stored, rule({ right: [{ operand: population, coefficient: 1, areas: 'area' }] }))).toMatchObject({ leftFromRecords: true, rightFromRecords: false });
    expect(reportViolation(stored, rule({ left: [{ operand: population, coefficient: 1, areas: 'area' }], operator: 'yoy_within', right: [] }))).toMatchObject({ leftFromRecords: false, rightFromRecords: false });
  });

  it('withholds a side counting 1 to k−1 records, as a small report cell; keeps 0, a side over returns, and everything when unsuppressed', () => {
    const small = reportViolation(stored, rule({}));
    expect(publishViolation(small, 5, true)).toMatchObject({ left: null, right: null, suppressed: 'small_cell' });
    expect(publishViolation({ ...small, right: 40 }, 5, true)).toMatchObject({ left: null, right: 40, suppressed: 'small_cell' });
    expect(publishViolation({ ...small, left: 6, right: 0 }, 5, true)).toMatchObject({ left: 6, right: 0, suppressed: null });
    expect(publishViolation({ ...small, leftFromRecords: false }, 5, true)).toMatchObject({ left: 3, right: null });
    expect(publishViolation(small, 5, false)).toMatchObject({ left: 3, right: 1, suppressed: null });
  });
});

describe('the approval and violation sections of a report', () => {
  const overridden: ReportViolation = { ...reportViolation({ ...stored, areaCode: '520103', left: 7, right: 6, state: 'overridden', overrideReason: 'deaths of residents of other districts' }, rule({})) };
  const warning: ReportViolation = { ...reportViolation({ ...stored, ruleCode: 'VR-04', ruleVersion: 1, severity: 'warning', areaCode: '520103', left: 900, right: 1200, state: 'resolved' }, rule({ nameEn: 'Live births within ± 20 % of the year before', nameZh: '活产数同比变化不超过 ±20%', operator: 'yoy_within', right: [] })) };
  const small = reportViolation(stored, rule({}));
  const full = input({
    approvals: { years: { from: 2023, to: 2023 }, cells: [cell('maternal-death', '2023', 'pending_validation'), cell('live-birth', '2023', 'automatic')] },
    violations: [warning, small, overridden],
  });
  const report = assembleReport(full);

  it('freezes counts per state, the periods not approved and the violations in rule, period, area order; absent from snapshots taken without them', () => {
    expect(report.approval!.notApproved).toEqual([cell('maternal-death', '2023', 'pending_validation')]);
    expect(report.violations!.map((v) => `${v.ruleCode} ${v.areaCode}`)).toEqual(['VR-01 520103', 'VR-01 520103001', 'VR-04 520103']);
    const older = assembleReport(input());
    expect(older).not.toHaveProperty('approval');
    expect(older).not.toHaveProperty('violations');
    expect(contentHashOf(assembleReport(JSON.parse(JSON.stringify(full))))).toBe(contentHashOf(report));
  });

  it('adds its tables after the others in the CSV, leaving the earlier tables as they were', () => {
    const published = publishReport(report, 5);
    const csv = renderCsv(published, 'en');
    expect(csv.startsWith(renderCsv(publishReport(assembleReport(input()), 5), 'en').replace(/\r\n$/, ''))).toBe(true);
    const rows = parse(csv, { bom: true, relax_column_count: true }) as string[][];
    expect(rows.filter((r) => r[0] === 'approval')).toEqual([
      ['approval', '2023', '2023', 'health', 'Health Bureau', 'record', 'live-birth', '1', '0', '0', '0', '0', '0', '0', '1'],
      ['approval', '2023', '2023', 'health', 'Health Bureau', 'record', 'maternal-death', '1', '0', '1', '0', '0', '0', '0', '0'],
    ]);
    expect(rows.find((r) => r[0] === 'table' && r[1] === 'from_year')!.slice(8)).toEqual(['approved', 'pending_validation', 'awaiting_data', 'submitted', 'returned', 'draft', 'automatic']);
    expect(rows.filter((r) => r[0] === 'approval_not_approved')).toEqual([['approval_not_approved', 'health', 'record', 'maternal-death', '2023', '520103', 'pending_validation', 'approved, pending validation']]);
    expect(rows.filter((r) => r[0] === 'violations')).toEqual([
      ['violations', 'VR-01', '2', 'Maternal deaths cannot exceed live births', 'error', '520103', '2023', '7', '<=', '6', '', 'overridden', 'overridden', 'deaths of residents of other districts'],
      ['violations', 'VR-01', '2', 'Maternal deaths cannot exceed live births', 'error', '520103001', '2023', '', '<=', '', 'small_cell', 'open', 'open', ''],
      ['violations', 'VR-04', '1', 'Live births within ± 20 % of the year before', 'warning', '520103', '2023', '900', 'yoy_within', '1200', '', 'resolved', 'resolved', ''],
    ]);
  });

  it('is two sections of the HTML in Chinese and English, with a small side shown as suppressed', () => {
    const zh = renderHtml(publishReport(report, 5), 'zh', 'sha256:abc');
    expect(zh).toContain('<h2>数据审核状态</h2>');
    expect(zh).toContain('<td>已审核，校验未通过暂不计入</td>');
    expect(zh).toContain('<h2>跨数据集校验规则违例</h2>');
    expect(zh).toContain('孕产妇死亡数不应超过活产数');
    expect(zh).toContain('<td>deaths of residents of other districts</td>');
    expect(zh).toMatch(/<td>520103001<\/td><td>2023<\/td><td class="suppressed">/);
    const en = renderHtml(publishReport(report, 5, false), 'en', 'sha256:abc');
    expect(en).toContain('<h2>Approval of the data</h2>');
    expect(en).toContain('<td>520103001</td><td>2023</td><td class="num">3</td><td>&lt;=</td><td class="num">1</td><td>open</td>');
    const none = renderHtml(publishReport(assembleReport(input()), 5), 'en', 'sha256:abc');
    expect(none).not.toContain('Approval of the data');
    expect(none).not.toContain('Validation rule violations');
  });
});
