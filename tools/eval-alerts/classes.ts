import type { SexOrTotal } from '@wdp/contracts';
import { indicatorByCode, type IndicatorDefinition } from '@wdp/indicators';
import type { YearlyValue } from '../../apps/monitoring-service/src/evaluation/evaluate-formula';
import type { Rng } from '@wdp/demo-data';
import { binomial, normal, poisson } from './sampling';

export const YEARS = [2020, 2021, 2022, 2023, 2024, 2025] as const;
/** The year a designed one-year shock hits. */
export const SHOCK_YEAR = 2023;

/** How one year's value is observed from its true value. */
export type Sampling =
  | { kind: 'binomial'; n: Partial<Record<SexOrTotal, number>> }
  | { kind: 'poisson'; population: Partial<Record<SexOrTotal, number>>; per: number }
  | { kind: 'normal'; sd: number };

/** True values by sex and year (T is derived from F and M where the indicator has it). */
export type Truth = Partial<Record<'F' | 'M', readonly number[]>>;

/** The designed departures from an on-track series, with their size. */
export type Effect = 'on_track' | 'lag' | 'deterioration' | 'shock' | 'gap_widening';

export interface IndicatorClass {
  name: string;
  /** A catalogue indicator of the class: its target, comparator and disaggregation are the ones assessed. */
  indicator: IndicatorDefinition;
  sampling: Sampling;
  /** Standard error of one year's headline value at the base level, the unit designed effects are sized in. */
  se: number;
  /** The sexes whose values a department reports. */
  sexes: ('F' | 'M')[];
  /** Whether T is reported beside F and M (a sex-neutral indicator). */
  total: boolean;
  /** Truth for each effect the class can carry (absent: not designed for this class, e.g. a lag without a numeric target). */
  truths: Partial<Record<Effect, Truth>>;
}

const line = (from: number, to: number): number[] => YEARS.map((_, i) => from + ((to - from) * i) / (YEARS.length - 1));
const withShock = (base: readonly number[], year: number, size: number): number[] => base.map((v, i) => (YEARS[i] === year ? v + size : v));
const binomialSe = (p: number, n: number) => 100 * Math.sqrt((p / 100) * (1 - p / 100) / n);

/** Effect sizes, in standard errors of one year's value (docs/methodology.md states them). */
export const EFFECT_SIZES = {
  /** Lag: the observed pace is this share of the pace the target needs (R). */
  lagRatio: 0.4,
  /** Deterioration: the value moves the wrong way by this many SE between the base year and 2025. */
  deteriorationSe: 4,
  /** One-year shock (SHOCK_YEAR) of this many SE, then back on the line. */
  shockSe: 5,
  /** Gap widening: the female–male difference grows by this many SE of the difference by 2025. */
  gapSe: 6,
} as const;

function share(): IndicatorClass {
  // EDU-04, senior-secondary gross enrolment ≥ 95 % for girls, boys and all: 1,500 pupils of each sex a year,
  // starting from 88 % in 2020 (the plan asks for 7 points in five years).
  const n = 1500;
  const se = binomialSe(90, n);
  const onTrack = line(88, 96);
  const lag = line(88, 88 + (95 - 88) * EFFECT_SIZES.lagRatio);
  const worse = line(88, 88 - EFFECT_SIZES.deteriorationSe * se);
  const gapGrowth = EFFECT_SIZES.gapSe * se * Math.SQRT2;
  return {
    name: 'share (n = 1,500)',
    indicator: indicatorByCode('EDU-04')!,
    sampling: { kind: 'binomial', n: { F: n, M: n } },
    se,
    sexes: ['F', 'M'],
    total: true,
    truths: {
      on_track: { F: onTrack, M: onTrack },
      lag: { F: lag, M: lag },
      deterioration: { F: worse, M: worse },
      shock: { F: withShock(onTrack, SHOCK_YEAR, -EFFECT_SIZES.shockSe * se), M: withShock(onTrack, SHOCK_YEAR, -EFFECT_SIZES.shockSe * se) },
      gap_widening: { F: line(95.5, 97 - gapGrowth / 2), M: line(95.5, 97 + gapGrowth / 2) },
    },
  };
}

