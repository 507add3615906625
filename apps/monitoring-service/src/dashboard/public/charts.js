import { comparatorLabel, currentLang, sexLabel, t, unitLabel } from './i18n.js';
import { num } from './format.js';

// Colour and marker shape both tell the sexes apart (never colour alone).
const SEX_STYLE = {
  F: { color: '#b0306a', symbol: 'circle' },
  M: { color: '#1f5fa8', symbol: 'rect' },
  T: { color: '#333333', symbol: 'triangle' },
};
const TARGET_COLOR = '#1b6e3a';
const OTHER_PLAN_COLOR = '#7a3e9d';
const FIRST_YEAR = 2020;
const TARGET_YEAR = 2025;

/** ECharts instance for a container, in the page's language (its ARIA descriptions too). */
export function chartIn(container) {
  const existing = window.echarts.getInstanceByDom(container);
  if (existing && existing.__lang === currentLang()) return existing;
  existing?.dispose();
  const chart = window.echarts.init(container, null, { renderer: 'canvas', locale: currentLang() === 'zh' ? 'ZH' : 'EN' });
  chart.__lang = currentLang();
  return chart;
}

const yearsFrom = (values, extra = []) => {
  const last = Math.max(TARGET_YEAR, ...values.map((v) => Number(v.period)), ...extra);
  return Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => String(FIRST_YEAR + i));
};

/** The target as the chart shows it: a line at the target value, or a band for "about" targets. */
function targetMarks(indicator) {
  const target = indicator.target?.value;
  if (target == null) return {};
  const unit = unitLabel(indicator.unit);
  const label = `${t('target')} ${indicator.target.year}: ${comparatorLabel(indicator.comparator)} ${num(target)}${unit}`;
  const tol = indicator.target.tolerance;
  const markLine = {
    silent: true,
    symbol: 'none',
    lineStyle: { color: TARGET_COLOR, type: 'dashed', width: 2 },
    label: { formatter: label, position: 'insideStartTop', color: TARGET_COLOR, fontWeight: 'bold' },
    data: [{ yAxis: target }],
  };
  if (indicator.comparator === 'about' && tol) {
    return { markLine, markArea: { silent: true, itemStyle: { color: 'rgba(27,110,58,0.08)' }, data: [[{ yAxis: target - tol }, { yAxis: target + tol }]] } };
  }
  return { markLine };
}

/** The values the axis must show besides the data: the target line or band, so it is never off the chart. */
function targetValues(indicator) {
  const target = indicator.target?.value;
  if (target == null) return [];
  const tol = indicator.comparator === 'about' ? indicator.target.tolerance ?? 0 : 0;
  return [target - tol, target + tol];
}

/** Axis bounds around the data and `extra`, with a margin, rounded to a readable step. */
function extentWith(extra) {
  if (!extra.length) return { scale: true };
  const bound = (v, side) => {
    const lo = Math.min(v.min, ...extra);
    const hi = Math.max(v.max, ...extra);
    const span = hi - lo || Math.abs(hi) || 1;
    const step = 10 ** Math.floor(Math.log10(span)) / 2;
    return side === 'min' ? Math.floor((lo - span * 0.08) / step) * step : Math.ceil((hi + span * 0.08) / step) * step;
  };
  return { min: (v) => bound(v, 'min'), max: (v) => bound(v, 'max') };
}

// Error bars of the sexes side by side, a few pixels apart, so they do not hide one another.
const BAR_OFFSET = { T: 0, F: -5, M: 5 };
const CAP = 4;

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/**
 * The 95 % intervals of one sex's values as error bars: a vertical line from lower to upper with a cap at
 * each end. Data items are [year index, lower, upper]; the y encoding keeps both limits on the axis.
 */
function errorBarSeries(sex, intervals, years) {
  const style = SEX_STYLE[sex];
  const data = years.flatMap((y, i) => (intervals.has(y) ? [[i, intervals.get(y).lower, intervals.get(y).upper]] : []));
  return {
    id: `interval-${sex}`,
    // The sex's own name: the legend toggles the line and its bars together.
    name: sexLabel(sex),
    type: 'custom',
    data,
    encode: { x: 0, y: [1, 2] },
    z: 1,
    silent: true,
    itemStyle: { color: style.color },
    renderItem: (params, api) => {
      const [x, lo] = api.coord([api.value(0), api.value(1)]);
      const [, hi] = api.coord([api.value(0), api.value(2)]);
      const cx = x + BAR_OFFSET[sex];
      const line = (x1, y1, x2, y2) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: style.color, lineWidth: 1.5, opacity: 0.75 } });
      return { type: 'group', children: [line(cx, lo, cx, hi), line(cx - CAP, lo, cx + CAP, lo), line(cx - CAP, hi, cx + CAP, hi)] };
    },
  };
}

