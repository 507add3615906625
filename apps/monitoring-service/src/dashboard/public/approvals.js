import { el, num } from './format.js';
import { nameOf, t } from './i18n.js';

/**
 * The periods under review (/v1/approvals): each department's dataset, period and area with its approval state,
 * and whether it counts in the official figures the board shows. A period that does not is in the provisional
 * figures only (the values API's view=provisional). Datasets approved automatically have no row.
 */
export function renderApprovals(container, items, areas, departments) {
  if (!items.length) {
    container.replaceChildren(el('p', { class: 'help', text: t('approvalsEmpty') }));
    return;
  }
  const areaName = (code) => nameOf(areas.find((a) => a.code === code)) || code;
  const departmentName = (code) => nameOf(departments.find((d) => d.code === code)) || code;
  const status = (c) => (c.counted ? 'official' : c.pendingValidation ? 'pendingValidation' : 'provisional');
  const head = el('tr', {}, ['department', 'dataset', 'period', 'area', 'state', 'counted', 'received'].map((c) => el('th', { scope: 'col', text: t(`approvalColumn.${c}`) })));
  const rows = items.map((c) =>
    el(
      'tr',
      { class: `approval approval-${status(c)}` },
      el('th', { scope: 'row', text: departmentName(c.department) }),
      el('td', { text: c.kind }),
      el('td', { text: c.period }),
      el('td', { text: areaName(c.area) }),
      el('td', { text: t(`approvalState.${c.state}`) }),
      el('td', { text: t(`approvalCounted.${status(c)}`) }),
      el('td', { class: 'number', text: num(c.received.items) }),
    ),
  );
  container.replaceChildren(el('table', { class: 'violations approvals' }, el('caption', { class: 'visually-hidden', text: t('approvals') }), el('thead', {}, head), el('tbody', {}, rows)));
}
