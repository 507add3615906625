import { INDICATORS, type IndicatorDefinition, selectedSex } from '@wdp/indicators';

/**
 * The story the demo data tell: for every indicator of the catalogue, the trajectory its district value
 * follows from 2020 to 2025. Most indicators reach their target (numeric) or grow well (directional); the
 * exceptions below are deliberate, so the monitoring team knows which alerts to expect and why.
 */
export type Scenario =
  | 'achieved'
  | 'on_track'
  | 'acceleration_needed'
  | 'limited'
  | 'deteriorating'
  | 'fluctuating'
  | 'gap_widening'
  | 'missing_recent';

export interface ScenarioChoice {
  scenario: Scenario;
  why: string;
  /** 2020 value of the headline series, when the default for the unit would be implausible. */
  start?: number;
}

/**
 * Indicators resting on a handful of cases a year in a district of this size (five mothers with HIV, one
 * maternal death in seven years, five villages). Their planned scenario holds on average, but a single case
 * moves the rate by many points, so the monitoring service may show fluctuation, gap or lagging warnings
 * for them at the district too: that is the truth of small numbers, not a planned story.
 */
export const SMALL_NUMBER_INDICATORS: ReadonlySet<string> = new Set([
  'HEA-02', 'HEA-08', 'HEA-09', 'HEA-21', 'HEA-22', 'HEA-23', 'HEA-24', 'HEA-25', 'HEA-26', 'HEA-27', 'HEA-28', 'HEA-29', 'HEA-31',
  'ECO-04', 'DEC-16', 'DEC-17', 'DEC-18', 'LAW-04', 'LAW-05', 'LAW-06', 'LAW-08',
]);

/** Men's value relative to women's where they differ in kind, not by a target (victims, occupational disease). */
export const MALE_RATIOS: Readonly<Record<string, number>> = {
  'LAW-02': 0.15, 'LAW-07': 0.12, 'LAW-09': 0.6, 'ECO-04': 1.8, 'SOC-09': 0.7, 'HEA-06': 2.5, 'HEA-07': 1.4, 'HEA-11': 0.8,
  'HEA-01': 0.93, 'HEA-32': 0.95, 'EDU-06': 1.02, 'RUR-01': 1.8, 'RUR-02': 2.2, 'DEC-07': 4,
};

export const FIRST_YEAR = 2020;
export const TARGET_YEAR = 2025;

/** Deliberate exceptions; every other indicator is `achieved` (numeric target) or `on_track` (directional). */
export const SCENARIO_CHOICES: Readonly<Record<string, ScenarioChoice>> = {
  'HEA-03': { scenario: 'acceleration_needed', start: 58, why: 'screening coverage grows, but too slowly to reach 70 % by 2025' },
  'EDU-03': { scenario: 'acceleration_needed', start: 93.5, why: 'consolidation rate improves, short of 96 %' },
  'DEC-21': { scenario: 'acceleration_needed', start: 22, why: 'women community party secretaries rise, short of 30 %' },
  'HEA-15': { scenario: 'limited', start: 84, why: 'fitness pass rate barely moves towards 88.6 %' },
  'SOC-08': { scenario: 'limited', start: 45, why: 'centralised support of those unable to care for themselves stalls below 60 %' },
  'ENV-02': { scenario: 'limited', start: 90, why: 'drinking-water source quality improves little towards 95 %' },
  'DEC-14': { scenario: 'limited', start: 35, why: 'women’s share of workers’ congress delegates stays well below their share of employees (42 %)' },
  'HEA-13': { scenario: 'deteriorating', start: 9.2, why: 'anaemia among pregnant women rises past the 10 % ceiling' },
  'HEA-05': { scenario: 'deteriorating', start: 11, why: 'the induced abortion rate rises instead of falling' },
  'DEC-05': { scenario: 'deteriorating', start: 28, why: 'women’s share of CPPCC members falls' },
  'LAW-10': { scenario: 'fluctuating', start: 82, why: '12338 cases handled in time collapse in 2023 (hotline staffing gap), then recover' },
  'FAM-03': { scenario: 'fluctuating', start: 1.8, why: 'childcare places per 1,000 jump in 2023 (a one-off count of kindergarten classes), then fall back' },
  'EDU-07': { scenario: 'gap_widening', start: 30, why: 'women’s lifelong-learning participation grows, men’s grows much faster: the gap widens while the headline looks fine' },
  'DEC-01': { scenario: 'on_track', start: 36, why: 'women’s share of party members grows steadily' },
  'DEC-02': { scenario: 'achieved', start: 40, why: 'women’s share of party congress delegates stays above their share of members' },
  'EDU-05': { scenario: 'on_track', start: 10, why: 'women’s science literacy rises faster than men’s: the gap narrows' },
  'ECO-03': { scenario: 'on_track', start: 62_000, why: 'women’s average income catches up with men’s' },
  'FAM-05': { scenario: 'on_track', start: 22, why: 'fathers take a growing share of family-education services' },
  'LAW-02': { scenario: 'on_track', start: 60, why: 'reported domestic violence against women falls' },
  'HEA-09': { scenario: 'on_track', start: 4, why: 'hepatitis B mother-to-child transmission falls' },
  'HEA-32': { scenario: 'acceleration_needed', start: 68.5, why: 'healthy life expectancy gains about 0.7 years a year: moderate by the directional thresholds (1.5 % a year is “good”)' },
  'DEC-18': { scenario: 'achieved', start: 20, why: 'one of the five village committee chairs is a woman (20 % ≥ 10 %)' },
  'HEA-14': { scenario: 'missing_recent', start: 32, why: 'the 2025 regular-exercise survey return was never submitted (deadline 2026-03-31)' },
};

