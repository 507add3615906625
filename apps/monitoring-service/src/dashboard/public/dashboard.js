import { api, apiKey, ApiError } from './api.js';
import { chartIn, gapSeriesOption, gapsOverviewOption, trajectoryOption } from './charts.js';
import { renderCompleteness } from './completeness.js';
import { renderApprovals } from './approvals.js';
import { renderViolations } from './violations.js';
import { dateTime, el, num, pct } from './format.js';
import {
  applyStaticLabels, comparatorLabel, currentLang, kindLabel, nameOf, paren, planName, setLang, severityLabel, sexLabel, STATUS_SYMBOL, STATUSES, statusLabel, t, unitLabel,
} from './i18n.js';
import { startAlertUpdates } from './live.js';

const $ = (id) => document.getElementById(id);
const PROGRESS_STATUSES = new Set(STATUSES);
/** Which assessed series stands for an indicator on the board: the total, else women, else men, else the gap. */
const HEADLINE_ORDER = ['T', 'F', 'M', 'gap'];
const COMPARATOR_SIGN = { at_least: '≥', coverage: '≥', at_most: '≤', about: '≈' };

const state = {
  reference: null,
  indicators: new Map(),
  area: '',
  domain: '',
  plans: [],
  /** The plan the board is assessed against: the monitored (district 2021–2025) plan unless another is chosen. */
  plan: '',
  /**
   * The evaluation year asked for (asOf of /v1/plans/{id}/assessments): '' for the last year that is over, a year of
   * the plan's period (annual monitoring), 'mid-term' or 'final'.
   */
  asOf: '',
  /** The chosen plan's view when it is not the stored assessments: its targets by indicator and its evaluation year. */
  planView: null,
  /** Which figures: 'approved' (official) or 'provisional' (everything received, including data not yet approved). */
  view: 'approved',
  /** Cells the official figures leave out now (every assessments page says it). */
  heldCells: null,
  assessments: [],
  gaps: [],
  /** /v1/completeness items of the area (the district: every reporting area). */
  completeness: [],
  /** Open /v1/validation/violations of the area (the district: every area). */
  violations: [],
  /** /v1/approvals: the periods under review and whether they count in the official figures. */
  approvals: [],
  alerts: new Map(),
  silences: [],
  selected: null,
  detail: null,
  liveState: 'connecting',
  updatedAt: null,
  stopLive: null,
};

// ---------- start-up and the key ----------

function showKeyPanel(message = '') {
  $('app').hidden = true;
  $('key-change').hidden = true;
  $('key-panel').hidden = false;
  $('key-error').textContent = message;
  $('key-input').focus();
}

async function start() {
  try {
    await api.check();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      apiKey.clear();
      return showKeyPanel(t('keyRejected'));
    }
    return showKeyPanel(`${t('loadFailed')}${err.message}`);
  }
  $('key-panel').hidden = true;
  $('app').hidden = false;
  $('key-change').hidden = false;
  const [reference, indicators, plans] = await Promise.all([api.reference(), api.indicators(), api.plans().catch(() => [])]);
  state.reference = reference;
  state.indicators = new Map(indicators.map((i) => [i.code, i]));
  state.plans = plans;
  state.area ||= reference.areas[0].code;
  state.plan ||= plans.find((p) => p.monitored)?.id ?? '';
  renderFilters();
  await loadArea();
  state.stopLive?.();
  state.stopLive = startAlertUpdates({ onAlert, onResync: () => void reloadAlerts(), onState: setLiveState });
}

// ---------- data ----------

async function loadArea() {
  $('load-error').textContent = '';
  try {
    const [assessments, gaps, alerts] = await Promise.all([readAssessments(), api.genderGaps(state.area), api.openAlerts(state.area)]);
    state.assessments = assessments;
    state.gaps = gaps;
    state.alerts = new Map(alerts.map((a) => [a.id, a]));
    state.updatedAt = new Date().toISOString();
  } catch (err) {
    $('load-error').textContent = `${t('loadFailed')}${err.message}`;
  }
  // The silences and the completeness heatmap are context, not the page: a failure to read them leaves them empty.
  state.silences = await api.activeSilences().catch(() => []);
  state.completeness = await api.completeness(state.area === state.reference.areas[0].code ? undefined : state.area).catch(() => []);
  state.violations = await api.openViolations(state.area === state.reference.areas[0].code ? undefined : state.area).catch(() => []);
  state.approvals = await api.approvals().catch(() => []);
  state.heldCells = await api.heldCells().catch(() => null);
  renderUpdated();
  renderViewBanner();
  renderPlanNote();
  renderBoard();
  renderAlerts();
  renderSilences();
  renderGaps();
  renderCompleteness($('completeness'), state.completeness, state.reference.departments);
  renderViolations($('violations'), state.violations, state.reference.areas);
  renderApprovals($('approvals'), state.approvals, state.reference.areas, state.reference.departments);
  if (state.selected) await openDetail(state.selected, { focus: false });
}

