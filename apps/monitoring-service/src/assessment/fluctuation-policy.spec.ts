import { assessFluctuation } from '@wdp/assessment';
import { materialFluctuation } from './fluctuation-policy';

const series = (values: number[]) => values.map((value, i) => ({ year: 2020 + i, value }));

describe('materialFluctuation', () => {
  it('ignores a rounding wobble on a nearly straight series that the z-score alone would flag', () => {
    const smooth = series([57.999, 59.838, 61.682, 63.523, 65.365, 67.202]);
    const raw = assessFluctuation(smooth, { bound: { absolute: 5 } });
    expect(raw.fluctuating).toBe(true); // the methodology's z-score alone
    const judged = materialFluctuation(raw, { absolute: 5 });
    expect(judged.fluctuating).toBe(false);
    expect(judged.immaterialOutliers.length).toBeGreaterThan(0);
  });

  it('keeps a material outlier (a collapse of 18 points in one year)', () => {
    const collapse = series([82, 83, 84, 67, 86, 87]);
    const judged = materialFluctuation(assessFluctuation(collapse, { bound: { absolute: 20 } }), { absolute: 20 });
    expect(judged).toMatchObject({ fluctuating: true, rules: ['modified_z_score'], immaterialOutliers: [] });
  });

  it('measures a relative bound against the value', () => {
    const jump = series([1.8, 1.85, 1.9, 3.3, 2.0, 2.05]);
    const judged = materialFluctuation(assessFluctuation(jump, { bound: { relative: 0.8 } }), { relative: 0.8 });
    expect(judged.fluctuating).toBe(true);
    expect(judged.materiality[2023]).toBeCloseTo(0.4 * 3.3);
  });

  it('leaves the year-on-year swing rule as the methodology applied it', () => {
    const swing = series([40, 47, 45, 52]);
    const judged = materialFluctuation(assessFluctuation(swing, { bound: { absolute: 5 } }), { absolute: 5 });
    expect(judged.rules).toContain('year_on_year_swing');
  });
});
