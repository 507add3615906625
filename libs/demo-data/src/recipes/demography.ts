import type { AgeBand, Sex } from '@wdp/contracts';
import { bandsBetween, type Generator } from '../generator';

export const ADULT_BANDS = bandsBetween(20, 55);
export const OLD_BANDS = bandsBetween(60, 85);
export const MOTHER_BANDS: AgeBand[] = ['15-19', '20-24', '25-29', '30-34', '35-39', '40-44'];
export const MOTHER_WEIGHTS = [2, 12, 35, 32, 15, 4];
export const SEXES: Sex[] = ['F', 'M'];

/** District residents in a year (optionally one sex and some bands). */
export const residents = (g: Generator, year: number, sexes?: readonly Sex[], bands?: readonly AgeBand[]) =>
  g.district.populationOf(g.district.district.code, year, sexes, bands);

/** Live births in the district: the birth rate falls from 10.5 ‰ by 5 % a year, as it did across China. */
export const liveBirths = (g: Generator, year: number) =>
  Math.round(residents(g, year) * 0.0105 * Math.pow(0.95, year - 2020));

/** Women who delivered: a few births are twins. */
export const deliveries = (g: Generator, year: number) => Math.round(liveBirths(g, year) * 0.985);

/** Employees at year end by sex in an area: residents 20-59 times an employment rate. */
export const employees = (g: Generator, area: string, year: number, sex: Sex) =>
  Math.round(g.district.populationOf(area, year, [sex], bandsBetween(20, 55)) * (sex === 'F' ? 0.55 : 0.66));

/** School-age children of a level in an area, from the five-year bands (6-11, 12-14, 15-17). */
export function schoolAge(g: Generator, area: string, year: number, sex: Sex, level: 'primary' | 'junior-secondary' | 'senior-secondary'): number {
  const band = (b: AgeBand) => g.district.population(area, year, sex, b);
  switch (level) {
    case 'primary':
      return Math.round(band('5-9') * 0.8 + band('10-14') * 0.4);
    case 'junior-secondary':
      return Math.round(band('10-14') * 0.6);
    case 'senior-secondary':
      return Math.round(band('15-19') * 0.6);
  }
}