const isMonitored = (id) => !id || state.plans.find((p) => p.id === id)?.monitored === true;
/** The view parameter of the routes that take one: left out for the official figures, their default. */
const viewParam = () => (state.view === 'provisional' ? 'provisional' : undefined);

/**
 * The board's assessments: the stored ones of the monitored plan, or the chosen plan's targets assessed on the
 * same values (one row per sex, as /v1/assessments gives them; another plan raises no alerts).
 */
async function readAssessments() {
  // The monitored plan as of now is what is stored; any plan as of a chosen evaluation year is assessed on request.
  if (isMonitored(state.plan) && !state.asOf) {
    state.planView = null;
    return api.assessments(state.area, viewParam());
  }
  const plan = state.plan;
  const filter = { ...(state.asOf ? { asOf: state.asOf } : {}), ...(viewParam() ? { view: viewParam() } : {}) };
  const items = await api.planAssessments(plan, state.area, filter);
  state.planView = { plan, filter, targets: new Map(items.map((i) => [i.indicatorCode, i.target])), asOf: items.length ? Math.max(...items.map((i) => i.window.to)) : null };
  return items.flatMap((i) => i.rows.map((r) => ({ ...r, indicatorCode: i.indicatorCode, areaCode: i.areaCode, alertKinds: [] })));
}

function renderPlanNote() {
  const plan = state.plans.find((p) => p.id === state.plan);
  const asOf = state.planView?.asOf ?? state.assessments.find((a) => a.year != null)?.year;
  $('plan-note').textContent = plan ? t('planNote')(planName(plan), asOf ?? '—', plan.monitored) : '';
}

/** In the provisional view, a persistent notice in words that the figures include data not yet approved. */
function renderViewBanner() {
  const banner = $('provisional-banner');
  banner.hidden = state.view !== 'provisional';
  banner.textContent = state.view === 'provisional' ? t('provisionalBanner')(state.heldCells ?? '—') : '';
}

function renderUpdated() {
  $('updated').textContent = state.updatedAt ? `${t('updated')} ${dateTime(state.updatedAt)}` : '';
}

async function reloadAlerts() {
  try {
    const alerts = await api.openAlerts(state.area);
    state.alerts = new Map(alerts.map((a) => [a.id, a]));
    renderAlerts();
  } catch {
    // the next poll or stream event tries again
  }
}

let refreshTimer = null;
/** Alerts follow assessment changes: refresh the board shortly after a burst of them. */
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    try {
      [state.assessments, state.gaps] = await Promise.all([readAssessments(), api.genderGaps(state.area)]);
      state.updatedAt = new Date().toISOString();
      renderUpdated();
      renderBoard();
      renderGaps();
      if (state.selected) await openDetail(state.selected, { focus: false });
    } catch {
      // keep what is shown
    }
  }, 1000);
}

/** Stream events and list items may differ in shape; the page needs these fields of either. */
function normaliseAlert(a) {
  return {
    ...a,
    id: a.id ?? a.alertId,
    indicatorCode: a.indicatorCode ?? a.indicator?.code,
    areaCode: a.areaCode ?? a.area?.code,
  };
}

function onAlert(raw) {
  const a = normaliseAlert(raw);
  if (a.areaCode !== state.area) return scheduleRefresh();
  const what = alertTitle(a);
  if (a.status === 'resolved' || a.transition === 'resolved') {
    state.alerts.delete(a.id);
    announce(t('resolvedAlert')(what));
  } else {
    if (!state.alerts.has(a.id)) announce(t('newAlert')(what));
    state.alerts.set(a.id, { ...state.alerts.get(a.id), ...a });
  }
  renderAlerts();
  scheduleRefresh();
}

function setLiveState(s) {
  state.liveState = s;
  const node = $('live-state');
  node.dataset.state = s;
  node.textContent = t(`live.${s}`);
}