/**
 * Trajectory by sex (the yearly values, with error bars for the 95 % intervals of values computed from
 * counts), the target line, the plan baseline and, for each assessed sex, the projection from the
 * current value to the target year. `otherTargets` are other plans' targets on the same values ({ label,
 * status, target: { value, targetYear } }), each a marked point at its own target year, so the district's
 * 2025 target and the national 2030 one are read on one chart.
 */
export function trajectoryOption(indicator, values, assessments, otherTargets = []) {
  const bySex = new Map();
  const intervalsBySex = new Map();
  for (const v of values) {
    if (!/^\d{4}$/.test(v.period)) continue;
    if (!bySex.has(v.sex)) bySex.set(v.sex, new Map());
    bySex.get(v.sex).set(v.period, v.value);
    if (v.value != null && v.lower != null && v.upper != null) {
      if (!intervalsBySex.has(v.sex)) intervalsBySex.set(v.sex, new Map());
      intervalsBySex.get(v.sex).set(v.period, { lower: v.lower, upper: v.upper });
    }
  }
  const years = yearsFrom(values, [indicator.target?.year ?? TARGET_YEAR, ...otherTargets.map((o) => o.target.targetYear)]);
  const unit = unitLabel(indicator.unit);
  const series = [];
  let marksPlaced = false;
  for (const sex of ['T', 'F', 'M']) {
    const points = bySex.get(sex);
    if (!points) continue;
    const style = SEX_STYLE[sex];
    series.push({
      id: `value-${sex}`,
      name: sexLabel(sex),
      type: 'line',
      data: years.map((y) => points.get(y) ?? null),
      connectNulls: true,
      symbol: style.symbol,
      symbolSize: 9,
      lineStyle: { width: 2.5, color: style.color },
      itemStyle: { color: style.color },
      ...(marksPlaced ? {} : targetMarks(indicator)),
    });
    // After its line, so the legend entry of the shared name shows the line's symbol.
    if (intervalsBySex.has(sex)) series.push(errorBarSeries(sex, intervalsBySex.get(sex), years));
    marksPlaced = true;
  }
  // The projection of the headline series: the recency-weighted trend line the methodology fits,
  // drawn from the base year to the target year (its end is the projected 2025 value).
  const headline = ['T', 'F', 'M'].map((sex) => assessments.find((a) => a.sex === sex && a.components?.progress?.projection?.trend)).find(Boolean);
  if (headline && !headline.components.progress.notes?.includes('values_are_distances')) {
    const { fit } = headline.components.progress.projection.trend;
    const style = SEX_STYLE[headline.sex];
    const from = headline.components.progress.components.baseYear ?? FIRST_YEAR;
    const to = headline.components.progress.projection.targetYear;
    series.push({
      name: `${sexLabel(headline.sex)} · ${t('projection')(to)}`,
      type: 'line',
      data: years.map((y) => (Number(y) >= from && Number(y) <= to ? fit.intercept + fit.slope * Number(y) : null)),
      symbol: 'none',
      lineStyle: { type: 'dotted', width: 2, color: style.color },
      itemStyle: { color: style.color },
      endLabel: { show: true, formatter: (p) => `${t('projection')(to)} ${num(p.value)}`, color: style.color },
    });
  }
  if (indicator.baseline?.value != null) {
    series.push({
      name: `${t('baseline')} ${indicator.baseline.year}`,
      type: 'scatter',
      data: years.map((y) => (Number(y) === indicator.baseline.year ? indicator.baseline.value : null)),
      symbol: 'diamond',
      symbolSize: 13,
      itemStyle: { color: '#7a5c00' },
    });
  }
  if (otherTargets.length) {
    series.push({
      id: 'other-plan-targets',
      name: t('otherPlanTargets'),
      type: 'scatter',
      data: otherTargets.map((o) => ({ value: [years.indexOf(String(o.target.targetYear)), o.target.value], name: `${o.label}: ${comparatorLabel(o.target.comparator)} ${num(o.target.value)}${unit} · ${o.status}` })),
      symbol: 'diamond',
      symbolSize: 14,
      itemStyle: { color: OTHER_PLAN_COLOR },
      label: { show: true, position: 'left', formatter: (p) => p.name, color: OTHER_PLAN_COLOR },
    });
  }
  if (!marksPlaced && series.length) Object.assign(series[0], targetMarks(indicator));
  const sexOfSeries = new Map(['T', 'F', 'M'].map((sex) => [`value-${sex}`, sex]));
  const tooltipLine = (p) => {
    if (p.seriesId === 'other-plan-targets') return `${p.marker}${escapeHtml(p.name)}`;
    const sex = sexOfSeries.get(p.seriesId);
    const interval = sex && intervalsBySex.get(sex)?.get(p.name);
    const range = interval ? ` [${num(interval.lower)}–${num(interval.upper)}]` : '';
    return `${p.marker}${escapeHtml(p.seriesName)}: <b>${escapeHtml(`${num(p.value)}${unit}`)}</b>${escapeHtml(range)}`;
  };
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 56, right: 110, top: 56, bottom: 40 },
    legend: { top: 0, type: 'scroll' },
    tooltip: {
      trigger: 'axis',
      formatter: (params) => {
        const shown = params.filter((p) => p.seriesType !== 'custom' && p.value != null);
        if (!shown.length) return '';
        const note = intervalsBySex.size ? `<br><small>${escapeHtml(t('intervalNote'))}</small>` : '';
        return `${escapeHtml(shown[0].axisValue)}<br>${shown.map(tooltipLine).join('<br>')}${note}`;
      },
    },
    xAxis: { type: 'category', data: years, name: t('year'), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: unit || t('value'), axisLabel: { formatter: (v) => num(v) }, ...extentWith([...targetValues(indicator), ...otherTargets.map((o) => o.target.value)]) },
    series,
  };
}

