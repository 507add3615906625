// Labels in both languages. Chinese is the working language of the monitoring team; English is a toggle.
const STRINGS = {
  zh: {
    title: '云岩区妇女发展规划（2021—2025年）监测',
    subtitle: '指标进展、性别差距与预警',
    langToggle: 'English',
    langToggleLabel: 'Switch to English',
    keyHeading: '请输入 API 密钥',
    keyLabel: 'API 密钥（需要 read:monitoring 权限）',
    keyHelp: '本地演示：npm start 会把只读演示密钥写入 .local/keys/monitoring-service.reader.json（字段 key）。密钥只保存在本浏览器标签页的会话中。',
    keySubmit: '进入',
    keyChange: '更换密钥',
    keyRejected: '密钥无效或没有 read:monitoring 权限。',
    filters: '筛选',
    plan: '评估所依规划',
    planNote: (name, asOf, monitored) => `按${name}评估，截至 ${asOf} 年的数据。${monitored ? '预警依据本规划。' : '本规划只作对比，不触发预警。'}`,
    asOf: '评估年份',
    view: '数据口径',
    viewOption: { approved: '正式数据（已审核）', provisional: '临时数据（含未审核）' },
    provisionalBanner: (held) => `临时视图：以下数字包含尚未审核批准的数据（目前 ${held} 个数据单元待审或未计入正式数字），审核后可能改变；预警与报告只依据正式数据。`,
    provisionalFlag: '含未审核数据',
    asOfLatest: '最近已结束的年份',
    asOfYear: (year) => `${year} 年度监测`,
    asOfMidTerm: (year) => `中期评估（${year} 年）`,
    asOfFinal: (year) => `终期评估（${year} 年）`,
    planTargets: '各级规划目标对比',
    planTargetsHelp: '同一组数值按每个规划自己的目标和目标年份评估；图中菱形标出其他规划的目标。',
    planColumn: { plan: '规划', target: '目标', asOf: '评估年份', status: '状态' },
    level: { national: '国家', province: '省', city: '市', district: '区' },
    draft: '草案',
    otherPlanTargets: '其他规划目标',
    area: '区域（区 / 街道、镇）',
    domain: '领域',
    allDomains: '全部领域',
    district: '全区',
    streets: '街道和镇',
    board: '指标进展状态',
    boardHelp: '点击指标查看趋势、目标线、目标年份预测和计算过程。',
    summary: '状态汇总',
    indicatorsCount: (n) => `${n} 项指标`,
    noAssessment: '暂无评估',
    alerts: '未处理预警',
    alertsEmpty: '当前区域没有未处理的预警。',
    silences: '静默规则',
    silencesEmpty: '没有生效的静默规则。',
    silencedAlert: '已静默（不推送）',
    silenceUntil: '至',
    silenceAny: '任意',
    acknowledge: '确认',
    acknowledgeAlert: (what) => `确认预警：${what}`,
    ackComment: '确认说明',
    ackSubmit: '提交确认',
    ackCancel: '取消',
    acknowledged: '已确认',
    ackFailed: '确认失败：',
    ackForbidden: '当前密钥没有确认预警的权限。',
    raisedAt: '发出时间',
    live: { connecting: '实时：连接中', live: '实时更新中', polling: '定时刷新（每 30 秒）', offline: '连接中断，重试中' },
    newAlert: (what) => `新预警：${what}`,
    resolvedAlert: (what) => `预警已解除：${what}`,
    detail: '指标详情',
    close: '返回状态总览',
    trajectory: '分性别趋势与目标',
    components: '计算过程',
    target: '目标',
    baseline: '基线',
    projection: (year) => `${year}年预测`,
    definition: '指标定义',
    department: '责任部门',
    gapSeries: '性别差距变化',
    gaps: '性别差距',
    gapsHelp: '与无差距状态的距离：基期与当前对比。▲ 扩大 ▼ 缩小 ＝ 稳定',
    gapsEmpty: '当前区域暂无性别差距评估。',
    completeness: '数据报送完整性与及时性',
    completenessHelp: '各部门应报数据集按年度：底色表示已收到的比例（完整性），左边框表示按时到达的比例（及时性）。只计截止日期已过的各期；选择区时含各街道（镇）。部门只报送记录、不报零，少见事件某期无记录可能是确无发生。',
    completenessEmpty: '当前区域暂无应报数据。',
    completenessDataset: '数据集（责任部门）',
    completenessNone: '无应报',
    completenessReceived: '已收到',
    completenessOnTime: '按时',
    completenessCell: (received, expected, onTime) => `应报 ${expected} 期次，已收到 ${received}，按时 ${onTime}`,
    violations: '跨数据集校验：未处理的违规',
    violationsHelp: '校验规则（如孕产妇死亡数不超过活产数、区数据等于各街道之和）在各区域、各期的违规，含两侧数值。错误级违规在审核人说明理由予以豁免前阻止审批。',
    violationsEmpty: '当前区域没有未处理的违规。',
    violationColumn: { rule: '规则', severity: '级别', area: '区域', period: '期别', left: '左侧数值', right: '右侧数值' },
    violationSeverity: { error: '错误', warning: '警告' },
    approvals: '数据审核：审批状态',
    approvalsHelp: '本看板显示经审批的正式数据。下列各期仍在审核中或审批后待校验，未计入正式数据，仅计入临时数据（数值接口 view=provisional）；自动审批的数据集不在此列。',
    approvalsEmpty: '所有数据集均为自动审批：没有审核中的报送期，看板数据即全部已收数据。',
    approvalColumn: { department: '部门', dataset: '数据集', period: '期别', area: '区域', state: '状态', counted: '计入', received: '已收条数' },
    approvalState: { draft: '草稿', submitted: '已提交', returned: '已退回', approved: '已审批' },
    approvalCounted: { official: '正式数据', provisional: '仅临时数据', pendingValidation: '待校验（仅临时数据）' },
    intervalNote: '[ ] 为按分子、分母计算的 95% 置信区间（图中误差线）',
    baseDistance: '基期距离',
    currentDistance: '当前距离',
    measure: { parity_index: '性别均等指数（距 1）', difference: '女减男差值（距 0）', supplied: '女性占比（距 50%）' },
    gapTrend: { narrowing: '缩小', widening: '扩大', stable: '稳定', insufficient_data: '数据不足' },
    loading: '加载中…',
    loadFailed: '加载失败：',
    updated: '更新于',
    year: '年份',
    value: '数值',
    none: '—',
    row: {
      status: '状态', base: '基期（年份：值）', current: '当前（年份：值 [95% 区间]）', targetValue: '目标值', observedCagr: '实际年均增速', requiredCagr: '所需年均增速',
      ratio: '进展比 R', projTrend: (year) => `${year} 预测（加权趋势）`, projCagr: (year) => `${year} 预测（按增速）`, shortfall: '预测差距', evidence: '证据强度', reason: '判定依据', methodology: '方法版本',
    },
    evidence: { weak: '弱', moderate: '中', strong: '强' },
    evidenceDetail: (p, span, r2) => `${p} 个点，${span} 年${r2 == null ? '' : `，r² = ${r2}`}`,
  },
  en: {
    title: "Yunyan District Women's Development Plan (2021–2025): Monitoring",
    subtitle: 'Indicator progress, gender gaps and early warnings',
    langToggle: '中文',
    langToggleLabel: '切换到中文',
    keyHeading: 'Enter an API key',
    keyLabel: 'API key (needs the read:monitoring scope)',
    keyHelp: 'Local demo: npm start writes a read-only demo key to .local/keys/monitoring-service.reader.json (field key). The key is kept only in this browser tab’s session.',
    keySubmit: 'Open',
    keyChange: 'Change key',
    keyRejected: 'The key is not valid or lacks the read:monitoring scope.',
    filters: 'Filters',
    plan: 'Plan assessed against',
    planNote: (name, asOf, monitored) => `Assessed against ${name}, on data up to ${asOf}. ${monitored ? 'Alerts follow this plan.' : 'For comparison only: this plan raises no alerts.'}`,
    asOf: 'Evaluation year',
    view: 'Figures',
    viewOption: { approved: 'Official (approved)', provisional: 'Provisional (incl. unapproved)' },
    provisionalBanner: (held) => `Provisional view: these figures include data not yet approved (${held} cells held out of the official figures now) and may change on review; alerts and reports use official figures only.`,
    provisionalFlag: 'includes unapproved data',
    asOfLatest: 'Last year that is over',
    asOfYear: (year) => `${year} annual monitoring`,
    asOfMidTerm: (year) => `Mid-term evaluation (${year})`,
    asOfFinal: (year) => `Final evaluation (${year})`,
    planTargets: 'Targets of every plan',
    planTargetsHelp: 'The same values judged against each plan’s own target and target year; diamonds on the chart mark the other plans’ targets.',
    planColumn: { plan: 'Plan', target: 'Target', asOf: 'As of', status: 'Status' },
    level: { national: 'National', province: 'Province', city: 'City', district: 'District' },
    draft: 'draft',
    otherPlanTargets: 'Other plans’ targets',
    area: 'Area (district / street, town)',
    domain: 'Domain',
    allDomains: 'All domains',
    district: 'Whole district',
    streets: 'Streets and town',
    board: 'Indicator status board',
    boardHelp: 'Select an indicator for its trajectory, target line, projection to the target year and calculation.',
    summary: 'Status summary',
    indicatorsCount: (n) => `${n} indicators`,
    noAssessment: 'Not assessed yet',
    alerts: 'Open alerts',
    alertsEmpty: 'No open alerts for this area.',
    silences: 'Silences',
    silencesEmpty: 'No active silences.',
    silencedAlert: 'Silenced (not pushed)',
    silenceUntil: 'until',
    silenceAny: 'any',
    acknowledge: 'Acknowledge',
    acknowledgeAlert: (what) => `Acknowledge alert: ${what}`,
    ackComment: 'Comment',
    ackSubmit: 'Confirm acknowledgement',
    ackCancel: 'Cancel',
    acknowledged: 'Acknowledged',
    ackFailed: 'Acknowledgement failed: ',
    ackForbidden: 'This key may not acknowledge alerts.',
    raisedAt: 'Raised',
    live: { connecting: 'Live: connecting', live: 'Live updates on', polling: 'Refreshing every 30 s', offline: 'Connection lost, retrying' },
    newAlert: (what) => `New alert: ${what}`,
    resolvedAlert: (what) => `Alert resolved: ${what}`,
    detail: 'Indicator detail',
    close: 'Back to the status board',
    trajectory: 'Trajectory by sex against the target',
    components: 'Calculation',
    target: 'Target',
    baseline: 'Baseline',
    projection: (year) => `${year} projection`,
    definition: 'Definition',
    department: 'Responsible department',
    gapSeries: 'Gender gap over time',
    gaps: 'Gender gaps',
    gapsHelp: 'Distance from no gap, base against current. ▲ widening ▼ narrowing ＝ stable',
    gapsEmpty: 'No gender-gap assessments for this area yet.',
    completeness: 'Completeness and timeliness of submissions',
    completenessHelp: 'Each department’s datasets by year: the background shows the share received (completeness), the left edge the share on time (timeliness). Only periods past their deadline count; the district includes its streets and towns. Departments send records, not nil returns: a period without records of a rare event may be a true zero.',
    completenessEmpty: 'Nothing is due from this area yet.',
    completenessDataset: 'Dataset (department)',
    completenessNone: 'nothing due',
    completenessReceived: 'received',
    completenessOnTime: 'on time',
    completenessCell: (received, expected, onTime) => `${expected} due, ${received} received, ${onTime} on time`,
    violations: 'Validation across datasets: open violations',
    violationsHelp: 'Where and when a validation rule (maternal deaths at most live births, a district equal to the sum of its streets, …) is broken, with both sides’ numbers. An error blocks approval until an approver overrides it with a reason.',
    violationsEmpty: 'No open violation in this area.',
    violationColumn: { rule: 'Rule', severity: 'Severity', area: 'Area', period: 'Period', left: 'Left side', right: 'Right side' },
    violationSeverity: { error: 'Error', warning: 'Warning' },
    approvals: 'Review and approval: periods under review',
    approvalsHelp: 'The board shows the approved (official) figures. The periods below are under review, or approved but pending validation: they are not in the official figures, only in the provisional ones (the values API’s view=provisional). Datasets approved automatically are not listed.',
    approvalsEmpty: 'Every dataset is approved automatically: no period is under review, and the board holds everything received.',
    approvalColumn: { department: 'Department', dataset: 'Dataset', period: 'Period', area: 'Area', state: 'State', counted: 'Counts as', received: 'Items received' },
    approvalState: { draft: 'Draft', submitted: 'Submitted', returned: 'Returned', approved: 'Approved' },
    approvalCounted: { official: 'Official', provisional: 'Provisional only', pendingValidation: 'Pending validation (provisional only)' },
    intervalNote: '[ ] = 95 % interval from the numerator and denominator (error bars)',
    baseDistance: 'Base distance',
    currentDistance: 'Current distance',
    measure: { parity_index: 'Parity index (distance from 1)', difference: 'Female − male (distance from 0)', supplied: 'Share of women (distance from 50 %)' },
    gapTrend: { narrowing: 'narrowing', widening: 'widening', stable: 'stable', insufficient_data: 'insufficient data' },
    loading: 'Loading…',
    loadFailed: 'Could not load: ',
    updated: 'Updated',
    year: 'Year',
    value: 'Value',
    none: '—',
    row: {
      status: 'Status', base: 'Base (year: value)', current: 'Current (year: value [95 % interval])', targetValue: 'Target value', observedCagr: 'Observed CAGR', requiredCagr: 'Required CAGR',
      ratio: 'Progress ratio R', projTrend: (year) => `${year} projection (weighted trend)`, projCagr: (year) => `${year} projection (CAGR)`, shortfall: 'Projected shortfall', evidence: 'Evidence', reason: 'Reason', methodology: 'Methodology version',
    },
    evidence: { weak: 'weak', moderate: 'moderate', strong: 'strong' },
    evidenceDetail: (p, span, r2) => `${p} points over ${span} years${r2 == null ? '' : `, r² = ${r2}`}`,
  },
};

