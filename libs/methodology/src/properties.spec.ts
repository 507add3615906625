import fc from 'fast-check';
import { alertTransitionsFor } from './alerts';
import { assessIndicator } from './assess';
import { assessFluctuation } from './fluctuation';
import { assessGap, parityIndex } from './gap';
import { checkSubmission } from './missing-data';
import { assessProgress } from './progress';
import type { Comparator, IndicatorSpec, ProgressStatus, YearValue } from './types';

const plan = { baseYear: 2020, targetYear: 2025, unit: '%' } as const;
/** Realistic values: hundredths from 0 to 1000, zero included. */
const value = fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100);
const signedValue = fc.integer({ min: -5_000, max: 15_000 }).map((n) => n / 100);
const RANK: Record<ProgressStatus, number> = {
  // A judgement on the evidence, not a grade: properties of grades compare the point status (see (4)).
  insufficient_evidence: -3,
  insufficient_data: -2,
  undetermined: -1,
  deteriorating: 0,
  limited: 1,
  acceleration_needed: 2,
  on_track: 3,
  achieved: 4,
};

/** Distinct years (sorted) zipped with values: a series in year order. */
function series(years: fc.Arbitrary<number[]>, values: fc.Arbitrary<number>): fc.Arbitrary<YearValue[]> {
  return years.chain((ys) => fc.array(values, { minLength: ys.length, maxLength: ys.length }).map((vs) => ys.map((year, i) => ({ year, value: vs[i] }))));
}
const planYears = (min: number, max: number) =>
  fc.uniqueArray(fc.integer({ min: 2020, max: 2025 }), { minLength: min, maxLength: max }).map((ys) => [...ys].sort((a, b) => a - b));

/** A strictly monotone series: distinct values sorted up (or down), assigned to sorted years. */
function monotone(up: boolean): fc.Arbitrary<YearValue[]> {
  return planYears(2, 6).chain((ys) =>
    fc.uniqueArray(value, { minLength: ys.length, maxLength: ys.length }).map((vs) => {
      const sorted = [...vs].sort((a, b) => (up ? a - b : b - a));
      return ys.map((year, i) => ({ year, value: sorted[i] }));
    }),
  );
}

const anySpec: fc.Arbitrary<IndicatorSpec> = fc.oneof(
  fc.record({ comparator: fc.constantFrom<Comparator>('at_least', 'at_most'), targetValue: signedValue }),
  fc.record({ comparator: fc.constant<Comparator>('about'), targetValue: value, tolerance: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ comparator: fc.constantFrom<Comparator>('increase', 'decrease') }),
  fc.record({ comparator: fc.constant<Comparator>('gap_narrows'), targetValue: fc.option(value, { nil: undefined }) }),
  fc.record({ comparator: fc.constant<Comparator>('parity'), referenceValue: fc.constantFrom(1, 50), tolerance: fc.constantFrom(0, 0.05, 2) }),
  fc.record({ comparator: fc.constant<Comparator>('coverage') }),
).chain((s) =>
  fc.record({ baselineValue: fc.option(signedValue, { nil: undefined }) }).map((b) => ({ ...plan, ...s, ...b }) as IndicatorSpec),
);