export function scenarioOf(indicator: IndicatorDefinition): ScenarioChoice {
  const chosen = SCENARIO_CHOICES[indicator.code];
  if (chosen) return chosen;
  const numeric = indicator.targetValue !== null || indicator.comparator === 'parity';
  return numeric
    ? { scenario: 'achieved', why: 'reaches its target by 2025' }
    : { scenario: 'on_track', why: 'moves the right way by about 3 % a year' };
}

/** Direction of improvement: +1 higher is better, −1 lower is better. */
export function directionOf(indicator: IndicatorDefinition): 1 | -1 {
  if (indicator.direction === 'lower_is_better') return -1;
  if (indicator.comparator === 'gap_narrows' || indicator.comparator === 'decrease' || indicator.comparator === 'at_most') return -1;
  return 1;
}

/** A plausible 2020 value when the scenario table gives none. */
export function defaultStart(indicator: IndicatorDefinition): number {
  const t = indicator.targetValue;
  const d = directionOf(indicator);
  if (indicator.comparator === 'about' && t !== null) return t - 1.6 * (indicator.tolerance ?? 1);
  if (indicator.comparator === 'coverage' && t !== null) return t - Math.max(8, 2 * (indicator.tolerance ?? 0));
  if (t !== null) {
    switch (indicator.unit) {
      case 'percent':
        return d > 0 ? t - Math.min(8, t * 0.15) : t * 1.3;
      case 'years':
        return t - 0.6;
      case 'persons':
        return t;
      default:
        return d > 0 ? t * 0.85 : t * 1.4;
    }
  }
  switch (indicator.unit) {
    case 'percent':
      return d > 0 ? 42 : 12;
    case 'per-mille':
      return 10;
    case 'per-100k':
      return 25;
    case 'per-1000-population':
      return 2;
    case 'years':
      return 70;
    case 'minutes-per-day':
      return 150;
    case 'yuan':
      return 60_000;
    case 'ratio':
      return 0.8;
    default:
      return 100; // persons, cases: the count indicators grow as an index from 100
  }
}

/** Observed rate of change per year for each scenario: R relative to the required rate, or a plain CAGR. */
const PROGRESS_RATIO: Partial<Record<Scenario, number>> = { acceleration_needed: 0.78, limited: 0.3, deteriorating: -0.6 };
const DIRECTIONAL_CAGR: Partial<Record<Scenario, number>> = { acceleration_needed: 0.01, limited: 0.002, deteriorating: -0.025 };

export interface IndicatorPlan {
  code: string;
  scenario: Scenario;
  why: string;
  start: number;
  /** The planned value of a sex's series in a year (`F` is also the series of indicators without sex). */
  value(year: number, sex: 'F' | 'M'): number;
}