/** Status vocabulary: a symbol and a text label, so no status is told by colour alone. */
export const STATUSES = ['achieved', 'on_track', 'acceleration_needed', 'limited', 'deteriorating', 'insufficient_evidence', 'insufficient_data', 'undetermined', 'no_target_set'];
const STATUS_LABELS = {
  zh: { achieved: '已实现', on_track: '进展顺利', acceleration_needed: '需加快', limited: '进展有限', deteriorating: '倒退', insufficient_evidence: '证据不足', insufficient_data: '数据不足', undetermined: '无法判定', no_target_set: '未设定目标', none: '暂无评估' },
  en: { achieved: 'Achieved', on_track: 'On track', acceleration_needed: 'Acceleration needed', limited: 'Limited progress', deteriorating: 'Deteriorating', insufficient_evidence: 'Insufficient evidence', insufficient_data: 'Insufficient data', undetermined: 'Undetermined', no_target_set: 'No target set', none: 'Not assessed' },
};
export const STATUS_SYMBOL = { achieved: '✔', on_track: '↗', acceleration_needed: '▲', limited: '◐', deteriorating: '▼', insufficient_evidence: '±', insufficient_data: '?', undetermined: '–', no_target_set: '○', none: '·' };

const KIND_LABELS = {
  zh: { acceleration_needed: '需加快进度', limited: '进展有限', deteriorating: '指标倒退', fluctuating: '波动较大', gap_widening: '性别差距扩大', missing_data: '数据未按时报送', late_dataset: '数据集逾期未报' },
  en: { acceleration_needed: 'Acceleration needed', limited: 'Limited progress', deteriorating: 'Deteriorating', fluctuating: 'Large fluctuation', gap_widening: 'Gender gap widening', missing_data: 'Data not submitted', late_dataset: 'Dataset late' },
};
const SEVERITY_LABELS = { zh: { high: '高', medium: '中', low: '低' }, en: { high: 'High', medium: 'Medium', low: 'Low' } };
const SEX_LABELS = { zh: { F: '女性', M: '男性', T: '合计', gap: '性别差距' }, en: { F: 'Women', M: 'Men', T: 'Total', gap: 'Gender gap' } };
const COMPARATOR_LABELS = {
  zh: { at_least: '不低于', at_most: '不高于', about: '保持在', coverage: '覆盖率达到', increase: '逐步提高', decrease: '逐步降低', gap_narrows: '性别差距缩小', parity: '与参照持平' },
  en: { at_least: 'at least', at_most: 'at most', about: 'about', coverage: 'coverage of', increase: 'increase', decrease: 'decrease', gap_narrows: 'gap narrows', parity: 'parity with reference' },
};
const UNIT_LABELS = {
  zh: { percent: '%', 'per-100k': '/10万', 'per-100k-live-births': '/10万活产', 'per-1000-population': '‰', 'per-mille': '‰', persons: '人', cases: '例', years: '年', 'minutes-per-day': '分钟/天', ratio: '' },
  en: { percent: '%', 'per-100k': 'per 100,000', 'per-100k-live-births': 'per 100,000 live births', 'per-1000-population': '‰', 'per-mille': '‰', persons: 'persons', cases: 'cases', years: 'years', 'minutes-per-day': 'min/day', ratio: '' },
};

