import fc from 'fast-check';
import type { SexOrTotal } from '@wdp/contracts';
import { indicatorByCode } from '@wdp/indicators';
import type { YearlyValue } from '../evaluation/evaluate-formula';
import { assessArea } from './assess-area';

const series = (values: Record<number, number>): YearlyValue[] =>
  Object.entries(values).map(([year, value]) => ({ year: Number(year), value, numerator: null, denominator: null }));
const bySex = (entries: [SexOrTotal, YearlyValue[]][]) => new Map(entries);

describe('assessArea', () => {
  const mmr = indicatorByCode('HEA-02')!; // at most 14 per 100,000, lower is better

  it('raises the progress alert of a lagging indicator, with its components', () => {
    const result = assessArea(mmr, bySex([['T', series({ 2020: 20, 2021: 19.8, 2022: 19.6, 2023: 19.4 })]]), null);
    const row = result.rows.find((r) => r.sex === 'T')!;
    expect(row.status).toBe('limited');
    expect(row.alertKinds).toEqual(['limited']);
    expect(row.year).toBe(2023);
    expect(row.components.progress!.components).toMatchObject({ baseYear: 2020, baseValue: 20, currentYear: 2023, currentValue: 19.4 });
    expect(row.components.progress!.methodologyVersion).toBeDefined();
    const t = result.transitions.find((x) => x.sex === 'T')!;
    expect(t.raise).toEqual(['limited']);
    expect(t.resolve).toEqual(expect.arrayContaining(['acceleration_needed', 'deteriorating', 'fluctuating']));
  });

  it('resolves progress alerts once the series is on track', () => {
    const result = assessArea(mmr, bySex([['T', series({ 2020: 20, 2021: 18, 2022: 16.5, 2023: 15 })]]), null);
    const t = result.transitions.find((x) => x.sex === 'T')!;
    expect(result.rows[0].status).toMatch(/on_track|achieved/);
    expect(t.raise).toEqual([]);
    expect(t.resolve).toEqual(expect.arrayContaining(['acceleration_needed', 'limited', 'deteriorating']));
  });

  it('holds a worrying status back while the evidence is weak (two points)', () => {
    const result = assessArea(mmr, bySex([['T', series({ 2020: 20, 2021: 22 })]]), null);
    expect(result.rows[0].status).toBe('deteriorating');
    expect(result.transitions[0].raise).toEqual([]);
  });

  it('raises a fluctuation warning for one wild year (波动较大) and resolves it when the series calms', () => {
    const lifeExpectancy = indicatorByCode('HEA-01')!;
    const wild = assessArea(lifeExpectancy, bySex([['F', series({ 2020: 80, 2021: 80.3, 2022: 83.5, 2023: 80.9, 2024: 81.2 })]]), null);
    const f = wild.rows.find((r) => r.sex === 'F')!;
    expect(f.components.fluctuation!.fluctuating).toBe(true);
    expect(f.alertKinds).toContain('fluctuating');
    const calm = assessArea(lifeExpectancy, bySex([['F', series({ 2020: 80, 2021: 80.3, 2022: 80.6, 2023: 80.9, 2024: 81.2 })]]), null);
    expect(calm.transitions.find((t) => t.sex === 'F')!.resolve).toContain('fluctuating');
  });

  it('holds warnings back for a series on small counts, but still resolves', () => {
    const lagging = series({ 2020: 20, 2021: 19.8, 2022: 19.6, 2023: 19.4 });
    const result = assessArea(mmr, bySex([['T', lagging]]), null, { smallNumbers: new Set(['T']) });
    expect(result.rows[0]).toMatchObject({ status: 'limited', alertKinds: [], components: { heldBack: 'small_numbers' } });
    expect(result.transitions[0].raise).toEqual([]);
    expect(result.transitions[0].resolve).toContain('deteriorating');
  });

  it('warns of a widening female–male gap even when the women’s series is on track', () => {
    const lifeExpectancy = indicatorByCode('HEA-01')!; // women’s life expectancy ≥ 81.8
    const result = assessArea(
      lifeExpectancy,
      bySex([
        ['F', series({ 2020: 80, 2021: 80.5, 2022: 81, 2023: 81.6 })],
        ['M', series({ 2020: 76, 2021: 75, 2022: 74, 2023: 73 })],
      ]),
      null,
    );
    expect(result.rows.map((r) => r.sex).sort()).toEqual(['F', 'gap']);
    const gap = result.rows.find((r) => r.sex === 'gap')!;
    expect(gap.status).toBe('widening');
    expect(gap.alertKinds).toEqual(['gap_widening']);
    expect(result.rows.find((r) => r.sex === 'F')!.alertKinds).toEqual([]);
  });

  it('does not repeat a falling women’s share as a widening gap while the share itself already warns', () => {
    const share = indicatorByCode('DEC-05')!; // women's share of CPPCC members, increase
    const falling = assessArea(share, bySex([['F', series({ 2020: 28, 2021: 27, 2022: 26, 2023: 25 })], ['M', series({ 2020: 72, 2021: 73, 2022: 74, 2023: 75 })]]), null);
    expect(falling.rows.find((r) => r.sex === 'F')!.alertKinds).toEqual(['deteriorating']);
    expect(falling.rows.find((r) => r.sex === 'gap')).toMatchObject({ status: 'widening', alertKinds: [] });
  });

  it('judges a widening gap against the sampling variation of its counts, not a fixed tolerance', () => {
    // LAW-02, a rate per 100,000 from ≈45 cases a sex a year: a parity index moving 1.00 → 1.22 is chance.
    const rate = indicatorByCode('LAW-02')!;
    const counted = (xs: number[]) => xs.map((x, i) => ({ year: 2020 + i, value: (x / 150_000) * 100_000, numerator: x, denominator: 150_000 }));
    const noisy = assessArea(rate, bySex([['F', counted([45, 52, 41, 49, 55, 50])], ['M', counted([45, 44, 47, 40, 46, 41])]]), null);
    const gap = noisy.rows.find((r) => r.sex === 'gap')!;
    expect(gap.components.gap!.distanceChange!).toBeGreaterThan(0.05);
    expect(gap.components.gap!.trendTest).toMatchObject({ variance: 'sampling', trend: 'stable' });
    expect(gap.alertKinds).not.toContain('gap_widening');
    // Ten times the cases, the same steady divergence: real.
    const real = assessArea(rate, bySex([['F', counted([450, 480, 510, 540, 570, 600])], ['M', counted([450, 450, 450, 450, 450, 450])]]), null);
    expect(real.rows.find((r) => r.sex === 'gap')!.alertKinds).toContain('gap_widening');
  });

  it('judges a share with its own numeric target against that target, not against parity', () => {
    // ECO-01: women's share of new jobs, 40 ± 2 %. Moving from 46 % to 40 % reaches the target; by distance
    // from 50 % it would read as a widening gap and contradict the target.
    const jobs = indicatorByCode('ECO-01')!;
    const toTarget = assessArea(jobs, bySex([['F', series({ 2020: 46, 2021: 44, 2022: 42, 2023: 40 })], ['M', series({ 2020: 54, 2021: 56, 2022: 58, 2023: 60 })]]), null);
    const gap = toTarget.rows.find((r) => r.sex === 'gap')!;
    expect(gap.status).toBe('widening');
    expect(gap.alertKinds).toEqual([]);
    expect(gap.components.inhibited).toEqual({ kinds: ['gap_widening'], reason: 'own_target' });
    expect(toTarget.transitions.find((t) => t.sex === 'gap')!.resolve).toContain('gap_widening');
    // DEC-18: at least 10 %; 31 % is well above it, whatever its distance from parity does.
    const chairs = indicatorByCode('DEC-18')!;
    const fine = assessArea(chairs, bySex([['F', series({ 2020: 40, 2021: 37, 2022: 34, 2023: 31 })], ['M', series({ 2020: 60, 2021: 63, 2022: 66, 2023: 69 })]]), null);
    expect(fine.rows.find((r) => r.sex === 'F')!.alertKinds).toEqual([]);
    expect(fine.rows.find((r) => r.sex === 'gap')!.alertKinds).toEqual([]);
    // A share with no numeric target (DEC-05, "increase") is still watched for a widening gap.
    const members = indicatorByCode('DEC-05')!;
    const drifting = assessArea(members, bySex([['F', series({ 2020: 30, 2021: 31, 2022: 30, 2023: 28.5 })], ['M', series({ 2020: 70, 2021: 69, 2022: 70, 2023: 71.5 })]]), null);
    expect(drifting.rows.find((r) => r.sex === 'gap')!.components.inhibited).toBeUndefined();
  });

  it('raises one alert, gap_widening, when a gap goal’s gap widens (not deteriorating as well)', () => {
    const incomeGap = indicatorByCode('ECO-03')!;
    const widening = assessArea(incomeGap, bySex([['F', series({ 2020: 86, 2021: 84, 2022: 82, 2023: 80 })], ['M', series({ 2020: 100, 2021: 100, 2022: 100, 2023: 100 })]]), null);
    const row = widening.rows.find((r) => r.sex === 'gap')!;
    expect(row.components.progress!.status).toBe('deteriorating');
    expect(row.alertKinds).toEqual(['gap_widening']);
    expect(widening.transitions[0].resolve).toContain('deteriorating');
    expect(row.components.inhibited).toEqual({ kinds: ['deteriorating'], reason: 'gap_goal_widening' });
  });

  it('judges an explicit gap target on the gap itself', () => {
    const incomeGap = indicatorByCode('ECO-03')!; // F/M income, gap narrows
    const result = assessArea(
      incomeGap,
      bySex([
        ['F', series({ 2020: 80, 2021: 82, 2022: 84, 2023: 86 })],
        ['M', series({ 2020: 100, 2021: 100, 2022: 100, 2023: 100 })],
      ]),
      null,
    );
    expect(result.rows.map((r) => r.sex)).toEqual(['gap']);
    expect(result.rows[0].components.gap!.trend).toBe('narrowing');
    expect(result.rows[0].alertKinds).not.toContain('gap_widening');
  });

  it('assesses a parity indicator against its reference in the current year', () => {
    const dec02 = indicatorByCode('DEC-02')!; // delegates’ share ≥ members’ share
    const result = assessArea(dec02, bySex([['F', series({ 2020: 25, 2021: 26, 2022: 27, 2023: 28 })]]), series({ 2022: 30, 2023: 27 }));
    const row = result.rows.find((r) => r.sex === 'F')!;
    expect(row.components.referenceValue).toBe(27);
    expect(row.status).toBe('achieved');
  });

  it('does not depend on the order the yearly values come in', () => {
    const values = series({ 2020: 20, 2021: 19.5, 2022: 21, 2023: 18, 2024: 17.5 });
    const expected = JSON.stringify(assessArea(mmr, bySex([['T', values]]), null).rows);
    fc.assert(
      fc.property(fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }), (shuffled) => {
        expect(JSON.stringify(assessArea(mmr, bySex([['T', shuffled]]), null).rows)).toBe(expected);
      }),
    );
  });
});
