import { AGE_BANDS, ageBandBounds, ageBandOf, ageBandsBetween, isAgeBand } from './age-band';

describe('age bands', () => {
  it('has 18 contiguous five-year bands ending in an open 85+', () => {
    expect(AGE_BANDS).toHaveLength(18);
    AGE_BANDS.slice(0, -1).forEach((band, i) => {
      expect(ageBandBounds(band)).toEqual({ lower: i * 5, upper: i * 5 + 4 });
    });
    expect(ageBandBounds('85+')).toEqual({ lower: 85, upper: null });
  });

  it.each([
    [0, '0-4'],
    [4, '0-4'],
    [5, '5-9'],
    [34, '30-34'],
    [35, '35-39'],
    [64, '60-64'],
    [84, '80-84'],
    [85, '85+'],
    [112, '85+'],
  ])('ageBandOf(%i) is %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it.each([-1, 3.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects age %p', (age) => {
    expect(() => ageBandOf(age)).toThrow(RangeError);
  });

  it('every age maps into a band whose bounds contain it', () => {
    for (let age = 0; age <= 120; age++) {
      const { lower, upper } = ageBandBounds(ageBandOf(age));
      expect(age).toBeGreaterThanOrEqual(lower);
      if (upper !== null) expect(age).toBeLessThanOrEqual(upper);
    }
  });

  it('lists the bands of an age range on band boundaries', () => {
    expect(ageBandsBetween(35, 64)).toEqual(['35-39', '40-44', '45-49', '50-54', '55-59', '60-64']);
    expect(ageBandsBetween(15, 49)).toHaveLength(7);
    expect(ageBandsBetween(60, null)).toEqual(['60-64', '65-69', '70-74', '75-79', '80-84', '85+']);
  });

  it('refuses a range that would cut a band', () => {
    expect(() => ageBandsBetween(36, 64)).toThrow(RangeError);
    expect(() => ageBandsBetween(35, 65)).toThrow(RangeError);
    expect(() => ageBandsBetween(35, 90)).toThrow(RangeError);
  });

  it('recognises band codes', () => {
    expect(isAgeBand('35-39')).toBe(true);
    expect(isAgeBand('35-40')).toBe(false);
    expect(isAgeBand(35)).toBe(false);
  });
});
