import { ALERT_KINDS, type AlertKind, METHODOLOGY_VERSION } from '@wdp/methodology';
import { CLASSES, EFFECT_SIZES, type Effect } from './classes';
import { simulate } from './evaluate';
import { type LateScenario, simulateLate } from './late';
import { simulateMissing } from './missing';

// `npm run eval:alerts [-- --series N --seed S]`: the operating characteristics of every alert rule on
// simulated series with known truth. Prints a table; the last line is one JSON object (false-alarm and
// detection rate per kind; per kind the worst class, so a good class cannot hide a bad one).

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
};

/** The kinds an assessment of a series decides; missing_data and late_dataset are judged on submissions (simulated apart). */
type AssessedKind = Exclude<AlertKind, 'missing_data' | 'late_dataset'>;

/** The designed effect each kind is meant to detect. */
const EFFECT_OF: Readonly<Record<AssessedKind, Exclude<Effect, 'on_track'>>> = {
  acceleration_needed: 'lag',
  limited: 'lag',
  deteriorating: 'deterioration',
  fluctuating: 'shock',
  gap_widening: 'gap_widening',
};

const LATE_SERIES = 50;

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const round = (x: number) => Number(x.toFixed(4));

export interface KindFigures {
  falseAlarmRate: number;
  detectionRate: number | null;
}

function main(): void {
  const series = arg('series', 2000);
  const seed = arg('seed', 20251231);
  const started = Date.now();
  const rows: string[][] = [];
  const worstFalse = new Map<AlertKind, number>();
  const worstDetect = new Map<AlertKind, number>();
  const detection = new Map<string, number>();

  for (const cls of CLASSES) {
    const onTrack = simulate(cls, 'on_track', series, seed);
    for (const effect of ['lag', 'deterioration', 'shock', 'gap_widening'] as const) {
      if (cls.truths[effect]) detection.set(`${cls.name}/${effect}`, simulate(cls, effect, series, seed).detected / series);
    }
    for (const kind of ALERT_KINDS.filter((k): k is AssessedKind => k !== 'missing_data' && k !== 'late_dataset')) {
      const fa = (onTrack.raised.get(kind) ?? 0) / series;
      worstFalse.set(kind, Math.max(worstFalse.get(kind) ?? 0, fa));
      const det = detection.get(`${cls.name}/${EFFECT_OF[kind]}`) ?? null;
      if (det !== null) worstDetect.set(kind, Math.min(worstDetect.get(kind) ?? 1, det));
      rows.push([cls.name, kind, pct(fa), EFFECT_OF[kind], pct(det)]);
    }
  }

  for (const source of ['own', 'shared'] as const) {
    const onTime = simulateMissing(source, null, series, seed);
    const stopped = simulateMissing(source, 2022, series, seed);
    const fa = onTime.raised / series;
    const det = stopped.raised / series;
    worstFalse.set('missing_data', Math.max(worstFalse.get('missing_data') ?? 0, fa));
    worstDetect.set('missing_data', Math.min(worstDetect.get('missing_data') ?? 1, det));
    rows.push([`annual return (${source === 'own' ? 'one indicator' : 'shared by 8'})`, 'missing_data', pct(fa), `no return after 2022 (≤ ${stopped.maxAlertsPerCause} alert per cause)`, pct(det)]);
  }

  // The late-dataset rule is deterministic given when data came, so fewer series say as much and keep the run short.
  const lateSeries = Math.min(series, LATE_SERIES);
  const late = (scenario: LateScenario) => simulateLate(scenario, lateSeries, seed);
  const [onTime, sparse, few, streetStops, districtStops] = [late('on_time'), late('sparse'), late('few'), late('street_stops'), late('district_stops')];
  worstFalse.set('late_dataset', Math.max(onTime.raised, sparse.raised, few.raised, districtStops.raised) / lateSeries);
  worstDetect.set('late_dataset', streetStops.raised / lateSeries);
  rows.push([`births, 3 streets, ≈30 a month each, sent on time (${lateSeries} series)`, 'late_dataset', pct(onTime.raised / lateSeries), `one street sends nothing after 2023-06 (≤ ${streetStops.maxAlertsPerCause} alert per cause)`, pct(streetStops.raised / lateSeries)]);
  rows.push([`rare events: records in 30 % of a street's months`, 'late_dataset', pct(sparse.raised / lateSeries), `the whole district stops (left to missing_data): ${pct(districtStops.raised / lateSeries)} raised`, 'n/a']);
  rows.push([`a small count: ≈2 records a street-month`, 'late_dataset', pct(few.raised / lateSeries), '—', 'n/a']);

  const header = ['class', 'kind', 'false alarms (on-track series)', 'designed effect', 'detected'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`Alert rules' operating characteristics — methodology ${METHODOLOGY_VERSION}, ${series} series per class and effect, seed ${seed}`);
  console.log(`Effect sizes: lag R = ${EFFECT_SIZES.lagRatio}; deterioration ${EFFECT_SIZES.deteriorationSe} SE by 2025; one-year shock ${EFFECT_SIZES.shockSe} SE; gap widening ${EFFECT_SIZES.gapSe} SE of the difference by 2025.`);
  console.log([fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n'));
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const kinds = Object.fromEntries(ALERT_KINDS.map((k): [AlertKind, KindFigures] => [k, { falseAlarmRate: round(worstFalse.get(k) ?? 0), detectionRate: worstDetect.has(k) ? round(worstDetect.get(k)!) : null }]));
  console.log(JSON.stringify({ methodologyVersion: METHODOLOGY_VERSION, seriesPerCell: series, seed, kinds }));
}

main();