function announce(text) {
  $('announcer').textContent = text;
}

// ---------- filters ----------

function renderFilters() {
  const area = $('area-select');
  area.replaceChildren();
  const [district, ...streets] = state.reference.areas;
  area.append(el('option', { value: district.code, text: `${nameOf(district)}${paren(t('district'))}` }));
  const group = el('optgroup', { label: t('streets') });
  for (const s of streets) group.append(el('option', { value: s.code, text: nameOf(s) }));
  area.append(group);
  area.value = state.area;

  const domain = $('domain-select');
  domain.replaceChildren(el('option', { value: '', text: t('allDomains') }));
  for (const d of state.reference.domains) domain.append(el('option', { value: d.code, text: `${currentLang() === 'zh' ? d.section : ''}${nameOf(d)}` }));
  domain.value = state.domain;

  const plan = $('plan-select');
  plan.replaceChildren(...state.plans.map((p) => el('option', { value: p.id, text: `${planName(p)}${p.status === 'draft' ? paren(t('draft')) : ''}` })));
  plan.value = state.plan;
  renderAsOfOptions();

  const view = $('view-select');
  view.replaceChildren(...['approved', 'provisional'].map((v) => el('option', { value: v, text: t('viewOption')[v] })));
  view.value = state.view;
}

/** The evaluation years of the chosen plan: the last year that is over, each year of its period, mid-term, final. */
function renderAsOfOptions() {
  const select = $('asof-select');
  const period = state.plans.find((p) => p.id === state.plan)?.period;
  const options = [el('option', { value: '', text: t('asOfLatest') })];
  if (period) {
    for (let year = period.start; year <= period.end; year++) options.push(el('option', { value: String(year), text: t('asOfYear')(year) }));
    // As the service computes it (assess-plan-target.ts, evaluationYear): 2023 for 2021–2025, 2025 for 2021–2030.
    const midTerm = period.start + Math.floor((period.end - period.start) / 2);
    options.push(el('option', { value: 'mid-term', text: t('asOfMidTerm')(midTerm) }), el('option', { value: 'final', text: t('asOfFinal')(period.end) }));
  }
  select.replaceChildren(...options);
  select.value = state.asOf;
}

// ---------- status board ----------

function headlineOf(rows) {
  for (const sex of HEADLINE_ORDER) {
    const row = rows.find((r) => r.sex === sex && PROGRESS_STATUSES.has(r.status));
    if (row) return row;
  }
  return null;
}

function byIndicator() {
  const map = new Map();
  for (const a of state.assessments) {
    if (!map.has(a.indicatorCode)) map.set(a.indicatorCode, []);
    map.get(a.indicatorCode).push(a);
  }
  return map;
}

function statusBadge(status) {
  const s = status ?? 'none';
  return el('span', { class: 'badge', style: `--c: var(--${s})` }, el('span', { class: 'sym', 'aria-hidden': 'true', text: STATUS_SYMBOL[s] ?? '' }), statusLabel(s));
}