/** The gap each year (female − male, the parity index, or the share), against the no-gap line. */
export function gapSeriesOption(gap) {
  const years = gap.years.map((y) => String(y.year));
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => num(v, 3) },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', scale: true, name: t(`measure.${gap.measure}`) ?? gap.measure },
    series: [
      {
        name: t('gapSeries'),
        type: 'bar',
        data: gap.years.map((y) => y.gap),
        itemStyle: { color: '#6a3d9a' },
        label: { show: true, position: 'top', formatter: (p) => num(p.value, 3) },
        markLine: { silent: true, symbol: 'none', lineStyle: { color: TARGET_COLOR, type: 'dashed', width: 2 }, label: { formatter: `${num(gap.reference)}`, color: TARGET_COLOR }, data: [{ yAxis: gap.reference }] },
      },
    ],
  };
}

const TREND_MARK = { widening: '▲', narrowing: '▼', stable: '＝', insufficient_data: '?' };

/**
 * Base against current distance from no gap, one bar pair per indicator of one measure: widening gaps
 * first, then the widest.
 */
export function gapsOverviewOption(gaps, nameOfCode) {
  const order = { widening: 0, insufficient_data: 1, stable: 2, narrowing: 3 };
  const sorted = [...gaps].sort((a, b) => (order[a.trend] ?? 9) - (order[b.trend] ?? 9) || (b.currentDistance ?? 0) - (a.currentDistance ?? 0));
  const rows = sorted.reverse(); // the category axis draws bottom-up
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 56, top: 32, bottom: 24, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => num(v, 3) },
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      data: rows.map((g) => `${TREND_MARK[g.trend] ?? ''} ${t(`gapTrend.${g.trend}`) ?? g.trend} · ${g.indicatorCode} ${nameOfCode(g.indicatorCode)}`),
      axisLabel: { width: 360, overflow: 'truncate' },
    },
    series: [
      { name: t('baseDistance'), type: 'bar', data: rows.map((g) => g.baseDistance), itemStyle: { color: '#9a9a9a' }, label: { show: true, position: 'right', formatter: (p) => num(p.value, 3) } },
      {
        name: t('currentDistance'),
        type: 'bar',
        data: rows.map((g) => g.currentDistance),
        itemStyle: { color: '#6a3d9a', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.35)' } },
        label: { show: true, position: 'right', formatter: (p) => num(p.value, 3) },
      },
    ],
  };
}
