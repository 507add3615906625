import { el, num } from './format.js';
import { nameOf, t } from './i18n.js';

/**
 * Open violations of the validation rules across datasets (/v1/validation/violations): which rule, where, for which
 * period, and both sides' numbers, errors first. An error blocks approval until an approver overrides it.
 */
export function renderViolations(container, items, areas) {
  if (!items.length) {
    container.replaceChildren(el('p', { class: 'help', text: t('violationsEmpty') }));
    return;
  }
  const areaName = (code) => nameOf(areas.find((a) => a.code === code)) || code;
  const sorted = [...items].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.ruleCode.localeCompare(b.ruleCode) || b.period.localeCompare(a.period));
  const head = el('tr', {}, ['rule', 'severity', 'area', 'period', 'left', 'right'].map((c) => el('th', { scope: 'col', text: t(`violationColumn.${c}`) })));
  const rows = sorted.map((v) =>
    el(
      'tr',
      { class: `violation violation-${v.severity}` },
      el('th', { scope: 'row', text: v.ruleCode }),
      el('td', { text: t(`violationSeverity.${v.severity}`) }),
      el('td', { text: areaName(v.areaCode) }),
      el('td', { text: v.period }),
      el('td', { class: 'number', text: num(v.left) }),
      el('td', { class: 'number', text: num(v.right) }),
    ),
  );
  container.replaceChildren(el('table', { class: 'violations' }, el('caption', { class: 'visually-hidden', text: t('violations') }), el('thead', {}, head), el('tbody', {}, rows)));
}