function renderBoard() {
  const rowsByCode = byIndicator();
  const counts = Object.fromEntries([...STATUSES, 'none'].map((s) => [s, 0]));
  const board = $('board');
  board.replaceChildren();
  for (const domain of state.reference.domains) {
    if (state.domain && state.domain !== domain.code) continue;
    const targeted = (i) => !state.planView || state.planView.targets.has(i.code);
    const indicators = [...state.indicators.values()].filter((i) => i.domain === domain.code && targeted(i)).sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
    if (!indicators.length) continue;
    const list = el('ul', { class: 'tiles' });
    for (const indicator of indicators) {
      const rows = rowsByCode.get(indicator.code) ?? [];
      const head = headlineOf(rows);
      const status = head?.status ?? 'none';
      counts[status] = (counts[status] ?? 0) + 1;
      const kinds = [...new Set(rows.flatMap((r) => r.alertKinds))];
      const s = head?.summary;
      const unit = unitLabel(indicator.unit);
      const comparator = state.planView?.targets.get(indicator.code)?.comparator ?? indicator.comparator;
      const figures = s?.currentValue != null
        ? `${sexLabel(head.sex)} ${s.currentYear}: ${num(s.currentValue)}${unit}${s.targetValue != null ? ` · ${t('target')} ${COMPARATOR_SIGN[comparator] ?? ''}${num(s.targetValue)}${unit}` : ''}`
        : head ? '' : t('noAssessment');
      list.append(
        el('li', {},
          el('button', { type: 'button', class: 'tile', style: `--c: var(--${status})`, 'data-code': indicator.code, 'aria-current': state.selected === indicator.code ? 'true' : null, onclick: () => void openDetail(indicator.code) },
            el('span', { class: 'code', text: indicator.code }),
            el('span', { class: 'name', text: nameOf(indicator) }),
            statusBadge(status),
            figures ? el('span', { class: 'figures', text: figures }) : null,
            kinds.length ? el('span', { class: 'flags', text: `⚠ ${kinds.map(kindLabel).join('、')}` }) : null,
            rows.some((r) => r.provisional) ? el('span', { class: 'provisional-flag', text: `◆ ${t('provisionalFlag')}` }) : null,
          ),
        ),
      );
    }
    board.append(el('section', { class: 'domain', 'aria-label': nameOf(domain) }, el('h3', {}, `${currentLang() === 'zh' ? domain.section : ''}${nameOf(domain)}`, el('span', { class: 'help', text: t('indicatorsCount')(indicators.length) })), list));
  }
  const summary = el('ul', { class: 'summary' });
  for (const s of [...STATUSES, 'none']) {
    if (!counts[s] && (s === 'undetermined' || s === 'no_target_set' || s === 'none')) continue;
    summary.append(el('li', { style: `--c: var(--${s})` }, statusBadge(s), el('strong', { text: String(counts[s]) })));
  }
  $('summary').replaceChildren(summary);
  $('summary').setAttribute('aria-label', t('summary'));
}

// ---------- alerts ----------

function areaName(code) {
  return nameOf(state.reference?.areas.find((a) => a.code === code)) || code;
}

function alertTitle(a) {
  const indicator = state.indicators.get(a.indicatorCode);
  return `${a.indicatorCode} ${nameOf(indicator)} · ${kindLabel(a.kind)}`;
}

function acknowledgement(a) {
  if (a.acknowledgedAt) return { at: a.acknowledgedAt, by: a.acknowledgedBy, comment: a.acknowledgementComment };
  return a.state === 'acknowledged' ? { at: null, by: null, comment: null } : null;
}

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 };

function renderAlerts() {
  const alerts = [...state.alerts.values()].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || String(b.raisedAt).localeCompare(String(a.raisedAt)));
  $('alerts-count').textContent = `(${alerts.length})`;
  const list = $('alerts-list');
  list.replaceChildren();
  if (!alerts.length) list.append(el('li', { class: 'help', text: t('alertsEmpty') }));
  for (const a of alerts) {
    const ack = acknowledgement(a);
    const item = el('li', { class: `alert sev-${a.severity}`, 'data-alert-id': a.id },
      el('div', { class: 'head' },
        el('span', { class: 'sev', text: `${severityLabel(a.severity)} · ${kindLabel(a.kind)}` }),
        el('span', { class: 'meta', text: `${areaName(a.areaCode)} · ${sexLabel(a.sex)}` }),
      ),
      el('p', { class: 'what' }, el('button', { type: 'button', class: 'link', onclick: () => void openDetail(a.indicatorCode) }, `${a.indicatorCode} ${nameOf(state.indicators.get(a.indicatorCode))}`)),
      el('p', { class: 'meta', text: `${t('raisedAt')} ${dateTime(a.raisedAt)}` }),
    );
    if (a.silencedBy) item.append(el('p', { class: 'meta silenced', text: `🔕 ${t('silencedAlert')}` }));
    if (ack) {
      item.append(el('p', { class: 'acked', text: `✔ ${t('acknowledged')}${ack.at ? ` · ${dateTime(ack.at)}` : ''}${ack.by ? ` · ${ack.by}` : ''}` }));
      if (ack.comment) item.append(el('p', { class: 'meta', text: `“${ack.comment}”` }));
    }
    else item.append(el('button', { type: 'button', class: 'secondary ack', 'aria-label': t('acknowledgeAlert')(alertTitle(a)), onclick: (ev) => showAckForm(a, item, ev.currentTarget) }, t('acknowledge')));
    list.append(item);
  }
}