function rate(): IndicatorClass {
  // LAW-02, a rate per 100,000 that should decrease: 150,000 women and 150,000 men, about 45 cases each a year.
  const population = 150_000;
  const base = 30;
  const se = (Math.sqrt((base * population) / 1e5) / population) * 1e5;
  const onTrack = YEARS.map((_, i) => base * 0.94 ** i);
  const worse = line(base, base + EFFECT_SIZES.deteriorationSe * se);
  const gapGrowth = EFFECT_SIZES.gapSe * se * Math.SQRT2;
  return {
    name: 'rate per 100,000 (≈45 cases)',
    indicator: indicatorByCode('LAW-02')!,
    sampling: { kind: 'poisson', population: { F: population, M: population }, per: 1e5 },
    se,
    sexes: ['F', 'M'],
    total: true,
    truths: {
      on_track: { F: onTrack, M: onTrack },
      deterioration: { F: worse, M: worse },
      shock: { F: withShock(onTrack, SHOCK_YEAR, EFFECT_SIZES.shockSe * se), M: withShock(onTrack, SHOCK_YEAR, EFFECT_SIZES.shockSe * se) },
      gap_widening: { F: onTrack.map((v, i) => v + (gapGrowth * i) / 5), M: onTrack },
    },
  };
}

function mean(): IndicatorClass {
  // HEA-01, women's life expectancy ≥ 81.8 years, filed by the statistics bureau with an SE of 0.2 years.
  const sd = 0.2;
  const onTrackF = line(80.6, 82.4);
  const onTrackM = line(76.6, 78.4);
  return {
    name: 'mean or score (SE 0.2)',
    indicator: indicatorByCode('HEA-01')!,
    sampling: { kind: 'normal', sd },
    se: sd,
    sexes: ['F', 'M'],
    total: false,
    truths: {
      on_track: { F: onTrackF, M: onTrackM },
      lag: { F: line(80.6, 80.6 + (81.8 - 80.6) * EFFECT_SIZES.lagRatio), M: onTrackM },
      deterioration: { F: line(80.6, 80.6 - EFFECT_SIZES.deteriorationSe * sd), M: onTrackM },
      shock: { F: withShock(onTrackF, SHOCK_YEAR, -EFFECT_SIZES.shockSe * sd), M: onTrackM },
      gap_widening: { F: onTrackF, M: onTrackM.map((v, i) => v - (EFFECT_SIZES.gapSe * sd * Math.SQRT2 * i) / 5) },
    },
  };
}

function smallNumber(): IndicatorClass {
  // DEC-18, women's share of villagers' committee chairs ≥ 10 %: ten chairs. One chair is 10 points.
  const n = 10;
  const se = binomialSe(25, n);
  const onTrack = YEARS.map(() => 25);
  return {
    name: 'small numbers (n = 10)',
    indicator: indicatorByCode('DEC-18')!,
    sampling: { kind: 'binomial', n: { F: n } },
    se,
    sexes: ['F'],
    total: false,
    // False alarms only: no effect a share of ten can show is large against its own noise (one chair is
    // 1.4 SE), which is the point of this class.
    truths: { on_track: { F: onTrack } },
  };
}

export const CLASSES: readonly IndicatorClass[] = [share(), rate(), mean(), smallNumber()];

/** One simulated district series: the values a department would report, by sex, every year. */
export function observe(cls: IndicatorClass, truth: Truth, rng: Rng): Map<SexOrTotal, YearlyValue[]> {
  const out = new Map<SexOrTotal, YearlyValue[]>();
  const totals = YEARS.map(() => ({ num: 0, den: 0 }));
  for (const sex of cls.sexes) {
    const values: YearlyValue[] = [];
    YEARS.forEach((year, i) => {
      const t = truth[sex]![i];
      const s = cls.sampling;
      if (s.kind === 'normal') {
        values.push({ year, value: Number((t + s.sd * normal(rng)).toFixed(2)), numerator: null, denominator: null });
      } else if (s.kind === 'binomial') {
        const n = s.n[sex]!;
        const k = binomial(rng, n, t / 100);
        totals[i].num += k;
        totals[i].den += n;
        values.push({ year, value: (k / n) * 100, numerator: k, denominator: n });
      } else {
        const pop = s.population[sex]!;
        const k = poisson(rng, (t * pop) / s.per);
        totals[i].num += k;
        totals[i].den += pop;
        values.push({ year, value: (k / pop) * s.per, numerator: k, denominator: pop });
      }
    });
    out.set(sex, values);
  }
  // A share of one sex reports the other sex's share as its complement (the catalogue keeps F and M).
  if (cls.sexes.length === 1 && cls.sampling.kind === 'binomial') {
    out.set('M', out.get('F')!.map((v) => ({ year: v.year, value: 100 - v.value, numerator: v.denominator! - v.numerator!, denominator: v.denominator })));
  }
  if (cls.total) {
    const per = cls.sampling.kind === 'poisson' ? cls.sampling.per : 100;
    out.set('T', YEARS.map((year, i) => ({ year, value: (totals[i].num / totals[i].den) * per, numerator: totals[i].num, denominator: totals[i].den })));
  }
  return out;
}
