import { indicatorByCode } from '@wdp/indicators';
import { restsOnSmallCounts } from './small-numbers';

const v = (year: number, value: number, numerator: number | null, denominator: number | null) => ({ year, value, numerator, denominator });

describe('restsOnSmallCounts', () => {
  it('flags a record ratio whose numerator or denominator falls below k in some year', () => {
    const mmr = indicatorByCode('HEA-02')!.definition;
    expect(restsOnSmallCounts(mmr, [v(2020, 20, 5, 25_000), v(2021, 16, 4, 25_000)])).toBe(true);
    expect(restsOnSmallCounts(mmr, [v(2020, 20, 5, 25_000), v(2021, 20, 5, 25_000)])).toBe(false);
    const hivMtct = indicatorByCode('HEA-08')!.definition;
    expect(restsOnSmallCounts(hivMtct, [v(2020, 0, 0, 3)])).toBe(true);
  });

  it('never flags figures from returns', () => {
    expect(restsOnSmallCounts(indicatorByCode('HEA-01')!.definition, [v(2020, 1, null, null)])).toBe(false);
    expect(restsOnSmallCounts(indicatorByCode('DEC-03')!.definition, [v(2020, 30, 3, 10)])).toBe(false);
  });
});
