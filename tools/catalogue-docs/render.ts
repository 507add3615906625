import {
  AGE_BANDS,
  AREA_LEVEL_LABELS,
  AREA_LEVELS,
  AREA_TIERS,
  type AttributeDefinition,
  type AreaIndex,
  DEPARTMENTS,
  PERIOD_FORMATS,
  PERIOD_GRANULARITIES,
  RECORD_KINDS,
  RETURN_KINDS,
  SEX_CODES,
  SEX_LABELS,
  UNITS,
} from '@wdp/contracts';
import {
  CATALOGUE_VERSION,
  DOMAIN_LABELS,
  DOMAINS,
  INDICATORS,
  type IndicatorDefinition,
  type IndicatorFormula,
  indicatorsOfDomain,
  isAreaCountRef,
  isInputRef,
  type Operand,
} from '@wdp/indicators';

const GENERATED = (what: string) =>
  `<!-- Generated from ${what} by tools/catalogue-docs/generate.ts. Do not edit by hand. -->\n`;
const HOW_TO_REGENERATE = 'Regenerate with `SWCRC=true node -r @swc-node/register -r tsconfig-paths/register tools/catalogue-docs/generate.ts`; a unit test fails when this file drifts from the code.';
const cell = (s: string | number | null | undefined) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: (string | number | null | undefined)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: (string | number | null | undefined)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function attribute(a: AttributeDefinition): string {
  const type =
    a.type === 'enum' ? `one of \`${a.values!.join('`, `')}\`` : a.type === 'integer' || a.type === 'number' ? `${a.type} ${a.min}–${a.max}` : a.type === 'string' ? `string matching \`${a.pattern}\`` : a.type;
  return `\`${a.name}\`${a.required ? '' : ' (optional)'}: ${type} — ${a.description}`;
}

