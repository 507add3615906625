import { currentLang, t } from './i18n.js';

/** A value in the indicator's unit: at most two decimals, grouped thousands. */
export function num(v, digits = 2) {
  if (v == null || Number.isNaN(v)) return t('none');
  return Number(v).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

/** A growth rate as a signed percentage per year. */
export function pct(v) {
  if (v == null || Number.isNaN(v)) return t('none');
  const s = (v * 100).toFixed(2);
  return `${v > 0 ? '+' : ''}${s}%`;
}

export function dateTime(iso) {
  if (!iso) return t('none');
  return new Date(iso).toLocaleString(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Text content only: everything from the API is inserted as text, never as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
