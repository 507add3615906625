import { DEPARTMENTS } from '@wdp/contracts';

export type Lang = 'zh' | 'en';

const COMPARATOR: Record<string, [string, string]> = {
  at_least: ['≥', '≥'],
  at_most: ['≤', '≤'],
  about: ['约', 'about'],
  increase: ['提高', 'increase'],
  decrease: ['降低', 'decrease'],
  gap_narrows: ['差距缩小', 'gap narrows'],
  parity: ['与参照持平', 'parity with reference'],
  coverage: ['全覆盖', 'coverage'],
};

const STATUS: Record<string, [string, string]> = {
  achieved: ['已实现', 'achieved'],
  on_track: ['进展顺利', 'on track'],
  acceleration_needed: ['需加快进度', 'acceleration needed'],
  limited: ['进展有限', 'limited progress'],
  deteriorating: ['出现倒退', 'deteriorating'],
  insufficient_data: ['数据不足', 'insufficient data'],
  undetermined: ['无法判定', 'undetermined'],
  insufficient_evidence: ['证据不足', 'insufficient evidence'],
  no_target_set: ['未设定目标值', 'no target set'],
  missing_data: ['数据缺报', 'missing data'],
  late_dataset: ['数据集逾期未报', 'late dataset'],
  widening: ['差距扩大', 'widening'],
  narrowing: ['差距缩小', 'narrowing'],
  stable: ['基本稳定', 'stable'],
  gap_widening: ['差距扩大', 'gap widening'],
  fluctuating: ['波动较大', 'fluctuating strongly'],
};

const VERDICT: Record<string, [string, string]> = {
  achieved: ['已实现', 'achieved'],
  not_achieved: ['未实现', 'not achieved'],
  no_value: ['无数据', 'no value'],
  no_target: ['未设定目标值', 'no target figure'],
};

/** A cell's approval state in a report (report-governance.ts), a violation's state and a rule's severity. */
const APPROVAL: Record<string, [string, string]> = {
  approved: ['已审核通过', 'approved'],
  pending_validation: ['已审核，校验未通过暂不计入', 'approved, pending validation'],
  awaiting_data: ['已审核，待数据到齐', 'approved, awaiting the data'],
  submitted: ['已提交，待审核', 'submitted, awaiting approval'],
  returned: ['已退回', 'returned'],
  draft: ['草稿，未提交', 'draft'],
  automatic: ['自动审核', 'approved automatically'],
  open: ['未处理', 'open'],
  overridden: ['已确认（附理由）', 'overridden'],
  resolved: ['已解决', 'resolved'],
  error: ['错误', 'error'],
  warning: ['警告', 'warning'],
};

const SEX: Record<string, [string, string]> = { F: ['女', 'F'], M: ['男', 'M'], T: ['合计', 'T'], gap: ['性别差距', 'gap'] };

const KIND: Record<string, [string, string]> = {
  annual: ['年度监测报告', 'Annual monitoring report'],
  mid_term: ['中期评估报告', 'Mid-term evaluation report'],
  final: ['终期评估报告', 'Final evaluation report'],
};