/**
 * A straight line from the start to the value the yearly factor reaches in 2025 (and beyond, for the
 * current year). Status depends only on the end points; a straight path keeps the robust fluctuation check
 * (residuals from a Theil–Sen line) quiet, where the curvature of a geometric path, or any small wobble, is
 * enough for its modified z-score to call a year an outlier when the residuals are all tiny.
 */
function pathValue(start: number, yearlyFactor: number, year: number): number {
  const span = TARGET_YEAR - FIRST_YEAR;
  const end = start * Math.pow(yearlyFactor, span);
  return start + ((end - start) * (year - FIRST_YEAR)) / span;
}

const clampPercent = (unit: string, v: number) => (unit === 'percent' ? Math.min(100, Math.max(0, v)) : Math.max(0, v));

/**
 * The planned series. Where the headline is the total of both sexes (neutral formulas) men run 0.5 % behind
 * women, so the total never passes a target the women's series is planned to miss. Numeric targets: geometric path from the start to an end value chosen so that the
 * progress ratio R lands in the scenario's band (achieved ends just past the target). Directional: a steady
 * CAGR. Men's series run beside the women's at a fixed ratio, except in the gap-widening scenario.
 */
export function planOf(indicator: IndicatorDefinition): IndicatorPlan {
  const choice = scenarioOf(indicator);
  const d = directionOf(indicator);
  const start = choice.start ?? defaultStart(indicator);
  const t = indicator.targetValue;
  const span = TARGET_YEAR - FIRST_YEAR;
  let yearlyFactor: number;
  const base = choice.scenario === 'fluctuating' || choice.scenario === 'missing_recent' || choice.scenario === 'gap_widening' ? 'achieved' : choice.scenario;
  const metAtStart = t !== null && (d > 0 ? start >= t : start <= t);
  if (base === 'deteriorating' && metAtStart) {
    // The base already meets the target: deteriorating means slipping past it.
    yearlyFactor = 1 - d * 0.03;
  } else if (t !== null && indicator.comparator !== 'gap_narrows') {
    const required = Math.pow(t / start, 1 / span) - 1;
    const ratio = PROGRESS_RATIO[base];
    if (ratio !== undefined) yearlyFactor = 1 + ratio * required;
    else {
      // Achieved: end just past the target (exactly at it for full coverage, inside the band for `about`).
      const end = indicator.comparator === 'about' ? t : indicator.comparator === 'coverage' && t === 100 ? 100 : t * (1 + d * 0.015);
      yearlyFactor = Math.pow(end / start, 1 / span);
    }
  } else if (indicator.comparator === 'gap_narrows') {
    // The women's level itself moves the natural way (income and literacy up, housework down); the gap is in the men's series.
    yearlyFactor = indicator.unit === 'minutes-per-day' ? 0.98 : 1.05;
  } else {
    yearlyFactor = 1 + d * (DIRECTIONAL_CAGR[base] ?? 0.03);
  }
  const female = (year: number): number => {
    let v = pathValue(start, yearlyFactor, year);
    if (choice.scenario === 'fluctuating' && year === 2023) v = indicator.unit === 'percent' ? v - 18 : v * 1.7;
    return clampPercent(indicator.unit, v);
  };
  const maleRatio =
    indicator.comparator === 'gap_narrows'
      ? indicator.unit === 'minutes-per-day' ? 0.45 : 1.25
      : (MALE_RATIOS[indicator.code] ?? (selectedSex(indicator.definition) === 'F' ? 1 + d * 0.02 : 1 - d * 0.005));
  const male = (year: number): number => {
    if (choice.scenario === 'gap_widening') return clampPercent(indicator.unit, start * 1.02 * Math.pow(1.075, year - FIRST_YEAR));
    if (indicator.comparator === 'gap_narrows') {
      // The gap narrows: the distance between the men's and the women's value shrinks by 10 % a year.
      const k = Math.pow(0.9, year - FIRST_YEAR);
      return female(year) * (1 + (maleRatio - 1) * k);
    }
    return clampPercent(indicator.unit, female(year) * maleRatio);
  };
  return { code: indicator.code, scenario: choice.scenario, why: choice.why, start, value: (year, sex) => (sex === 'F' ? female(year) : male(year)) };
}

export function allPlans(): Map<string, IndicatorPlan> {
  return new Map(INDICATORS.map((i) => [i.code, planOf(i)]));
}