function renderSilences() {
  $('silences-count').textContent = `(${state.silences.length})`;
  const list = $('silences-list');
  list.replaceChildren();
  if (!state.silences.length) list.append(el('li', { class: 'help', text: t('silencesEmpty') }));
  for (const s of state.silences) {
    const matchers = [s.indicatorCode ?? t('silenceAny'), s.areaCode ? areaName(s.areaCode) : t('silenceAny'), s.kind ? kindLabel(s.kind) : t('silenceAny')].join(' · ');
    list.append(el('li', { class: 'silence', 'data-silence-id': s.id },
      el('p', { class: 'what', text: `🔕 ${matchers}` }),
      el('p', { class: 'meta', text: `${t('silenceUntil')} ${dateTime(s.endsAt)} · ${s.createdBy}` }),
      el('p', { class: 'meta', text: `“${s.reason}”` }),
    ));
  }
}

function showAckForm(alert, item, trigger) {
  trigger.hidden = true;
  const id = `ack-${alert.id}`;
  const error = el('p', { class: 'error', role: 'alert' });
  const comment = el('textarea', { id, rows: 2, maxlength: 2000, required: true });
  const form = el('form', {},
    el('label', { for: id, text: t('ackComment') }),
    comment,
    el('div', { class: 'row' },
      el('button', { type: 'submit', text: t('ackSubmit') }),
      el('button', { type: 'button', class: 'secondary', text: t('ackCancel'), onclick: () => { form.remove(); trigger.hidden = false; trigger.focus(); } }),
    ),
    error,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const updated = await api.acknowledge(alert.id, comment.value.trim());
      state.alerts.set(alert.id, normaliseAlert(updated));
      renderAlerts();
      announce(`${t('acknowledged')}: ${alertTitle(alert)}`);
    } catch (err) {
      error.textContent = err.status === 403 ? t('ackForbidden') : `${t('ackFailed')}${err.message}`;
    }
  });
  item.append(form);
  comment.focus();
}

// ---------- drill-down ----------

async function openDetail(code, { focus = true } = {}) {
  const indicator = state.indicators.get(code);
  if (!indicator) return;
  state.selected = code;
  for (const tile of document.querySelectorAll('.tile')) tile.setAttribute('aria-current', String(tile.dataset.code === code));
  const section = $('detail');
  section.hidden = false;
  try {
    const view = state.planView;
    const [assessments, values, plans] = await Promise.all([
      view ? api.planAssessments(view.plan, state.area, { ...view.filter, indicator: code, components: true }).then(planRows) : api.assessmentsOf(code, state.area, viewParam()),
      api.values(code, state.area, viewParam()),
      api.plansOf(code, state.area).catch(() => null),
    ]);
    state.detail = { code, assessments, values, plans: plans?.items ?? [] };
  } catch (err) {
    $('load-error').textContent = `${t('loadFailed')}${err.message}`;
    return;
  }
  renderDetail();
  if (focus) {
    section.focus();
    section.scrollIntoView({ block: 'start' });
  }
}

/** The chosen plan's rows of one indicator, shaped as the stored assessments the detail draws. */
function planRows(items) {
  return items.flatMap((i) => i.rows.map((r) => ({ ...r, methodologyVersion: r.components?.methodologyVersion })));
}

/** The indicator as the chosen plan's target sets it (comparator, value, year, baseline), for the detail's target line and figures. */
function underPlanTarget(indicator) {
  const target = state.planView?.targets.get(indicator.code);
  if (!target) return indicator;
  return { ...indicator, comparator: target.comparator, target: { value: target.value, year: target.targetYear, tolerance: target.tolerance }, baseline: target.baseline };
}