describe('properties', () => {
  it('(1) a strictly monotone improving series never reads as deteriorating', () => {
    const cases = fc.oneof(
      fc.tuple(fc.constantFrom<Comparator>('at_least', 'coverage', 'increase'), monotone(true)),
      fc.tuple(fc.constantFrom<Comparator>('at_most', 'decrease'), monotone(false)),
    );
    fc.assert(
      fc.property(cases, value, ([comparator, points], target) => {
        const needsTarget = comparator === 'at_least' || comparator === 'at_most';
        const spec: IndicatorSpec = { ...plan, comparator, ...(needsTarget ? { targetValue: target } : {}) };
        expect(assessProgress(spec, points).status).not.toBe('deteriorating');
      }),
      { numRuns: 500 },
    );
  });

  it('(2) the result never depends on the order of input points', () => {
    const input = anySpec.chain((spec) =>
      series(fc.uniqueArray(fc.integer({ min: 2015, max: 2027 }), { maxLength: 9 }), signedValue).chain((points) =>
        fc.shuffledSubarray(points, { minLength: points.length, maxLength: points.length }).map((shuffled) => ({ spec, points, shuffled })),
      ),
    );
    fc.assert(
      fc.property(input, ({ spec, points, shuffled }) => {
        expect(assessIndicator(spec, shuffled)).toEqual(assessIndicator(spec, points));
      }),
      { numRuns: 500 },
    );
  });

  it('(3) achieved stays achieved when more on-target points are added', () => {
    const input = fc.record({
      target: fc.integer({ min: 1, max: 1000 }),
      start: value,
      early: fc.uniqueArray(fc.integer({ min: 2021, max: 2023 }), { minLength: 1, maxLength: 3 }),
      later: fc.uniqueArray(fc.integer({ min: 2024, max: 2025 }), { minLength: 1, maxLength: 2 }),
      surplus: fc.array(value, { minLength: 5, maxLength: 5 }),
      comparator: fc.constantFrom<Comparator>('at_least', 'at_most'),
    });
    fc.assert(
      fc.property(input, ({ target, start, early, later, surplus, comparator }) => {
        const sign = comparator === 'at_least' ? 1 : -1;
        const onTarget = (i: number) => Math.max(0, target + sign * surplus[i % surplus.length]);
        const years = [...early].sort((a, b) => a - b);
        const points = [{ year: 2020, value: start }, ...years.map((year, i) => ({ year, value: i === years.length - 1 ? onTarget(i) : start }))];
        const spec: IndicatorSpec = { ...plan, comparator, targetValue: target };
        expect(assessProgress(spec, points).status).toBe('achieved');
        const more = [...points, ...later.map((year, i) => ({ year, value: onTarget(i + 1) }))];
        expect(assessProgress(spec, more).status).toBe('achieved');
      }),
      { numRuns: 300 },
    );
  });

  it('(4) a higher latest value never worsens an at_least status', () => {
    const input = fc.record({ points: series(planYears(2, 5), value), target: value, bump: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100) });
    fc.assert(
      fc.property(input, ({ points, target, bump }) => {
        const spec: IndicatorSpec = { ...plan, comparator: 'at_least', targetValue: target };
        const last = points[points.length - 1];
        const higher = [...points.slice(0, -1), { year: last.year, value: last.value + bump }];
        // Graded on the point estimates: whether the scatter then leaves the grade standing is another
        // question (a higher latest value can widen or narrow the series' own scatter about its trend).
        const pointStatus = (r: ReturnType<typeof assessProgress>) => r.components.uncertainty?.pointStatus ?? r.status;
        const before = pointStatus(assessProgress(spec, points));
        const after = pointStatus(assessProgress(spec, higher));
        if (before !== 'undetermined' && after !== 'undetermined') expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
      }),
      { numRuns: 500 },
    );
  });

  it('(5) status does not depend on the unit (scaling values and target by k > 0)', () => {
    const positive = fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100);
    const input = fc.record({ points: series(planYears(2, 5), positive), target: positive, k: fc.constantFrom(0.01, 0.5, 3, 100, 1000) });
    fc.assert(
      fc.property(input, ({ points, target, k }) => {
        const spec = (t: number): IndicatorSpec => ({ ...plan, comparator: 'at_least', targetValue: t });
        const a = assessProgress(spec(target), points);
        const b = assessProgress(spec(target * k), points.map((p) => ({ year: p.year, value: p.value * k })));
        if (a.components.ratio !== null) {
          // Relative tolerance: R can be −8·10⁴ (a collapse to near zero), where 6 decimals is below float precision.
          expect(Math.abs(b.components.ratio! - a.components.ratio)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.components.ratio)));
          // Statuses agree unless R sits within rounding of a threshold.
          const nearEdge = [0.95, 0.6, 0].some((t) => Math.abs(a.components.ratio! - t) < 1e-9);
          if (!nearEdge) expect(b.status).toBe(a.status);
        } else {
          expect(b.status).toBe(a.status);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('(6) status for increase mirrors status for decrease on the reciprocal series', () => {
    const positive = fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100);
    fc.assert(
      fc.property(series(planYears(2, 6), positive), (points) => {
        const up = assessProgress({ ...plan, comparator: 'increase' }, points);
        const down = assessProgress({ ...plan, comparator: 'decrease' }, points.map((p) => ({ year: p.year, value: 1 / p.value })));
        // (1/c ÷ 1/b)^(1/n) − 1 = (b/c)^(1/n) − 1, which is not −g, so compare signs, not statuses.
        expect(Math.sign(down.components.directedCagr!)).toBe(Math.sign(up.components.directedCagr!));
      }),
      { numRuns: 300 },
    );
  });

  it('(7) fluctuation never depends on order, and a straight line never fluctuates', () => {
    const input = series(fc.uniqueArray(fc.integer({ min: 2010, max: 2025 }), { maxLength: 10 }), signedValue).chain((points) =>
      fc.shuffledSubarray(points, { minLength: points.length, maxLength: points.length }).map((shuffled) => ({ points, shuffled })),
    );
    fc.assert(
      fc.property(input, ({ points, shuffled }) => {
        expect(assessFluctuation(shuffled, { bound: { relative: 0.2 } })).toEqual(assessFluctuation(points, { bound: { relative: 0.2 } }));
      }),
      { numRuns: 300 },
    );
    const line = fc.record({ a: signedValue, b: fc.integer({ min: -500, max: 500 }).map((n) => n / 10), years: planYears(4, 6) });
    fc.assert(
      fc.property(line, ({ a, b, years }) => {
        const points = years.map((year) => ({ year, value: a + b * (year - 2020) }));
        expect(assessFluctuation(points).fluctuating).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('(7b) a straight trend with noise below half the bound never fluctuates', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.array(fc.double({ min: -0.49, max: 0.49, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (level, slope, bound, noise) => {
          // Noise within ±0.49 × bound/2 of the line, and yearly steps (slope ± noise) kept inside the bound.
          const step = Math.sign(slope) * Math.min(Math.abs(slope), bound / 2);
          const series = noise.map((n, i) => ({ year: 2020 + i, value: level + step * i + (n * bound) / 2 }));
          const r = assessFluctuation(series, { bound: { absolute: bound * 2 } });
          expect(r.rules).not.toContain('modified_z_score');
        },
      ),
    );
  });

  it('(8) parityIndex is symmetric and never below 1', () => {
    const positive = fc.double({ min: 0.001, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(positive, positive, (f, m) => {
        expect(parityIndex(f, m)).toBe(parityIndex(m, f));
        expect(parityIndex(f, m)!).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('(9) the gap trend is the same whichever sex is passed first (difference measure)', () => {
    const input = planYears(1, 6).chain((ys) =>
      fc.tuple(fc.array(value, { minLength: ys.length, maxLength: ys.length }), fc.array(value, { minLength: ys.length, maxLength: ys.length })).map(
        ([f, m]) => ({ f: ys.map((year, i) => ({ year, value: f[i] })), m: ys.map((year, i) => ({ year, value: m[i] })) }),
      ),
    );
    fc.assert(
      fc.property(input, ({ f, m }) => {
        const a = assessGap(f, m, plan);
        const b = assessGap(m, f, plan);
        expect(b.trend).toBe(a.trend);
        expect(b.gapWidening).toBe(a.gapWidening);
        expect(b.progress.status).toBe(a.progress.status);
      }),
      { numRuns: 300 },
    );
  });

  it('(10) missing data: later "now" never means fewer missing periods; receiving the latest due period clears it', () => {
    const instant = fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2027, 0, 1) });
    const input = fc.record({
      frequency: fc.constantFrom('annual' as const, 'quarterly' as const, 'monthly' as const),
      months: fc.integer({ min: 0, max: 6 }),
      day: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
      t1: instant,
      dt: fc.integer({ min: 0, max: 400 * 86_400_000 }),
    });
    fc.assert(
      fc.property(input, ({ frequency, months, day, t1, dt }) => {
        const deadline = { monthsAfterPeriodEnd: months, dayOfMonth: day };
        const first = { annual: '2020', quarterly: '2020-Q1', monthly: '2020-01' }[frequency];
        const at = (t: number) => checkSubmission({ frequency, deadline, lastReceived: null, firstExpected: first, now: new Date(t) });
        const early = at(t1);
        const late = at(t1 + dt);
        expect(late.missing.length).toBeGreaterThanOrEqual(early.missing.length);
        const upToDate = checkSubmission({ frequency, deadline, lastReceived: early.latestDuePeriod, now: new Date(t1) });
        expect(upToDate.overdue).toBe(false);
        expect(new Date(upToDate.nextDue.dueBy).getTime()).toBeGreaterThan(t1);
      }),
      { numRuns: 300 },
    );
  });

  it('(11) alert transitions never raise and resolve the same kind', () => {
    const input = anySpec.chain((spec) => series(planYears(0, 6), signedValue).map((points) => ({ spec, points })));
    fc.assert(
      fc.property(input, ({ spec, points }) => {
        const r = assessIndicator(spec, points);
        const t = alertTransitionsFor({ progress: r.progress, fluctuation: r.fluctuation, gap: r.gap }, { minEvidence: 'weak' });
        expect(t.raise.filter((k) => t.resolve.includes(k))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
