import { csvField } from '@wdp/ingestion';
import type { PublishedReport } from './publish-report';
import { REPORT_APPROVAL_STATES } from './report-governance';
import { approvalLabel, departmentLabel, statusLabel, type Lang } from './report-labels';
import { evaluationCsvTables } from './render-evaluation';

const HEADER = [
  'domain', 'code', 'indicator', 'unit', 'department', 'year', 'sex', 'value', 'numerator', 'denominator', 'suppressed',
  'lower', 'upper', 'interval_method',
  'target_value', 'target_year', 'status', 'status_label', 'observed_cagr', 'required_cagr', 'projection', 'projection_meets_target',
  'fluctuating', 'gap_measure', 'gap_current', 'gap_trend',
];

/**
 * One row per indicator × sex of the report year (the published, suppressed figures unless authorised),
 * with the value's 95 % interval where it is computed from counts, then a mid-term or final evaluation's
 * tables (targets, trajectory, alert history, missing data), the completeness and timeliness of the
 * year's submissions, the approval state of the data and the validation violations; text quoted and formula-safe. Pure.
 */
export function renderCsv(report: PublishedReport, lang: Lang): string {
  const rows: unknown[][] = [HEADER];
  for (const d of report.domains) {
    for (const i of d.indicators) {
      for (const [sex, c] of Object.entries(i.values)) {
        rows.push([
          d.domain, i.code, lang === 'zh' ? i.nameZh : i.nameEn, i.unit, i.department, report.meta.year, sex,
          c!.value, c!.numerator, c!.denominator, c!.suppressed ?? '',
          c!.lower, c!.upper, c!.intervalMethod,
          // Each row carries its own sex's status (blank where the target does not address that sex), not the headline's.
          i.target.value, i.target.year, c!.status, c!.status === null ? null : statusLabel(c!.status, lang), i.trend.observedCagr, i.trend.requiredCagr,
          i.projection?.value ?? null, i.projection?.meetsGoal ?? null, i.fluctuating, i.gap?.measure ?? null, i.gap?.currentDistance ?? null, i.gap?.trend ?? null,
        ]);
      }
    }
  }
  // An evaluation's tables follow, each after a blank line, so the indicator table above keeps its columns.
  const tables = [
    rows, ...(report.evaluation ? evaluationCsvTables(report.evaluation, lang) : []), ...(report.timeliness ? [timelinessTable(report.timeliness, lang)] : []),
    ...(report.approval ? approvalTables(report.approval, lang) : []), ...(report.violations ? [violationsTable(report.violations, lang)] : []),
  ];
  return `\uFEFF${tables.map((table) => table.map((r) => r.map(csvField).join(',')).join('\r\n')).join('\r\n\r\n')}\r\n`;
}

function timelinessTable(rows: NonNullable<PublishedReport['timeliness']>, lang: Lang): unknown[][] {
  return [
    ['table', 'department', 'department_label', 'dataset', 'dataset_type', 'expected', 'received', 'on_time', 'late', 'missing', 'completeness_rate', 'timeliness_rate'],
    ...rows.map((r) => ['timeliness', r.department, departmentLabel(r.department, lang), r.dataset, r.type, r.expected, r.received, r.onTime, r.late, r.missing, r.completenessRate, r.timelinessRate]),
  ];
}

function approvalTables(section: NonNullable<PublishedReport['approval']>, lang: Lang): unknown[][][] {
  const years = [section.years.from, section.years.to];
  return [
    [
      ['table', 'from_year', 'to_year', 'department', 'department_label', 'dataset_type', 'kind', 'cells', ...REPORT_APPROVAL_STATES],
      ...section.datasets.map((d) => ['approval', ...years, d.department, departmentLabel(d.department, lang), d.datasetType, d.kind, d.cells, ...REPORT_APPROVAL_STATES.map((s) => d.byState[s])]),
    ],
    [
      ['table', 'department', 'dataset_type', 'kind', 'period', 'area', 'state', 'state_label'],
      ...section.notApproved.map((c) => ['approval_not_approved', c.department, c.datasetType, c.kind, c.period, c.area, c.state, approvalLabel(c.state, lang)]),
    ],
  ];
}

function violationsTable(rows: NonNullable<PublishedReport['violations']>, lang: Lang): unknown[][] {
  return [
    ['table', 'rule', 'rule_version', 'rule_name', 'severity', 'area', 'period', 'left', 'operator', 'right', 'suppressed', 'state', 'state_label', 'override_reason'],
    ...rows.map((v) => [
      'violations', v.ruleCode, v.ruleVersion, lang === 'zh' ? (v.nameZh ?? v.nameEn) : v.nameEn, v.severity, v.areaCode, v.period,
      v.left, v.operator, v.right, v.suppressed ?? '', v.state, approvalLabel(v.state, lang), v.overrideReason,
    ]),
  ];
}
