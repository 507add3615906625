import { streamOf } from '@wdp/demo-data';
import { CLASSES, observe, YEARS } from './classes';
import { raisedKinds, simulate } from './evaluate';
import { simulateLate } from './late';
import { simulateMissing } from './missing';
import { binomial, poisson } from './sampling';

describe('eval:alerts simulation', () => {
  it('samples binomial and Poisson counts with the right mean and spread', () => {
    const rng = streamOf(1, 'sampling');
    const draws = (f: () => number, n = 4000) => {
      const xs = Array.from({ length: n }, f);
      const mean = xs.reduce((s, x) => s + x, 0) / n;
      return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) };
    };
    const small = draws(() => binomial(rng, 10, 0.25));
    expect(small.mean).toBeCloseTo(2.5, 0);
    expect(small.variance).toBeCloseTo(1.875, 0);
    const large = draws(() => binomial(rng, 1500, 0.94));
    expect(Math.abs(large.mean - 1410)).toBeLessThan(1);
    expect(large.variance / (1500 * 0.94 * 0.06)).toBeGreaterThan(0.9);
    const rare = draws(() => poisson(rng, 3));
    expect(rare.mean).toBeCloseTo(3, 0);
    expect(rare.variance).toBeCloseTo(3, 0);
  });

  it('observes each sex (and the total where the indicator has one) every year', () => {
    const share = CLASSES[0];
    const series = observe(share, share.truths.on_track!, streamOf(2, 'observe'));
    expect([...series.keys()].sort()).toEqual(['F', 'M', 'T']);
    for (const values of series.values()) expect(values.map((v) => v.year)).toEqual([...YEARS]);
    const t = series.get('T')![0];
    expect(t.denominator).toBe(3000);
  });

  it('assesses through the service’s own rules: a series collapsing without noise raises a progress warning', () => {
    const mean = CLASSES.find((c) => c.sampling.kind === 'normal')!;
    const collapse = new Map([
      ['F' as const, YEARS.map((year, i) => ({ year, value: 80.6 - i, numerator: null, denominator: null }))],
      ['M' as const, YEARS.map((year) => ({ year, value: 77, numerator: null, denominator: null }))],
    ]);
    expect([...raisedKinds(mean, collapse).keys()]).toContain('deteriorating');
    // Counting: a tally covers every series and detections never exceed them.
    const tally = simulate(mean, 'deterioration', 20, 3);
    expect(tally.series).toBe(20);
    expect(tally.detected).toBeLessThanOrEqual(20);
  });

  it('flags a return that stopped, once, and never one filed on time', () => {
    expect(simulateMissing('shared', 2022, 5, 4)).toEqual({ series: 5, raised: 5, maxAlertsPerCause: 1 });
    expect(simulateMissing('own', null, 5, 4)).toMatchObject({ series: 5, raised: 0 });
  });

  it('late datasets: none while every street sends on time, one alert for a street that stops, none of its own when the whole district stops', () => {
    expect(simulateLate('on_time', 2, 5)).toEqual({ series: 2, raised: 0, maxAlertsPerCause: 0 });
    expect(simulateLate('street_stops', 2, 5)).toEqual({ series: 2, raised: 2, maxAlertsPerCause: 1 });
    expect(simulateLate('district_stops', 2, 5)).toEqual({ series: 2, raised: 0, maxAlertsPerCause: 0 });
    expect(simulateLate('few', 2, 5)).toEqual({ series: 2, raised: 0, maxAlertsPerCause: 0 });
  });
});
