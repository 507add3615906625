import { cell, esc, num } from './html-format';
import type { PublishedEvaluation } from './publish-report';
import { comparatorLabel, departmentLabel, type Lang, sexLabel, statusLabel, t, verdictLabel } from './report-labels';

type Target = PublishedEvaluation['targets'][number];
type Difficulty = PublishedEvaluation['hardToComplete'][number];

const name = (x: { nameZh: string; nameEn: string }, lang: Lang) => esc(lang === 'zh' ? x.nameZh : x.nameEn);

function targetText(x: Target, lang: Lang): string {
  const comparator = esc(comparatorLabel(x.comparator, lang));
  return x.target.value === null ? `${comparator} (${x.target.year})` : `${comparator} ${num(x.target.value)}${x.target.tolerance === null ? '' : ` ±${num(x.target.tolerance)}`} (${x.target.year})`;
}

/** The judged figure: the headline cell, or for a gap target the distance between the sexes. */
function judgedCell(x: Target, lang: Lang): string {
  if (x.cell) return cell(x.cell, lang);
  return `<td class="num">${num(x.judged.value, 3)}</td>`;
}

function difficulties(items: readonly Difficulty[], lang: Lang): string {
  if (!items.length) return `<p>${t('none', lang)}</p>`;
  const rows = items
    .map(
      (d) =>
        `<tr><td>${esc(d.code)}</td><td>${name(d, lang)}</td><td>${d.kinds.map((k) => esc(statusLabel(k, lang))).join('、')}</td><td class="num">${d.alerts}</td><td>${esc(d.firstRaisedAt.slice(0, 10))}</td><td>${d.open ? esc(t('stillOpen', lang)) : esc(d.lastResolvedAt!.slice(0, 10))}</td><td class="num">${num(d.daysOpen, 1)}</td><td>${esc(d.yearsAffected.join(', '))}</td><td>${esc(departmentLabel(d.department, lang))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('alertKinds', lang)}</th><th>${t('alerts', lang)}</th><th>${t('firstRaised', lang)}</th><th>${t('lastResolved', lang)}</th><th>${t('daysOpen', lang)}</th><th>${t('yearsAffected', lang)}</th><th>${t('department', lang)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The evaluation's sections of the HTML report: verdicts, trajectories, gender gaps, alert history, missing data. Pure. */
export function evaluationHtml(e: PublishedEvaluation, lang: Lang): string {
  const summary = Object.entries(e.summary).map(([v, n]) => `<li>${esc(verdictLabel(v, lang))}: ${n}</li>`).join('');
  const verdicts = e.targets
    .map(
      (x) =>
        `<tr class="verdict-${esc(x.verdict)}"><td>${esc(x.code)}</td><td>${name(x, lang)}</td><td>${esc(x.unit)}</td><td>${targetText(x, lang)}</td><td>${esc(sexLabel(x.judged.sex, lang))}</td>${judgedCell(x, lang)}<td>${esc(verdictLabel(x.verdict, lang))}${x.uncertain ? ` · ${esc(t('uncertain', lang))}` : ''}</td><td class="num">${num(x.gapToTarget)}</td><td>${x.status === null ? '—' : esc(statusLabel(x.status, lang))}</td></tr>`,
    )
    .join('');
  const years = e.targets[0]?.trajectory.map((y) => y.year) ?? [];
  const yearHeads = years.map((y) => `<th>${y}</th>`).join('');
  const trajectory = e.targets
    .flatMap((x) => {
      const sexes = [...new Set(x.trajectory.flatMap((y) => Object.keys(y.values)))].sort();
      return sexes.map(
        (sex) =>
          `<tr><td>${esc(x.code)}</td><td>${name(x, lang)}</td><td>${esc(sexLabel(sex, lang))}</td>${x.trajectory.map((y) => cell(y.values[sex as 'F' | 'M' | 'T'], lang)).join('')}</tr>`,
      );
    })
    .join('');
  const gaps = e.targets
    .filter((x) => x.genderGap?.byYear.some((g) => g.gap !== null))
    .map((x) => `<tr><td>${esc(x.code)}</td><td>${name(x, lang)}</td>${x.genderGap!.byYear.map((g) => `<td class="num">${num(g.gap, 3)}</td>`).join('')}</tr>`)
    .join('');
  const missing = e.missingData.length
    ? `<table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('missingYears', lang)}</th><th>${t('department', lang)}</th></tr></thead><tbody>${missingByIndicator(e.missingData)
        .map((m) => `<tr><td>${esc(m.code)}</td><td>${name(m, lang)}</td><td>${m.runs.map((r) => `${r.from === r.to ? r.from : `${r.from}–${r.to}`} (${r.sexes.map((s) => esc(sexLabel(s, lang))).join('、')})`).join('; ')}</td><td>${esc(departmentLabel(m.department, lang))}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p>${t('none', lang)}</p>`;
  return `<section class="evaluation">
<dl><dt>${t('planPeriod', lang)}</dt><dd>${e.plan.period.start}–${e.plan.period.end}</dd><dt>${t('evaluationYear', lang)}</dt><dd>${e.asOf}</dd></dl>
<h2>${t('evaluation', lang)}</h2><p><small>${esc(t('evaluationNote', lang))}</small></p><ul>${summary}</ul>
<table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('unit', lang)}</th><th>${t('target', lang)}</th><th>${t('sexes', lang)}</th><th>${t('value', lang)} (${e.asOf})</th><th>${t('verdict', lang)}</th><th>${t('toGo', lang)}</th><th>${t('status', lang)}</th></tr></thead><tbody>${verdicts}</tbody></table>
<h2>${t('trajectory', lang)}</h2><table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th><th>${t('sexes', lang)}</th>${yearHeads}</tr></thead><tbody>${trajectory}</tbody></table>
<h2>${t('genderGapOverPeriod', lang)}</h2><table><thead><tr><th>${t('code', lang)}</th><th>${t('indicator', lang)}</th>${yearHeads}</tr></thead><tbody>${gaps}</tbody></table>
<h2>${t('hardOverPeriod', lang)}</h2>${difficulties(e.hardToComplete, lang)}
<h2>${t('fluctOverPeriod', lang)}</h2>${difficulties(e.fluctuated, lang)}
<h2>${t('missingData', lang)}</h2>${missing}
</section>`;
}

/** The missing cells one row per indicator, consecutive years missing the same sexes as one run (2021–2025 (F, M)), so the page stays readable. */
function missingByIndicator(cells: PublishedEvaluation['missingData']) {
  const out: { code: string; nameZh: string; nameEn: string; department: string; runs: { from: number; to: number; sexes: string[] }[] }[] = [];
  for (const m of cells) {
    let row = out[out.length - 1];
    if (row?.code !== m.code) out.push((row = { code: m.code, nameZh: m.nameZh, nameEn: m.nameEn, department: m.department, runs: [] }));
    const last = row.runs[row.runs.length - 1];
    if (last && last.to === m.year - 1 && last.sexes.join() === m.sexes.join()) last.to = m.year;
    else row.runs.push({ from: m.year, to: m.year, sexes: m.sexes });
  }
  return out;
}

/**
 * The evaluation's tables for the CSV, after the indicator table and a blank line each, every row opening
 * with its table's name so a spreadsheet filter can pick one. Pure.
 */
export function evaluationCsvTables(e: PublishedEvaluation, lang: Lang): unknown[][][] {
  const label = (x: { nameZh: string; nameEn: string }) => (lang === 'zh' ? x.nameZh : x.nameEn);
  const targets: unknown[][] = [
    ['table', 'code', 'indicator', 'unit', 'comparator', 'target_value', 'target_value_status', 'tolerance', 'target_year', 'judged_sex', 'year', 'value', 'lower', 'upper', 'interval_method', 'suppressed', 'verdict', 'verdict_label', 'gap_to_target', 'uncertain', 'status'],
    ...e.targets.map((x) => [
      'evaluation_target', x.code, label(x), x.unit, x.comparator, x.target.value, x.target.valueStatus, x.target.tolerance, x.target.year, x.judged.sex, x.judged.year,
      x.judged.value, x.cell?.lower ?? null, x.cell?.upper ?? null, x.cell?.intervalMethod ?? null, x.cell?.suppressed ?? null,
      x.verdict, verdictLabel(x.verdict, lang), x.gapToTarget, x.uncertain, x.status,
    ]),
  ];
  const trajectory: unknown[][] = [
    ['table', 'code', 'indicator', 'year', 'sex', 'value', 'numerator', 'denominator', 'lower', 'upper', 'interval_method', 'suppressed', 'gender_gap'],
    ...e.targets.flatMap((x) =>
      x.trajectory.flatMap((y) => {
        const gap = x.genderGap?.byYear.find((g) => g.year === y.year)?.gap ?? null;
        return Object.entries(y.values).map(([sex, c]) => ['evaluation_trajectory', x.code, label(x), y.year, sex, c!.value, c!.numerator, c!.denominator, c!.lower, c!.upper, c!.intervalMethod, c!.suppressed, gap]);
      }),
    ),
  ];
  const difficulty = (list: string, d: Difficulty) => [
    'evaluation_alert_history', list, d.code, label(d), d.kinds.join(' '), d.alerts, d.firstRaisedAt, d.lastResolvedAt, d.open, d.daysOpen, d.yearsAffected.join(' '),
  ];
  const history: unknown[][] = [
    ['table', 'list', 'code', 'indicator', 'alert_kinds', 'alerts', 'first_raised_at', 'last_resolved_at', 'open', 'days_open', 'years_affected'],
    ...e.hardToComplete.map((d) => difficulty('hard_to_complete', d)),
    ...e.fluctuated.map((d) => difficulty('fluctuated', d)),
  ];
  const missing: unknown[][] = [['table', 'code', 'indicator', 'year', 'sexes'], ...e.missingData.map((m) => ['evaluation_missing_data', m.code, label(m), m.year, m.sexes.join(' ')])];
  return [targets, trajectory, history, missing];
}
