import { gapTrendTest, type GapTrendYear } from './gap-trend';

const counted = (x: number, n: number, factor = 100) => ({ value: (x / n) * factor, numerator: x, denominator: n });
const years = (f: readonly { value: number; numerator?: number; denominator?: number }[], m?: readonly { value: number; numerator?: number; denominator?: number }[]): GapTrendYear[] =>
  f.map((female, i) => ({ year: 2020 + i, female, ...(m ? { male: m[i] } : {}) }));

describe('gapTrendTest', () => {
  it('finds a 2-point-a-year divergence of two shares of 1,500 pupils real', () => {
    const f = [0, 1, 2, 3, 4, 5].map((i) => counted(1433 - 30 * i, 1500));
    const m = [0, 1, 2, 3, 4, 5].map(() => counted(1433, 1500));
    const test = gapTrendTest(years(f, m), { scale: 'difference', factor: 100 });
    expect(test).toMatchObject({ variance: 'sampling', trend: 'widening' });
    expect(test.statistic!).toBeGreaterThan(test.critical!);
  });

  it('reads the same relative movement of rates from 45 cases a year as chance', () => {
    // A parity index moving 1.00 → 1.27 looks like a widening gap; with ≈45 cases a sex a year it is noise.
    const f = [45, 52, 41, 49, 55, 50].map((x) => counted(x, 150_000, 100_000));
    const m = [45, 44, 47, 40, 46, 41].map((x) => counted(x, 150_000, 100_000));
    expect(gapTrendTest(years(f, m), { scale: 'log_ratio', factor: 100_000 }).trend).toBe('stable');
  });

  it('widens whichever sex is ahead, and narrows when the gap closes', () => {
    const f = [0, 1, 2, 3, 4, 5].map((i) => counted(600 + 40 * i, 2000));
    const m = [0, 1, 2, 3, 4, 5].map(() => counted(600, 2000));
    expect(gapTrendTest(years(f, m), { scale: 'difference', factor: 100 }).trend).toBe('widening');
    expect(gapTrendTest(years(m, f), { scale: 'difference', factor: 100 }).trend).toBe('widening');
    const closing = [0, 1, 2, 3, 4, 5].map((i) => counted(800 - 40 * i, 2000));
    expect(gapTrendTest(years(closing, m), { scale: 'difference', factor: 100 }).trend).toBe('narrowing');
  });

  it('judges a share of one sex by its distance from 50 %', () => {
    const away = [0, 1, 2, 3, 4, 5].map((i) => counted(400 - 20 * i, 1000));
    expect(gapTrendTest(years(away), { scale: 'share_distance', factor: 100, reference: 50 }).trend).toBe('widening');
    const towards = [0, 1, 2, 3, 4, 5].map((i) => counted(400 + 15 * i, 1000));
    expect(gapTrendTest(years(towards), { scale: 'share_distance', factor: 100, reference: 50 }).trend).toBe('narrowing');
  });

  it('allows for overdispersion: scatter beyond sampling variation widens the test', () => {
    // Large denominators but year-to-year swings far beyond binomial noise, with a small upward drift.
    const f = [30, 36, 29, 37, 31, 38].map((p) => counted(p * 100, 10_000));
    const m = [30, 30, 30, 30, 30, 30].map((p) => counted(p * 100, 10_000));
    const test = gapTrendTest(years(f, m), { scale: 'difference', factor: 100 });
    expect(test.phi!).toBeGreaterThan(1);
    expect(test.trend).toBe('stable');
  });

  it('uses the residual scatter for values without counts, and needs four years for it', () => {
    const f = [80, 80.5, 81, 81.4, 82, 82.5].map((value) => ({ value }));
    const m = [76, 75.6, 75.1, 74.4, 74, 73.5].map((value) => ({ value }));
    expect(gapTrendTest(years(f, m), { scale: 'log_ratio', factor: 1 })).toMatchObject({ variance: 'residual', trend: 'widening' });
    expect(gapTrendTest(years(f.slice(0, 3), m.slice(0, 3)), { scale: 'log_ratio', factor: 1 }).trend).toBe('insufficient_data');
  });

  it('does not call a negligible drift of values filed on exact steps a widening (values without counts)', () => {
    // HEA-01-like: female and male life expectancy on exact steps; the parity gap drifts 0.0749 → 0.0752.
    const f = [80, 80.4, 80.8, 81.2, 81.6, 82].map((value) => ({ value }));
    const m = f.map((v) => ({ value: v.value / Math.exp(0.0749 + 0.00006 * f.indexOf(v)) }));
    expect(gapTrendTest(years(f, m), { scale: 'log_ratio', factor: 1 }).trend).toBe('widening');
    expect(gapTrendTest(years(f, m), { scale: 'log_ratio', factor: 1, minimumChange: Math.log(1.05) }).trend).toBe('stable');
  });

  it('keeps a year where one sex counted nothing (half a count), and skips years without the other sex', () => {
    const f = [0, 1, 2, 0, 1, 3].map((x) => counted(x, 20_000, 100_000));
    const m = [1, 0, 2, 1, 1, 2].map((x) => counted(x, 20_000, 100_000));
    const test = gapTrendTest(years(f, m), { scale: 'log_ratio', factor: 100_000 });
    expect(test.years).toBe(6);
    expect(test.trend).toBe('stable');
    expect(gapTrendTest([{ year: 2020, female: counted(5, 10) }], { scale: 'difference', factor: 100 }).years).toBe(0);
  });
});
