import { el } from './format.js';
import { nameOf, t } from './i18n.js';

/** Completeness and timeliness bands: the cell's background says how much arrived, its left edge how much on time. */
const BANDS = [
  [1, 'full'],
  [0.9, 'high'],
  [0.5, 'part'],
  [0, 'low'],
];
const band = (rate) => (rate == null ? 'none' : BANDS.find(([min]) => rate >= min)[1]);
const percent = (rate) => (rate == null ? '—' : `${Math.round(rate * 100)}%`);

/**
 * /v1/completeness items (department × dataset × period, over the areas asked for) rolled up per dataset × year,
 * so monthly, quarterly and annual datasets share one row of years.
 */
export function byDatasetYear(items) {
  const rows = new Map();
  const years = new Set();
  for (const item of items) {
    const year = item.period.slice(0, 4);
    years.add(year);
    const key = `${item.department}\u0000${item.dataset}`;
    if (!rows.has(key)) rows.set(key, { department: item.department, dataset: item.dataset, years: new Map() });
    const cell = rows.get(key).years.get(year) ?? { expected: 0, received: 0, onTime: 0 };
    cell.expected += item.expected;
    cell.received += item.received;
    cell.onTime += item.onTime;
    rows.get(key).years.set(year, cell);
  }
  return { years: [...years].sort(), rows: [...rows.values()].sort((a, b) => a.department.localeCompare(b.department) || a.dataset.localeCompare(b.dataset)) };
}

/**
 * The heatmap as a table: departments' datasets × years, each cell coloured by completeness (background) and
 * timeliness (left edge) and saying both in words, so nothing rests on colour alone.
 */
export function renderCompleteness(container, items, departments) {
  const { years, rows } = byDatasetYear(items);
  if (!rows.length) {
    container.replaceChildren(el('p', { class: 'help', text: t('completenessEmpty') }));
    return;
  }
  const department = (code) => nameOf(departments.find((d) => d.code === code)) || code;
  const head = el('tr', {}, el('th', { scope: 'col', text: t('completenessDataset') }), years.map((y) => el('th', { scope: 'col', text: y })));
  const body = rows.map((r) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('span', { class: 'dataset', text: r.dataset }), el('span', { class: 'help', text: department(r.department) })),
      years.map((y) => {
        const c = r.years.get(y);
        if (!c || c.expected === 0) return el('td', { class: 'heat heat-none', text: t('completenessNone') });
        const completeness = c.received / c.expected;
        const timeliness = c.onTime / c.expected;
        return el(
          'td',
          { class: `heat heat-${band(completeness)} on-time-${band(timeliness)}`, title: t('completenessCell')(c.received, c.expected, c.onTime) },
          el('span', { text: `${t('completenessReceived')} ${percent(completeness)}` }),
          el('span', { class: 'on-time', text: `${t('completenessOnTime')} ${percent(timeliness)}` }),
        );
      }),
    ),
  );
  container.replaceChildren(
    el('table', { class: 'heatmap' }, el('caption', { class: 'visually-hidden', text: t('completeness') }), el('thead', {}, head), el('tbody', {}, body)),
  );
}
