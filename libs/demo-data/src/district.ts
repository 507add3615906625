import { AGE_BANDS, type AgeBand, type Area, type AreaIndex, loadAreas, type Sex } from '@wdp/contracts';
import { apportion, streamOf } from './prng';

/**
 * The synthetic district: resident population by community/village, sex and five-year age band, growing
 * slowly. Every population figure above a community is the sum of its communities, so returns filed for the
 * district and for each street agree with each other and with the records spread over the communities.
 */
const AGE_SHARE: Readonly<Record<AgeBand, number>> = {
  '0-4': 4.5, '5-9': 5.5, '10-14': 5, '15-19': 4.5, '20-24': 6, '25-29': 8, '30-34': 9.5, '35-39': 8.5, '40-44': 7.5,
  '45-49': 8, '50-54': 8, '55-59': 7, '60-64': 5.5, '65-69': 5, '70-74': 3.5, '75-79': 2.2, '80-84': 1.3, '85+': 1,
};
/** Women outlive men: the older bands are more female. */
const femaleShare = (band: AgeBand) => (['65-69', '70-74'].includes(band) ? 0.53 : ['75-79', '80-84', '85+'].includes(band) ? 0.58 : 0.49);

/** Residents at scale 1 in 2020: a scaled-down Yunyan (about a tenth) so the demo loads in seconds. */
export const BASE_POPULATION = 120_000;
const GROWTH = 1.004;

export interface DistrictModel {
  areas: AreaIndex;
  district: Area;
  /** Streets and the town (tier 2). */
  streets: Area[];
  /** Communities and villages (tier 3): where records are placed. */
  units: Area[];
  /** Relative size of each unit (sums to 1). */
  unitWeights: number[];
  /** Residents of an area (any level) in a year, by sex and band. */
  population(area: string, year: number, sex: Sex, band: AgeBand): number;
  /** Residents of an area summed over sexes and bands. */
  populationOf(area: string, year: number, sexes?: readonly Sex[], bands?: readonly AgeBand[]): number;
}

export function buildDistrict(seed: number, scale: number, areasFile?: string): DistrictModel {
  const areas = loadAreas(areasFile);
  const district = areas.ofLevel('district')[0];
  const streets = areas.areas.filter((a) => a.level === 'street' || a.level === 'town');
  const units = areas.areas.filter((a) => a.level === 'community' || a.level === 'village');
  const rng = streamOf(seed, 'district/weights');
  const raw = units.map((u) => (u.level === 'village' ? 0.5 : 1) * rng.between(0.6, 1.4));
  const total = raw.reduce((s, w) => s + w, 0);
  const unitWeights = raw.map((w) => w / total);
  const unitIndex = new Map(units.map((u, i) => [u.code, i]));

  const cache = new Map<string, number[]>();
  /** Residents per unit for one year, sex and band: the district total apportioned exactly. */
  const perUnit = (year: number, sex: Sex, band: AgeBand): number[] => {
    const key = `${year}/${sex}/${band}`;
    let parts = cache.get(key);
    if (!parts) {
      const shareSum = Object.values(AGE_SHARE).reduce((s, v) => s + v, 0);
      const bandTotal = BASE_POPULATION * scale * Math.pow(GROWTH, year - 2020) * (AGE_SHARE[band] / shareSum);
      const f = femaleShare(band);
      parts = apportion(Math.round(bandTotal * (sex === 'F' ? f : 1 - f)), unitWeights);
      cache.set(key, parts);
    }
    return parts;
  };
  const unitsWithin = new Map<string, number[]>();
  const within = (area: string): number[] => {
    let list = unitsWithin.get(area);
    if (!list) {
      list = units.filter((u) => areas.isWithin(u.code, area)).map((u) => unitIndex.get(u.code)!);
      unitsWithin.set(area, list);
    }
    return list;
  };
  const population = (area: string, year: number, sex: Sex, band: AgeBand) => {
    const parts = perUnit(year, sex, band);
    return within(area).reduce((s, i) => s + parts[i], 0);
  };
  const populationOf = (area: string, year: number, sexes: readonly Sex[] = ['F', 'M'], bands: readonly AgeBand[] = AGE_BANDS) =>
    sexes.reduce((s, sex) => s + bands.reduce((t, band) => t + population(area, year, sex, band), 0), 0);
  return { areas, district, streets, units, unitWeights, population, populationOf };
}
