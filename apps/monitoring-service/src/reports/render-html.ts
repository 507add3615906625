import type { PublishedReport } from './publish-report';
import { REPORT_APPROVAL_STATES } from './report-governance';
import { approvalLabel, comparatorLabel, departmentLabel, kindLabel, type Lang, statusLabel, t } from './report-labels';

import { cell, esc, num, pct } from './html-format';
import { evaluationHtml } from './render-evaluation';


/** A readable, self-contained HTML page of the report; Chinese by default, English with lang=en. Pure. */
export function renderHtml(report: PublishedReport, lang: Lang, dataRevision: string): string {
  const name = (x: { nameZh: string; nameEn: string }) => esc(lang === 'zh' ? x.nameZh : x.nameEn);
  const plan = report.meta.plan ? (lang === 'zh' ? report.meta.plan.nameZh : report.meta.plan.nameEn) : t('plan', lang);
  const title = `${plan} · ${kindLabel(report.meta.kind, lang)} (${report.meta.year})`;
  const summary = Object.entries(report.summary.byStatus).map(([s, n]) => `<li>${esc(statusLabel(s, lang))}: ${n}</li>`).join('');
  const domains = report.domains
    .map((d) => {
      const rows = d.indicators
        .map((i) => {
          const comparator = esc(comparatorLabel(i.comparator, lang));
          const target = i.target.value === null ? `${comparator} (${i.target.year})` : `${comparator} ${num(i.target.value)} (${i.target.year})`;
          const projection = i.projection ? `${num(i.projection.value)}${i.projection.meetsGoal === null ? '' : ` · ${t(i.projection.meetsGoal ? 'meets' : 'misses', lang)}`}` : '—';
          return `<tr class="status-${esc(i.status)}"><td>${esc(i.code)}</td><td>${name(i)}</td><td>${esc(i.unit)}</td>${cell(i.values.F, lang)}${cell(i.values.M, lang)}${cell(i.values.T, lang)}<td>${target}</td><td>${esc(statusLabel(i.status, lang))}${i.fluctuating ? ` · ${esc(statusLabel('fluctuating', lang))}` : ''}</td><td class="num">${pct(i.trend.observedCagr)} / ${pct(i.trend.requiredCagr)}</td><td class="num">${projection}</td><td>${esc(departmentLabel(i.department, lang))}</td></tr>`;
        })
        .join('');
      return `<section><h2>${name(d)}</h2><table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('unit', lang)}</th><th>${t('female', lang)}</th><th>${t('male', lang)}</th><th>${t('total', lang)}</th><th>${t('target', lang)}</th><th>${t('status', lang)}</th><th>${t('trend', lang)}</th><th>${t('projection', lang)}</th><th>${t('department', lang)}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
    })
    .join('');
  const list = (items: PublishedReport['hardToComplete']) =>
    items.length ? `<ul>${items.map((i) => `<li><b>${esc(i.code)}</b> ${name(i)} — ${esc(statusLabel(i.reason, lang))} (${esc(departmentLabel(i.department, lang))})</li>`).join('')}</ul>` : `<p>${t('none', lang)}</p>`;
  const gaps = report.genderGaps
    .map((g) => `<tr><td>${esc(g.code)}</td><td>${name(g)}</td>${cell(g.female, lang)}${cell(g.male, lang)}<td class="num">${num(g.currentDistance, 3)}</td><td class="num">${num(g.baseDistance, 3)}</td><td>${esc(statusLabel(g.trend, lang))}</td></tr>`)
    .join('');
  const completeness = report.completeness
    .map((d) => {
      const sub = d.submitted.map((s) => `<li>${esc(s.source)}: ${s.periods ? esc(s.periods.join(', ')) : `${s.records} ${t('records', lang)}`}</li>`).join('');
      const miss = d.missing.map((s) => `<li class="missing">${esc(s.source)} — ${t('forIndicators', lang)} ${esc(s.indicators.join(', '))}</li>`).join('');
      return `<tr><td>${esc(departmentLabel(d.department, lang))}</td><td><ul>${sub || `<li>${t('none', lang)}</li>`}</ul></td><td><ul>${miss || `<li>${t('none', lang)}</li>`}</ul></td></tr>`;
    })
    .join('');
  const timeliness = report.timeliness
    ? `<h2>${t('timeliness', lang)}</h2><p><small>${esc(t('timelinessNote', lang))}</small></p><table><thead><tr><th>${t('department', lang)}</th><th>${t('dataset', lang)}</th><th>${t('expected', lang)}</th><th>${t('received', lang)}</th><th>${t('onTime', lang)}</th><th>${t('late', lang)}</th><th>${t('missing', lang)}</th><th>${t('completenessRate', lang)}</th><th>${t('timelinessRate', lang)}</th></tr></thead><tbody>${report.timeliness
        .map((r) => `<tr><td>${esc(departmentLabel(r.department, lang))}</td><td><code>${esc(r.dataset)}</code></td><td class="num">${r.expected}</td><td class="num">${r.received}</td><td class="num">${r.onTime}</td><td class="num">${r.late}</td><td class="num">${r.missing}</td><td class="num">${pct(r.completenessRate)}</td><td class="num">${pct(r.timelinessRate)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const approval = report.approval ? approvalHtml(report.approval, lang) : '';
  const violations = report.violations ? violationsHtml(report.violations, lang) : '';
  const disclosure = report.disclosure.applied ? `${t('disclosure', lang)} ${report.disclosure.k}` : t('unsuppressed', lang);
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top}th{background:#f3f0f7}td.num{text-align:right}td.suppressed{color:#888;font-style:italic}.ci{color:#666;font-size:.85em;white-space:nowrap}.status-limited td,.status-deteriorating td{background:#fdecec}.status-acceleration_needed td{background:#fff6e0}.status-insufficient_evidence td{background:#f1f1f6}.missing{color:#b00}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}</style></head>
<body><h1>${esc(title)}</h1>
<dl><dt>${t('year', lang)}</dt><dd>${report.meta.year}</dd><dt>${t('generated', lang)}</dt><dd>${esc(report.meta.generatedAt)}</dd><dt>${t('methodology', lang)}</dt><dd>${esc(report.meta.methodologyVersion)}</dd><dt>${t('catalogue', lang)}</dt><dd>${esc(report.meta.catalogueVersion)}</dd><dt>${t('revision', lang)}</dt><dd><code>${esc(dataRevision)}</code></dd></dl>
<p><small>${esc(disclosure)} ${esc(t('intervalNote', lang))}</small></p>
${report.evaluation ? evaluationHtml(report.evaluation, lang) : ''}
<h2>${t('summary', lang)}</h2><p>${t('indicators', lang)}: ${report.summary.indicators}</p><ul>${summary}</ul>
<h2>${t('hard', lang)}</h2>${list(report.hardToComplete)}
<h2>${t('fluct', lang)}</h2>${list(report.fluctuating)}
${domains}
<h2>${t('gaps', lang)}</h2><table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('female', lang)}</th><th>${t('male', lang)}</th><th>${t('gapNow', lang)}</th><th>${t('gapBase', lang)}</th><th>${t('gapTrend', lang)}</th></tr></thead><tbody>${gaps}</tbody></table>
<h2>${t('completeness', lang)}</h2><table><thead><tr><th>${t('department', lang)}</th><th>${t('submitted', lang)}</th><th>${t('missing', lang)}</th></tr></thead><tbody>${completeness}</tbody></table>
${timeliness}
${approval}
${violations}
</body></html>
`;
}

function approvalHtml(section: NonNullable<PublishedReport['approval']>, lang: Lang): string {
  const { from, to } = section.years;
  const head = REPORT_APPROVAL_STATES.map((s) => `<th>${esc(approvalLabel(s, lang))}</th>`).join('');
  const rows = section.datasets
    .map((d) => `<tr><td>${esc(departmentLabel(d.department, lang))}</td><td><code>${esc(`${d.department}/${d.kind}`)}</code></td><td class="num">${d.cells}</td>${REPORT_APPROVAL_STATES.map((s) => `<td class="num">${d.byState[s]}</td>`).join('')}</tr>`)
    .join('');
  const pending = section.notApproved.length
    ? `<table><thead><tr><th>${t('dataset', lang)}</th><th>${t('period', lang)}</th><th>${t('area', lang)}</th><th>${t('state', lang)}</th></tr></thead><tbody>${section.notApproved
        .map((c) => `<tr class="missing"><td><code>${esc(`${c.department}/${c.kind}`)}</code></td><td>${esc(c.period)}</td><td>${esc(c.area)}</td><td>${esc(approvalLabel(c.state, lang))}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p>${t('none', lang)}</p>`;
  return `<h2>${t('approval', lang)}</h2><p><small>${esc(t('approvalNote', lang))} ${t('approvalYears', lang)}: ${from === to ? from : `${from}–${to}`}</small></p>
<table><thead><tr><th>${t('department', lang)}</th><th>${t('dataset', lang)}</th><th>${t('cells', lang)}</th>${head}</tr></thead><tbody>${rows || `<tr><td colspan="${3 + REPORT_APPROVAL_STATES.length}">${t('none', lang)}</td></tr>`}</tbody></table>
<h3>${t('notApproved', lang)}</h3>${pending}`;
}

function violationsHtml(rows: NonNullable<PublishedReport['violations']>, lang: Lang): string {
  const side = (v: number | null) => (v === null ? `<td class="suppressed">${esc(t('suppressed', lang))}</td>` : `<td class="num">${num(v)}</td>`);
  const body = rows
    .map((v) => `<tr><td>${esc(v.ruleCode)} (v${v.ruleVersion})</td><td>${esc(lang === 'zh' ? (v.nameZh ?? v.nameEn) : v.nameEn)}</td><td>${esc(approvalLabel(v.severity, lang))}</td><td>${esc(v.areaCode)}</td><td>${esc(v.period)}</td>${side(v.left)}<td>${esc(v.operator)}</td>${side(v.right)}<td>${esc(approvalLabel(v.state, lang))}</td><td>${esc(v.overrideReason ?? '')}</td></tr>`)
    .join('');
  return `<h2>${t('violations', lang)}</h2><p><small>${esc(t('violationsNote', lang))}</small></p>${
    rows.length
      ? `<table><thead><tr><th>${t('rule', lang)}</th><th>${t('ruleName', lang)}</th><th>${t('severity', lang)}</th><th>${t('area', lang)}</th><th>${t('period', lang)}</th><th>${t('left', lang)}</th><th>${t('operator', lang)}</th><th>${t('right', lang)}</th><th>${t('state', lang)}</th><th>${t('overrideReason', lang)}</th></tr></thead><tbody>${body}</tbody></table>`
      : `<p>${t('none', lang)}</p>`
  }`;
}