function renderDetail() {
  const { code, assessments, values, plans } = state.detail;
  const indicator = underPlanTarget(state.indicators.get(code));
  $('detail-heading').textContent = `${code} ${nameOf(indicator)} · ${areaName(state.area)}`;
  const target = indicator.target?.value != null ? `${comparatorLabel(indicator.comparator)} ${num(indicator.target.value)}${unitLabel(indicator.unit)}${paren(indicator.target.year)}` : comparatorLabel(indicator.comparator);
  const baseline = indicator.baseline?.value != null ? `${num(indicator.baseline.value)}${unitLabel(indicator.unit)}${paren(indicator.baseline.year)}` : t('none');
  const department = nameOf(state.reference.departments.find((d) => d.code === indicator.department)) || indicator.department;
  $('detail-meta').textContent = `${t('target')}: ${target} · ${t('baseline')}: ${baseline} · ${t('department')}: ${department}`;
  const progressRows = assessments.filter((a) => a.sex !== 'gap' || PROGRESS_STATUSES.has(a.status));
  // The chosen plan's target is the chart's target line; every other plan's target is marked beside it.
  const otherTargets = plans.filter((p) => p.plan.id !== state.plan && p.target.value != null).map((p) => ({ ...p, label: `${t(`level.${p.plan.level}`)} ${p.target.targetYear}`, status: statusLabel(p.status) }));
  chartIn($('trajectory-chart')).setOption(trajectoryOption(indicator, values, progressRows, otherTargets), true);
  renderPlanTargets(indicator, plans);
  renderComponents(indicator, progressRows);
  const gapRow = assessments.find((a) => a.sex === 'gap' && a.components?.gap?.years?.length);
  $('detail-gap').hidden = !gapRow;
  if (gapRow) {
    const g = gapRow.components.gap;
    $('detail-gap-meta').textContent = `${t(`measure.${g.measure}`)} · ${t(`gapTrend.${g.trend}`)} · ${t('baseDistance')} ${num(g.baseDistance, 3)} → ${t('currentDistance')} ${num(g.currentDistance, 3)}`;
    chartIn($('gap-chart')).setOption(gapSeriesOption(g), true);
  }
}

/** Each plan's target on the indicator and its own status, national first, on the same values. */
function renderPlanTargets(indicator, plans) {
  const unit = unitLabel(indicator.unit);
  const target = (x) => `${comparatorLabel(x.comparator)}${x.value == null ? '' : ` ${num(x.value)}${unit}`}${paren(x.targetYear)}`;
  const table = $('plan-targets');
  const head = ['plan', 'target', 'asOf', 'status'].map((k) => el('th', { scope: 'col', text: t(`planColumn.${k}`) }));
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...head)),
    el('tbody', {}, ...plans.map((p) =>
      el('tr', { 'data-plan-id': p.plan.id },
        el('th', { scope: 'row', text: `${t(`level.${p.plan.level}`)} · ${planName(p.plan)}${p.plan.status === 'draft' ? paren(t('draft')) : ''}` }),
        el('td', { text: target(p.target) }),
        el('td', { text: String(p.asOf) }),
        el('td', {}, statusBadge(p.status)),
      ))),
  );
}

/** A row's label; the projections name the target year they project to (2025 for the district, 2030 for the national outline). */
function rowLabel(key, indicator) {
  const label = t(`row.${key}`);
  return typeof label === 'function' ? label(indicator.target?.year ?? 2025) : label;
}

function renderComponents(indicator, rows) {
  const unit = unitLabel(indicator.unit);
  const ordered = HEADLINE_ORDER.map((s) => rows.find((r) => r.sex === s)).filter(Boolean);
  const cell = (r, f) => {
    const p = r.components?.progress;
    return f(p?.components ?? {}, p, r);
  };
  const yearValue = (y, v) => (y == null ? t('none') : `${y}: ${num(v)}${unit}`);
  const lines = [
    ['status', (c, p, r) => statusBadge(r.status)],
    ['base', (c) => yearValue(c.baseYear, c.baseValue)],
    ['current', (c) => `${yearValue(c.currentYear, c.currentValue)}${c.uncertainty?.current ? ` [${num(c.uncertainty.current.lower)}–${num(c.uncertainty.current.upper)}]` : ''}`],
    ['targetValue', (c) => (c.band ? `${num(c.band.lower)}–${num(c.band.upper)}${unit}` : c.targetValue == null ? t('none') : `${num(c.targetValue)}${unit}`)],
    ['observedCagr', (c) => pct(c.observedCagr)],
    ['requiredCagr', (c) => pct(c.requiredCagr)],
    ['ratio', (c) => num(c.ratio)],
    ['projTrend', (c, p) => (p?.projection?.trend ? `${num(p.projection.trend.value)}${unit}` : t('none'))],
    ['projCagr', (c, p) => (p?.projection?.cagr ? `${num(p.projection.cagr.value)}${unit}` : t('none'))],
    ['shortfall', (c, p) => { const e = p?.projection?.trend ?? p?.projection?.cagr; return e?.shortfall == null ? t('none') : `${num(e.shortfall)}${unit}`; }],
    ['evidence', (c, p) => (p?.evidence ? `${t(`evidence.${p.evidence.level}`)}${paren(t('evidenceDetail')(p.evidence.points, p.evidence.spanYears, p.evidence.r2 == null ? null : num(p.evidence.r2)))}` : t('none'))],
    ['methodology', (c, p, r) => r.methodologyVersion],
  ];
  const table = $('components-table');
  table.replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: '' }), ...ordered.map((r) => el('th', { scope: 'col', text: sexLabel(r.sex) })))),
    el('tbody', {}, ...lines.map(([key, f]) => el('tr', {}, el('th', { scope: 'row', text: rowLabel(key, indicator) }), ...ordered.map((r) => el('td', {}, cell(r, f)))))),
  );
  table.querySelector('thead th').append(el('span', { class: 'visually-hidden', text: t('components') }));
}

