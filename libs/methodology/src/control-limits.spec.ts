import { controlLimits, winsorisedMeanSquare } from './control-limits';
import { assessFluctuation } from './fluctuation';
import type { CountBasis } from './intervals';

/** Counts of `n` each year from 2021, as a share in % and its count basis. */
function shares(numerators: number[], n: number | number[]) {
  const dens = numerators.map((_, i) => (Array.isArray(n) ? n[i] : n));
  const points = numerators.map((x, i) => ({ year: 2021 + i, value: (x * 100) / dens[i] }));
  const counts: CountBasis = { factor: 100, counts: numerators.map((x, i) => ({ year: 2021 + i, numerator: x, denominator: dens[i] })) };
  return { points, counts };
}

/** A deterministic generator, so the simulated rates never depend on the run. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('controlLimits (funnel-plot limits from the denominator)', () => {
  it('flags a 9 → 16 → 9 % swing among 200 chairs (DEC-18 with 200 chairs), which the 10-point floor hid', () => {
    const { points, counts } = shares([18, 18, 32, 18, 18], 200);
    const r = assessFluctuation(points, { bound: { absolute: 10 }, counts });
    expect(r.rules).toEqual(['control_limits']);
    expect(r.controlLimits!.points.map((p) => p.flagged)).toEqual([false, false, true, false, false]);
    // 9 → 15 → 9 is z = 2.65 against the other years (their own sampling error included): inside the
    // family-wise limit (2.81 for five years) that keeps false alarms at ≤ 5 % of series.
    const six = assessFluctuation(shares([18, 18, 30, 18, 18], 200).points, { counts: shares([18, 18, 30, 18, 18], 200).counts });
    expect(six.controlLimits!.points[2].z).toBeCloseTo(2.65, 1);
    expect(six.fluctuating).toBe(false);
  });

  it('never flags one chair among five villages, whichever year it moves', () => {
    for (const series of [[0, 0, 1, 0, 0], [1, 1, 2, 1, 1], [1, 2, 1, 2, 1], [2, 1, 2, 1, 2, 1], [0, 1, 0, 1, 0, 1]]) {
      const { points, counts } = shares(series, 5);
      const r = assessFluctuation(points, { bound: { absolute: 10 }, counts });
      expect(r.fluctuating).toBe(false);
      // The retired constant bound would have called the same one-chair change a 20-point swing.
      expect(r.swings.changes.some((c) => c.exceeds.length > 0)).toBe(true);
    }
  });

  it('needs every year counted, else the old rules apply', () => {
    const { points, counts } = shares([18, 18, 30, 18, 18], 200);
    const partial: CountBasis = { ...counts, counts: counts.counts.slice(1) };
    expect(assessFluctuation(points, { bound: { absolute: 10 }, counts: partial }).controlLimits).toBeNull();
  });

  it('judges rates per 100,000 against Poisson variation', () => {
    // Maternal deaths per 100,000 live births: 0, 1, 0, 2, 1 deaths in ~4,000 births a year never flag.
    const births = [4000, 4100, 3900, 4000, 4050];
    const deaths = [0, 1, 0, 2, 1];
    const points = deaths.map((d, i) => ({ year: 2021 + i, value: (d * 100_000) / births[i] }));
    const counts: CountBasis = { factor: 100_000, counts: deaths.map((d, i) => ({ year: 2021 + i, numerator: d, denominator: births[i] })) };
    const r = assessFluctuation(points, { counts });
    expect(r.controlLimits!.kind).toBe('rate');
    expect(r.fluctuating).toBe(false);
  });

  it('scores few events by an exact test against the other years, and many by the normal score', () => {
    // 6 of 10 chairs against 5 of 40 in the other years: Fisher's test, P(X ≥ 6) = 0.0040 → z = 2.65.
    const chairs = shares([2, 1, 1, 6, 1], 10);
    expect(controlLimits(chairs.points, chairs.counts)!.points[3].z).toBeCloseTo(2.65, 2);
    // 9 of 12 deaths in a year with a fifth of the births: conditional binomial, P(X ≥ 9) = 6.2e-5 → z = 3.84.
    const births = [4000, 4000, 4000, 4000, 4000];
    const deaths = [1, 1, 0, 9, 1];
    const rates: CountBasis = { factor: 100_000, counts: deaths.map((d, i) => ({ year: 2021 + i, numerator: d, denominator: births[i] })) };
    const r = controlLimits(deaths.map((d, i) => ({ year: 2021 + i, value: (d * 100_000) / births[i] })), rates)!;
    expect(r.points[3].z).toBeCloseTo(3.84, 2);
    expect(r.points[3].flagged).toBe(true);
    // 5,500 of 10,000 against a flat 50 % in the other years: the normal score with the trend's own error.
    const large = shares([5000, 5000, 5500, 5000, 5000], 10_000);
    const z = controlLimits(large.points, large.counts)!.points[2].z;
    expect(z).toBeCloseTo(0.05 / Math.sqrt(0.25 / 10_000 + 0.25 / 40_000), 6);
  });

  it('winsorises the most extreme z-score at each end before estimating φ', () => {
    expect(winsorisedMeanSquare([0, 0, 10, 0, 0])).toBe(0);
    expect(winsorisedMeanSquare([1, -1, 1, -1, 8, -8])).toBe(1);
  });

  it('widens the limits of a series noisier than its counts imply (overdispersion)', () => {
    // 50,000 women a year, the share wandering ±1 point: far beyond binomial noise (0.2 points).
    const { points, counts } = shares([30000, 30600, 29500, 30700, 29800, 30400], 50_000);
    const r = controlLimits(points, counts)!;
    expect(r.phi).toBeGreaterThan(1);
    expect(r.reference).toBe('overdispersed');
    expect(r.points.some((p) => p.flagged)).toBe(false);
  });

  it('flags at most 5 % of straight series with pure sampling noise', () => {
    const rnd = lcg(20261207);
    let flagged = 0;
    const runs = 1000;
    for (let s = 0; s < runs; s++) {
      const n = 200;
      const xs = Array.from({ length: 6 }, (_, i) => {
        let x = 0;
        for (let j = 0; j < n; j++) if (rnd() < 0.2 + 0.01 * i) x++;
        return x;
      });
      const { points, counts } = shares(xs, n);
      if (controlLimits(points, counts)!.points.some((p) => p.flagged)) flagged++;
    }
    expect(flagged / runs).toBeLessThanOrEqual(0.05);
  });
});
