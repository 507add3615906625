import { type Lang, t } from './report-labels';

/** Text escaped for HTML content and attribute values. */
export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A figure rounded for reading, or a dash where there is none. */
export const num = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '—' : Number(v.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits }));

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** A published value cell: the value with its 95 % interval where there is one, or the suppression notice. */
export function cell(c: { value: number | null; lower: number | null; upper: number | null; intervalMethod: string | null; suppressed: string | null } | null | undefined, lang: Lang): string {
  if (!c) return '<td class="na">—</td>';
  if (c.suppressed) return `<td class="suppressed" title="${esc(c.suppressed)}">${esc(t('suppressed', lang))}</td>`;
  if (c.lower === null || c.upper === null) return `<td class="num">${num(c.value)}</td>`;
  return `<td class="num" title="${esc(t('interval', lang))} (${esc(c.intervalMethod)})">${num(c.value)} <span class="ci">[${num(c.lower)}–${num(c.upper)}]</span></td>`;
}