let lang = (() => {
  try {
    return localStorage.getItem('wdp.dashboard.lang') === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
})();

export const currentLang = () => lang;
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem('wdp.dashboard.lang', lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export const t = (key) => key.split('.').reduce((o, k) => (o == null ? o : o[k]), STRINGS[lang]);
export const statusLabel = (s) => STATUS_LABELS[lang][s] ?? s;
export const kindLabel = (k) => KIND_LABELS[lang][k] ?? k;
export const severityLabel = (s) => SEVERITY_LABELS[lang][s] ?? s;
export const sexLabel = (s) => SEX_LABELS[lang][s] ?? s;
export const comparatorLabel = (c) => COMPARATOR_LABELS[lang][c] ?? c;
export const unitLabel = (u) => UNIT_LABELS[lang][u] ?? u;
/** Parenthesised aside in the language's own punctuation. */
export const paren = (text) => (lang === 'zh' ? `（${text}）` : ` (${text})`);
/** A plan's name in the page's language (plans name themselves { zh, en }). */
export const planName = (plan) => (plan ? (lang === 'en' ? plan.name.en || plan.name.zh : plan.name.zh) : '');
export const nameOf = (thing) => (thing ? (lang === 'en' ? thing.nameEn || thing.nameZh : thing.nameZh) : '');

/** Fills every element carrying data-i18n with the current language's text. */
export function applyStaticLabels(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
}