const TEXT = {
  plan: ['云岩区妇女发展规划（2021—2025年）', "Yunyan District Women's Development Plan (2021–2025)"],
  year: ['监测年度', 'Reporting year'],
  generated: ['生成时间', 'Generated'],
  methodology: ['方法版本', 'Methodology version'],
  catalogue: ['指标目录版本', 'Catalogue version'],
  revision: ['数据版本', 'Data revision'],
  summary: ['总体情况', 'Summary'],
  indicators: ['指标数', 'Indicators'],
  code: ['编号', 'Code'],
  indicator: ['指标', 'Indicator'],
  unit: ['单位', 'Unit'],
  female: ['女', 'Female'],
  male: ['男', 'Male'],
  total: ['合计', 'Total'],
  target: ['目标', 'Target'],
  status: ['状态', 'Status'],
  trend: ['年均变化率（实际/所需）', 'Annual change (observed / required)'],
  projection: ['预测值', 'Projection'],
  department: ['责任部门', 'Department'],
  hard: ['预计难以完成的指标', 'Indicators expected to be hard to complete'],
  fluct: ['波动较大的指标', 'Indicators fluctuating strongly'],
  gaps: ['性别差距', 'Gender gaps'],
  gapNow: ['当前差距', 'Current gap'],
  gapBase: ['基期差距', 'Base gap'],
  gapTrend: ['差距趋势', 'Gap trend'],
  completeness: ['数据报送完整性', 'Data completeness'],
  submitted: ['已报送', 'Submitted'],
  timeliness: ['数据报送完整性与及时性', 'Completeness and timeliness of submissions'],
  timelinessNote: [
    '报告年度内截至报告生成时已过截止日期的各期，按区和各街道（镇）计；数据首次到达早于截止日期为按时。',
    'Periods of the report year whose deadline had passed when the report was generated, over the district and its streets and towns; on time when the data first arrived before the deadline.',
  ],
  dataset: ['数据集', 'Dataset'],
  expected: ['应报', 'Expected'],
  received: ['已收到', 'Received'],
  onTime: ['按时', 'On time'],
  late: ['逾期', 'Late'],
  completenessRate: ['完整率', 'Completeness'],
  timelinessRate: ['及时率', 'Timeliness'],
  approval: ['数据审核状态', 'Approval of the data'],
  approvalNote: [
    '报告所用各数据集（区级）各期的审核状态，截至报告生成时；下列未审核通过的各期不计入正式数据，相关指标值缺失或仅为临时数据。',
    'The approval state of each period of the datasets the report’s figures are computed from (the district), as of when the report was generated; the periods listed below as not approved are not in the official figures, so those figures are missing or provisional.',
  ],
  approvalYears: ['涉及年度', 'Years covered'],
  cells: ['期数', 'Periods'],
  notApproved: ['未审核通过的各期', 'Periods not approved'],
  period: ['期别', 'Period'],
  area: ['地区', 'Area'],
  violations: ['跨数据集校验规则违例', 'Validation rule violations across datasets'],
  violationsNote: [
    '报告所涉年度内校验规则发现的违例（含已确认和已解决的）；“左值”“右值”为规则两侧的数值，少于 k 条记录的数值已抑制。',
    'Violations of the validation rules found for the report’s years (overridden and resolved ones included); left and right are the rule’s two sides, and a side counting fewer than k records is suppressed.',
  ],
  rule: ['规则', 'Rule'],
  ruleName: ['规则名称', 'Rule name'],
  operator: ['关系', 'Relation'],
  severity: ['级别', 'Severity'],
  left: ['左值', 'Left'],
  right: ['右值', 'Right'],
  state: ['状态', 'State'],
  overrideReason: ['确认理由', 'Override reason'],
  missing: ['缺报', 'Missing'],
  none: ['无', 'None'],
  suppressed: ['—（小样本，已抑制）', '— (small cell, suppressed)'],
  disclosure: ['少于 k 条记录的单元格已抑制（含互补抑制），k =', 'Cells from fewer than k records are suppressed (with complementary suppression), k ='],
  unsuppressed: ['未做抑制（仅限授权用户）', 'Unsuppressed (authorised users only)'],
  records: ['条记录', 'records'],
  forIndicators: ['涉及指标', 'for'],
  meets: ['可达标', 'meets target'],
  misses: ['难达标', 'misses target'],
  interval: ['95% 置信区间', '95 % interval'],
  evaluation: ['目标实现情况', 'Targets: achieved or not'],
  evaluationNote: ['按评估年度的数据判断各项目标是否实现；“距目标”为尚需改善的幅度（已实现为 0）；“不确定”表示 95% 置信区间跨越目标，结论可能受偶然因素影响。', 'Each target is judged on the evaluation year’s data; “to go” is how far the value still is from meeting it (0 when met); “uncertain” means the 95 % interval straddles the target, so the verdict may be chance.'],
  verdict: ['结论', 'Verdict'],
  value: ['数值', 'Value'],
  toGo: ['距目标', 'To go'],
  uncertain: ['不确定', 'uncertain'],
  baseline: ['基期', 'Baseline'],
  trajectory: ['发展轨迹', 'Trajectory'],
  genderGapOverPeriod: ['性别差距变化（女－男；收入等比值指标为女/男）', 'Gender gap over the period (female − male; female / male for ratio indicators)'],
  hardOverPeriod: ['监测期内难以完成的指标（预警记录）', 'Indicators hard to complete during the period (alert history)'],
  fluctOverPeriod: ['监测期内波动较大的指标（预警记录）', 'Indicators that fluctuated during the period (alert history)'],
  alertKinds: ['预警类型', 'Alert kinds'],
  alerts: ['预警次数', 'Alerts'],
  firstRaised: ['首次预警', 'First raised'],
  lastResolved: ['最后解除', 'Last resolved'],
  stillOpen: ['仍未解除', 'still open'],
  daysOpen: ['持续天数', 'Days open'],
  yearsAffected: ['涉及数据年度', 'Data years'],
  missingData: ['数据缺失（指标 × 年度 × 性别）', 'Missing data (indicator × year × sex)'],
  sexes: ['性别', 'Sexes'],
  missingYears: ['缺失年度（性别）', 'Years missing (sexes)'],
  evaluationYear: ['评估数据年度', 'Data year evaluated'],
  planPeriod: ['规划期', 'Plan period'],
  intervalNote: ['方括号内为按分子、分母计算的 95% 置信区间。', 'Brackets give the 95 % interval computed from the numerator and denominator.'],
} as const;

export type TextKey = keyof typeof TEXT;
const idx = (lang: Lang) => (lang === 'zh' ? 0 : 1);
export const t = (key: TextKey, lang: Lang) => TEXT[key][idx(lang)];
export const statusLabel = (status: string, lang: Lang) => STATUS[status]?.[idx(lang)] ?? status;
export const comparatorLabel = (comparator: string, lang: Lang) => COMPARATOR[comparator]?.[idx(lang)] ?? comparator;
export const departmentLabel = (code: string, lang: Lang) => {
  const d = DEPARTMENTS.find((x) => x.code === code);
  return d ? (lang === 'zh' ? d.nameZh : d.nameEn) : code;
};
export const verdictLabel = (verdict: string, lang: Lang) => VERDICT[verdict]?.[idx(lang)] ?? verdict;
export const approvalLabel = (state: string, lang: Lang) => APPROVAL[state]?.[idx(lang)] ?? state;
export const sexLabel = (sex: string, lang: Lang) => SEX[sex]?.[idx(lang)] ?? sex;
export const kindLabel = (kind: string, lang: Lang) => KIND[kind]?.[idx(lang)] ?? kind;
