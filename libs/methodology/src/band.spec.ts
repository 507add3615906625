import { assessProgress } from './progress';
import type { IndicatorSpec, YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const about = (targetValue: number, tolerance: number): IndicatorSpec => ({ comparator: 'about', targetValue, tolerance, baseYear: 2020, targetYear: 2025, unit: '%' });
const parity = (referenceValue: number, tolerance?: number): IndicatorSpec => ({ comparator: 'parity', referenceValue, tolerance, baseYear: 2020, targetYear: 2025, unit: 'index' });

describe("'about' targets (band target ± tolerance)", () => {
  it('achieved inside the band (社区两委女性比例保持在50%左右: 50 ± 5)', () => {
    const a = assessProgress(about(50, 5), pts({ 2020: 40, 2022: 51 }));
    expect(a.status).toBe('achieved');
    expect(a.reason).toBe('within_band');
    expect(a.components.band).toEqual({ lower: 45, upper: 55 });
    expect(a.components.direction).toBeNull();
  });

  it('band edges are inside', () => {
    expect(assessProgress(about(50, 5), pts({ 2020: 40, 2022: 45 })).status).toBe('achieved');
    expect(assessProgress(about(50, 5), pts({ 2020: 60, 2022: 55 })).status).toBe('achieved');
  });

  it('below the band: aims at the lower edge, direction higher (R = 1.0891 → on_track)', () => {
    // 40 ± 2 (女性比例达到40%左右) → lower edge 38. Base 30 (2020), 35 (2023).
    // observed = (35/30)^(1/3) − 1 = 0.052727; required = (38/30)^(1/5) − 1 = 0.048413; R = 1.089096.
    const a = assessProgress(about(40, 2), pts({ 2020: 30, 2023: 35 }));
    expect(a.components.direction).toBe('higher');
    expect(a.components.targetValue).toBe(38);
    expect(a.components.ratio).toBeCloseTo(1.089096, 5);
    expect(a.status).toBe('on_track');
  });

  it('above the band: aims at the upper edge, direction lower (R = 0.3056 → limited)', () => {
    // 50 ± 5 → upper edge 55. 70 (2020) → 68 (2022): observed = (68/70)^(1/2) − 1 = −0.014389 → directed +0.014389;
    // required = (55/70)^(1/5) − 1 = −0.047088; R = 0.014389 / 0.047088 = 0.305584.
    const a = assessProgress(about(50, 5), pts({ 2020: 70, 2022: 68 }));
    expect(a.components.direction).toBe('lower');
    expect(a.components.targetValue).toBe(55);
    expect(a.components.ratio).toBeCloseTo(0.305584, 5);
    expect(a.status).toBe('limited');
  });

  it('a series that crossed the band is moving away from it now (band_crossed, R < 0)', () => {
    // 30 → 60 over 3 years with band [45, 55]: now above, edge 55, direction lower.
    // observed = 2^(1/3) − 1 = 0.259921 → directed −0.259921; required = (55/30)^(1/5) − 1 = 0.128881; R = −2.016747.
    const a = assessProgress(about(50, 5), pts({ 2020: 30, 2023: 60 }));
    expect(a.notes).toContain('band_crossed');
    expect(a.components.ratio).toBeCloseTo(-2.016747, 5);
    expect(a.status).toBe('deteriorating');
  });

  it('a series that left the band is deteriorating (base_met_target)', () => {
    // 50 (inside [45, 55]) → 58: observed = 1.16^(1/2) − 1 = 0.077033 → directed −0.077033;
    // required = (55/50)^(1/5) − 1 = 0.019245; R = −4.002778.
    const a = assessProgress(about(50, 5), pts({ 2020: 50, 2022: 58 }));
    expect(a.notes).toContain('base_met_target');
    expect(a.components.ratio).toBeCloseTo(-4.002778, 4);
    expect(a.status).toBe('deteriorating');
  });

  it('needs a tolerance', () => {
    expect(() => assessProgress({ comparator: 'about', targetValue: 50, baseYear: 2020, targetYear: 2025, unit: '%' }, [])).toThrow(/tolerance/);
  });
});

describe("'parity' targets (towards a reference)", () => {
  it('parity index towards 1 within 0.02 (R = 1.0468 → on_track)', () => {
    // Edge 1.02. 1.25 (2020) → 1.10 (2023): observed = (1.1/1.25)^(1/3) − 1 = −0.041716 → directed +0.041716;
    // required = (1.02/1.25)^(1/5) − 1 = −0.039852; R = 1.046765.
    const a = assessProgress(parity(1, 0.02), pts({ 2020: 1.25, 2023: 1.1 }));
    expect(a.components.band).toEqual({ lower: 0.98, upper: 1.02 });
    expect(a.components.ratio).toBeCloseTo(1.046765, 5);
    expect(a.status).toBe('on_track');
  });

  it('without a tolerance only the reference itself is parity', () => {
    expect(assessProgress(parity(1), pts({ 2020: 1.25, 2023: 1 })).status).toBe('achieved');
    expect(assessProgress(parity(1), pts({ 2020: 1.25, 2023: 1.0001 })).status).not.toBe('achieved');
  });

  it('share of women towards 50 % from below moves up', () => {
    // 42 → 46 over 2 years, edge 49 (50 ± 1): observed = (46/42)^(1/2) − 1 = 0.046536; required = (49/42)^(1/5) − 1 = 0.031310.
    const a = assessProgress(parity(50, 1), pts({ 2020: 42, 2022: 46 }));
    expect(a.components.direction).toBe('higher');
    expect(a.components.observedCagr).toBeCloseTo(0.046536, 5);
    expect(a.components.requiredCagr).toBeCloseTo(0.03131, 5);
    expect(a.status).toBe('on_track');
  });

  it('needs a reference value, and a targetValue (if any) must equal it', () => {
    expect(() => assessProgress({ comparator: 'parity', baseYear: 2020, targetYear: 2025, unit: '%' }, [])).toThrow(/referenceValue/);
    expect(() => assessProgress({ ...parity(50), targetValue: 40 }, [])).toThrow(/referenceValue/);
  });
});