export function renderCodeLists(areas: AreaIndex): string {
  const out: string[] = [GENERATED('libs/contracts/src/vocabulary and deploy/reference/areas.json'), '# Code lists', ''];
  out.push(
    'The shared data dictionary of departmental services and the monitoring service (`@wdp/contracts`, `libs/contracts/src/vocabulary/`).',
    'Events never carry a personal identifier: only sex, age band, area, period and the attributes below.',
    HOW_TO_REGENERATE,
    '',
    '## Sex',
    '',
    table(['code', '中文', 'English', 'used on'], SEX_CODES.map((c) => [`\`${c}\``, SEX_LABELS[c].nameZh, SEX_LABELS[c].nameEn, c === 'T' ? 'returns and aggregates only' : 'records and returns'])),
    '',
    '## Age bands',
    '',
    `Five-year bands (\`ageBandOf(age)\`): ${AGE_BANDS.map((b) => `\`${b}\``).join(', ')}. \`ageBandsBetween(35, 64)\` lists the bands of an age range and refuses one that cuts a band.`,
    '',
    '## Periods',
    '',
    table(['granularity', 'format', 'example'], PERIOD_GRANULARITIES.map((g) => [g, `\`${PERIOD_FORMATS[g].pattern}\``, `\`${PERIOD_FORMATS[g].example}\``])),
    '',
    'One form everywhere. Records are dated by month; returns by year (or the granularities their kind allows). `rollUpPeriod(\'2025-08\', \'quarter\')` = `2025-Q3`; `enclosingPeriods(\'2025-08\')` = `[2025-Q3, 2025]`; `periodDeadline(period, days)` gives a submission deadline.',
    '',
    '## Areas',
    '',
    table(['level', '中文', 'tier'], AREA_LEVELS.map((l) => [l, AREA_LEVEL_LABELS[l].nameZh, AREA_TIERS[l]])),
    '',
    'The areas are reference data in `deploy/reference/areas.json` (shape `{code, nameZh, nameEn?, level, parent}`), loaded with `loadAreas(file?)`; `AREAS_FILE` overrides the path.',
    '**The codes are illustrative**: they follow the 12-digit statistical-division pattern (district 520103 + 3-digit street/town + 3-digit community, villages numbered from 201), and the street and community names are a best effort, not an official register (the 17th street, 百花山街道, and the village names under 黔灵镇 are the least certain). Replace the file with the official division codes before production use.',
    '',
    table(
      ['code', '名称', 'level', 'communities / villages'],
      areas
        .ofLevel('district')
        .concat(areas.ofLevel('street'), areas.ofLevel('town'))
        .map((a) => [a.code, a.nameZh, a.level, areas.children(a.code).filter((c) => c.level === 'community' || c.level === 'village').map((c) => `${c.code} ${c.nameZh}`).join('; ') || '—']),
    ),
    '',
    '## Departments',
    '',
    table(['code', '部门', 'department', 'submits through', 'plan domains'], DEPARTMENTS.map((d) => [`\`${d.code}\``, d.nameZh, d.nameEn, d.service, d.domains.join(', ')])),
    '',
    '## Units',
    '',
    table(['code', 'symbol', '中文', 'factor'], Object.entries(UNITS).map(([code, u]) => [`\`${code}\``, u.symbol, u.nameZh, u.factor])),
    '',
    '## Record kinds',
    '',
    'Individual records or facility aggregates. `count` must be 1 unless the kind carries a count. Aggregation says how months roll up: `sum` for events, `latest` for period-end snapshots.',
    'Event type: `gov.yunyan.<department>.<kind>.<recorded|revised|withdrawn>.v1`.',
  );
  for (const d of DEPARTMENTS) {
    const kinds = RECORD_KINDS.filter((k) => k.department === d.code);
    if (!kinds.length) continue;
    out.push('', `### ${d.code}`);
    for (const k of kinds) {
      const sex = k.hasSex ? 'sex required' : k.impliedSex ? 'women only (no sex field)' : 'no sex';
      const age = k.hasAgeBand ? `age band of the ${k.ageBandOf}` : 'no age band';
      out.push(
        '',
        `#### \`${k.kind}\` — ${k.nameZh} / ${k.nameEn}`,
        '',
        k.description,
        '',
        `- ${sex}; ${age}; ${k.carriesCount ? 'carries a count (aggregate)' : 'one case per record'}; aggregation \`${k.aggregation}\``,
        ...k.attributes.map((a) => `- ${attribute(a)}`),
      );
    }
  }
  out.push(
    '',
    '## Return kinds',
    '',
    'Statistical returns: aggregated figures by area, period and sex (`figures: [{sex, ageBand?, value, numerator?, denominator?}]`).',
    'Event type: `gov.yunyan.<department>.<kind>-return.<submitted|revised|withdrawn>.v1`. The statistics bureau files its returns directly to the monitoring service.',
    '',
    table(
      ['department', 'kind', '名称', 'name', 'unit', 'num/den', 'sexes', 'age bands', 'periods'],
      RETURN_KINDS.map((k) => [k.department, `\`${k.kind}\``, k.nameZh, k.nameEn, k.unit, k.hasNumeratorDenominator ? 'yes' : 'no', k.sexes.join(' '), k.hasAgeBand ? 'yes' : 'no', k.granularities.join(', ')]),
    ),
    '',
  );
  return out.join('\n');
}

