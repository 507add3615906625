import type { AlertKind } from '@wdp/methodology';
import type { SexOrTotal } from '@wdp/contracts';
import { assessArea } from '../../apps/monitoring-service/src/assessment/assess-area';
import type { YearlyValue } from '../../apps/monitoring-service/src/evaluation/evaluate-formula';
import { type Effect, type IndicatorClass, observe, SHOCK_YEAR, YEARS } from './classes';
import { streamOf } from '@wdp/demo-data';

/** The alert kinds whose raise counts as detecting each designed effect. */
export const DETECTED_BY: Readonly<Record<Exclude<Effect, 'on_track'>, readonly AlertKind[]>> = {
  lag: ['acceleration_needed', 'limited'],
  deterioration: ['deteriorating', 'limited'],
  shock: ['fluctuating'],
  gap_widening: ['gap_widening'],
};

/**
 * The kinds the monitoring service would raise for one series as its years arrive: after each year from
 * 2021 the series so far is assessed by the service's own `assessArea` (mapping, evidence policy and
 * inhibition included), and every kind any sex raises is collected with the first year it was raised.
 */
export function raisedKinds(cls: IndicatorClass, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>): Map<AlertKind, number[]> {
  const raised = new Map<AlertKind, number[]>();
  for (const upTo of YEARS.slice(1)) {
    const sofar = new Map([...series].map(([sex, vs]) => [sex, vs.filter((v) => v.year <= upTo)]));
    const kinds = new Set(assessArea(cls.indicator, sofar, null).rows.flatMap((r) => r.alertKinds));
    for (const kind of kinds) raised.set(kind, [...(raised.get(kind) ?? []), upTo]);
  }
  return raised;
}

/** A shock is detected by a fluctuation warning once the shocked year is in, not by one raised before it. */
const detects = (effect: Effect, kind: AlertKind, years: readonly number[]) =>
  effect !== 'on_track' && DETECTED_BY[effect].includes(kind) && (effect !== 'shock' || years.some((y) => y >= SHOCK_YEAR));

export interface Tally {
  series: number;
  /** Series in which each kind was raised at least once. */
  raised: Map<AlertKind, number>;
  /** Series in which the designed effect was detected (an alert of a kind that stands for it). */
  detected: number;
}

/** Simulates `count` series of one class and effect (seeded, so every run gives the same figures). */
export function simulate(cls: IndicatorClass, effect: Effect, count: number, seed: number): Tally {
  const truth = cls.truths[effect];
  if (!truth) throw new Error(`${cls.name} carries no ${effect}`);
  const rng = streamOf(seed, `${cls.name}/${effect}`);
  const raised = new Map<AlertKind, number>();
  let detected = 0;
  for (let i = 0; i < count; i++) {
    const kinds = raisedKinds(cls, observe(cls, truth, rng));
    for (const kind of kinds.keys()) raised.set(kind, (raised.get(kind) ?? 0) + 1);
    if ([...kinds].some(([kind, years]) => detects(effect, kind, years))) detected++;
  }
  return { series: count, raised, detected };
}
