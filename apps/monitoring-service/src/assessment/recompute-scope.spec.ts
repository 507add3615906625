import { indicatorByCode } from '@wdp/indicators';
import { AREAS, DISTRICT, STREET } from '../test-support/fixtures';
import { activityNumerators, activitySeries, boundedGroups, coalescePairs, dataFrom, earlierYear, needsEveryYear, recomputeFrom, seriesKey } from './recompute-scope';

const indicator = (code: string) => indicatorByCode(code)!;

describe('recompute scope', () => {
  it('takes the earlier change year, every year (null) winning', () => {
    expect(earlierYear(2024, 2018)).toBe(2018);
    expect(earlierYear(2018, 2024)).toBe(2018);
    expect(earlierYear(null, 2018)).toBeNull();
    expect(earlierYear(2018, null)).toBeNull();
  });

  it('coalesces the queued rows of a pair into one, from the earliest year any of them names', () => {
    const pairs = coalescePairs([
      { indicatorCode: 'HEA-02', areaCode: DISTRICT, fromYear: 2024 },
      { indicatorCode: 'HEA-02', areaCode: STREET, fromYear: 2025 },
      { indicatorCode: 'HEA-02', areaCode: DISTRICT, fromYear: 2016 },
      { indicatorCode: 'HEA-01', areaCode: DISTRICT, fromYear: 2024 },
      { indicatorCode: 'HEA-01', areaCode: DISTRICT, fromYear: null },
      { indicatorCode: 'HEA-01', areaCode: DISTRICT, fromYear: 2023 },
    ]);
    expect(pairs).toEqual([
      { indicatorCode: 'HEA-02', areaCode: DISTRICT, fromYear: 2016 },
      { indicatorCode: 'HEA-02', areaCode: STREET, fromYear: 2025 },
      { indicatorCode: 'HEA-01', areaCode: DISTRICT, fromYear: null },
    ]);
  });

  it('recomputes from the changed year, or from the baseline year when the change is more recent', () => {
    const mmr = indicator('HEA-02');
    expect(mmr.baseline.year).toBe(2020);
    expect(recomputeFrom(mmr, 2025)).toBe(2020);
    expect(recomputeFrom(mmr, 2020)).toBe(2020);
    expect(recomputeFrom(mmr, 2014)).toBe(2014);
    expect(recomputeFrom(mmr, null)).toBeNull();
    expect(recomputeFrom(mmr, undefined)).toBeNull();
  });

  it('reads data back as far as a numerator window reaches', () => {
    expect(dataFrom(indicator('HEA-02'), 2020)).toBe(2020);
    expect(dataFrom(indicator('HEA-03'), 2020)).toBe(2016); // screenings summed over five years
  });

  it('groups pairs by the years they rewrite and read, so a screening window does not widen every read', () => {
    const groups = boundedGroups(
      [
        { indicatorCode: 'HEA-02', areaCode: DISTRICT, fromYear: 2020 },
        { indicatorCode: 'HEA-03', areaCode: DISTRICT, fromYear: 2020 },
        { indicatorCode: 'HEA-02', areaCode: STREET, fromYear: 2020 },
        { indicatorCode: 'HEA-02', areaCode: STREET, fromYear: null },
        { indicatorCode: 'HEA-02', areaCode: DISTRICT, fromYear: 2017 },
      ],
      indicator,
    );
    expect(groups.map((g) => [g.from, g.since, g.pairs.map((p) => `${p.indicatorCode}@${p.areaCode}`)])).toEqual([
      [2020, 2020, [`HEA-02@${DISTRICT}`, `HEA-02@${STREET}`]],
      [2020, 2016, [`HEA-03@${DISTRICT}`]],
      [2017, 2017, [`HEA-02@${DISTRICT}`]],
    ]);
  });

  it('watches record numerators of another kind than their denominator, in the areas they are read in', () => {
    expect(activityNumerators(indicator('HEA-02')).map((r) => r.recordKind)).toEqual(['maternal-death']);
    expect(activityNumerators(indicator('HEA-08'))).toEqual([]); // infected of tested: the same record kind
    expect(activitySeries(indicator('HEA-02'), STREET, AREAS)).toEqual([[seriesKey('health/maternal-death', STREET)]]);
    const [streets] = activitySeries(indicator('SOC-07'), DISTRICT, AREAS); // streets with a centre
    expect(streets.length).toBe(AREAS.ofLevel('street').length);
    expect(streets.every((k) => k.startsWith('social-security/elderly-service-centre?'))).toBe(true);
  });

  it('recomputes every year only when a watched numerator may have started or stopped reporting', () => {
    const deaths = [[seriesKey('health/maternal-death', DISTRICT)]];
    const none = new Set<string>();
    const some = new Set([seriesKey('health/maternal-death', DISTRICT)]);
    expect(needsEveryYear(deaths, some, some)).toBe(false); // reported before and after
    expect(needsEveryYear(deaths, some, none)).toBe(false);
    expect(needsEveryYear(deaths, none, none)).toBe(false); // never reported at all
    expect(needsEveryYear(deaths, none, some)).toBe(true); // only recent rows: maybe its first
    expect(needsEveryYear([], none, some)).toBe(false);
  });
});