function operand(op: Operand): string {
  if (isAreaCountRef(op)) return `number of ${op.areaLevel} areas`;
  if (isInputRef(op)) {
    const filters = [
      op.sex ? `sex=${op.sex}` : '',
      op.ageBands ? `age ${op.ageBands[0].split('-')[0]}–${op.ageBands[op.ageBands.length - 1].split('-')[1] ?? '+'}` : '',
      ...Object.entries(op.where ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : v}`),
      op.distinctAreas ? `distinct ${op.distinctAreas}s` : '',
    ].filter(Boolean);
    return `${op.department}/${op.recordKind}${filters.length ? `[${filters.join(', ')}]` : ''}`;
  }
  const age = op.ageBands ? `, age ${op.ageBands[0].split('-')[0]}–${op.ageBands[op.ageBands.length - 1].split('-')[1] ?? '+'}` : '';
  return `${op.department}/${op.returnKind}-return(${op.sex}${age})`;
}

function formula(f: IndicatorFormula): string {
  switch (f.type) {
    case 'ratio':
      return `${operand(f.numerator)}${f.numeratorWindowYears ? ` (${f.numeratorWindowYears}-year sum)` : ''} ÷ ${operand(f.denominator)} × ${f.factor}`;
    case 'count':
      return `count ${operand(f.input)}`;
    case 'observation':
      return `${f.return.department}/${f.return.kind}-return(${f.figure.sex})`;
  }
}

function target(i: IndicatorDefinition): string {
  const symbol = UNITS[i.unit].symbol;
  switch (i.comparator) {
    case 'at_least':
      return `≥ ${i.targetValue}${symbol}`;
    case 'at_most':
      return `≤ ${i.targetValue}${symbol}`;
    case 'about':
      return `≈ ${i.targetValue}${symbol} (±${i.tolerance})`;
    case 'coverage':
      return `coverage ${i.targetValue}${symbol}${i.tolerance ? ` (met from ${i.targetValue! - i.tolerance})` : ''}`;
    case 'gap_narrows':
      return `gap narrows (${i.gap!.measure} F vs M)`;
    case 'parity':
      return `parity with ${formula(i.reference!)}`;
    default:
      return i.comparator;
  }
}

export function renderIndicators(): string {
  const out: string[] = [GENERATED('libs/indicators'), '# Indicator catalogue', ''];
  out.push(
    `Catalogue version **${CATALOGUE_VERSION}**, ${INDICATORS.length} indicators: every numeric and directional target of the nine domains of the Yunyan District Women’s Development Plan (2021–2025), main goals (主要目标) and the numeric or clearly directional targets in the strategy measures (策略措施). Target year 2025, baseline year 2020 (the plan states no baseline values, so all are null until the monitoring service records them).`,
    HOW_TO_REGENERATE,
    '',
    'Comparators: `at_least`, `at_most`, `about` (± tolerance), `coverage` (target, met from target − tolerance), `increase`, `decrease`, `gap_narrows` (the formula evaluated for F against M), `parity` (reach the reference formula). Direction is always explicit.',
    'Formulas reference only vocabulary kinds (a unit test proves every reference resolves and every source quote appears verbatim in the plan).',
    '',
    'Goals left out because the plan states no measurable quantity or direction for them (numbers are 主要目标 within each domain): 健康 10 and “主要健康指标基本达到中等发达国家水平” in 健康 1; 教育 1–2; 经济 1, 7 and the skills clause of 4; 乡村振兴 1–4 and 6 (5 is RUR-01); 决策 1; 社会保障 1, 6, 7, 9; 家庭 1–5 and 8; 环境 1–6, 9–10; 法律 2, 3, 8. “合理控制剖宫产率” (策略措施 4 of 健康) states no direction and is left out; its data (`deliveryMode` on `live-birth`) is collected so it can be added.',
  );
  out.push('', table(['domain', 'indicators'], DOMAINS.map((d) => [`${DOMAIN_LABELS[d].section}${DOMAIN_LABELS[d].nameZh} (${d})`, indicatorsOfDomain(d).length])));
  for (const d of DOMAINS) {
    out.push('', `## ${DOMAIN_LABELS[d].section}${DOMAIN_LABELS[d].nameZh} — ${DOMAIN_LABELS[d].nameEn}`, '');
    out.push(
      table(
        ['code', '指标', 'indicator', 'target 2025', 'direction', 'dept', 'formula', 'by sex', 'reporting', 'max YoY swing', 'source'],
        indicatorsOfDomain(d).map((i) => [
          i.code,
          i.nameZh,
          i.nameEn,
          target(i),
          i.direction,
          i.department,
          formula(i.definition),
          i.sexDisaggregated ? 'yes' : 'no',
          `${i.reporting.frequency}, +${i.reporting.deadlineDaysAfterPeriodEnd}d`,
          `${i.fluctuation.maxYearOnYearChange}${i.fluctuation.mode === 'relative' ? ' (relative)' : ''}`,
          `${i.source.clause === 'main-goal' ? '主要目标' : '策略措施'}${i.source.number}：${i.source.text}`,
        ]),
      ),
    );
    const notes = indicatorsOfDomain(d).filter((i) => i.notes);
    if (notes.length) out.push('', ...notes.map((i) => `- **${i.code}**: ${i.notes}`));
  }
  out.push('');
  return out.join('\n');
}