function closeDetail() {
  const code = state.selected;
  state.selected = null;
  state.detail = null;
  $('detail').hidden = true;
  for (const tile of document.querySelectorAll('.tile')) tile.setAttribute('aria-current', 'false');
  // Back where the user came from: the indicator's tile.
  document.querySelector(`.tile[data-code="${CSS.escape(code ?? '')}"]`)?.focus();
}

// ---------- gender gaps ----------

function renderGaps() {
  const container = $('gaps');
  for (const node of container.querySelectorAll('.chart')) window.echarts.getInstanceByDom(node)?.dispose();
  container.replaceChildren();
  const gaps = state.gaps.filter((g) => g.currentDistance != null && (!state.domain || state.indicators.get(g.indicatorCode)?.domain === state.domain));
  if (!gaps.length) return container.append(el('p', { class: 'help', text: t('gapsEmpty') }));
  const byMeasure = new Map();
  for (const g of gaps) {
    if (!byMeasure.has(g.measure)) byMeasure.set(g.measure, []);
    byMeasure.get(g.measure).push(g);
  }
  for (const [measure, items] of byMeasure) {
    items.sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode, 'en', { numeric: true }));
    const chart = el('div', { class: 'chart', style: `height: ${Math.max(160, 60 + items.length * 34)}px` });
    container.append(el('div', { class: 'gap-group' }, el('h3', { text: t(`measure.${measure}`) ?? measure }), chart));
    chartIn(chart).setOption(gapsOverviewOption(items, (code) => nameOf(state.indicators.get(code))), true);
  }
}

// ---------- wiring ----------

function renderAll() {
  applyStaticLabels();
  setLiveState(state.liveState);
  renderUpdated();
  if (!state.reference) return;
  renderFilters();
  renderPlanNote();
  renderViewBanner();
  renderBoard();
  renderAlerts();
  renderGaps();
  renderCompleteness($('completeness'), state.completeness, state.reference.departments);
  renderViolations($('violations'), state.violations, state.reference.areas);
  renderApprovals($('approvals'), state.approvals, state.reference.areas, state.reference.departments);
  if (state.detail) renderDetail();
}

function init() {
  setLang(currentLang());
  applyStaticLabels();
  $('live-state').textContent = '';
  $('lang-toggle').addEventListener('click', () => {
    setLang(currentLang() === 'zh' ? 'en' : 'zh');
    $('lang-toggle').setAttribute('lang', currentLang() === 'zh' ? 'en' : 'zh-CN');
    renderAll();
  });
  $('lang-toggle').setAttribute('lang', currentLang() === 'zh' ? 'en' : 'zh-CN');
  $('key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    apiKey.set($('key-input').value.trim());
    $('key-input').value = '';
    void start();
  });
  $('key-change').addEventListener('click', () => {
    state.stopLive?.();
    apiKey.clear();
    showKeyPanel();
  });
  $('area-select').addEventListener('change', (ev) => {
    state.area = ev.target.value;
    void loadArea();
  });
  $('plan-select').addEventListener('change', (ev) => {
    state.plan = ev.target.value;
    // Another plan has another period: its evaluation starts again from the last year that is over.
    state.asOf = '';
    renderAsOfOptions();
    void loadArea();
  });
  $('asof-select').addEventListener('change', (ev) => {
    state.asOf = ev.target.value;
    void loadArea();
  });
  $('view-select').addEventListener('change', (ev) => {
    state.view = ev.target.value;
    void loadArea();
  });
  $('domain-select').addEventListener('change', (ev) => {
    state.domain = ev.target.value;
    renderBoard();
    renderGaps();
  });
  $('detail-close').addEventListener('click', closeDetail);
  window.addEventListener('resize', () => {
    for (const node of document.querySelectorAll('.chart')) window.echarts.getInstanceByDom(node)?.resize();
  });
  if (apiKey.get()) void start();
  else showKeyPanel();
}

init();
