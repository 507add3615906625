/**
 * Units of measure with the factor a ratio is multiplied by. A return or indicator names a unit by code;
 * the factor tells the monitoring service how to turn numerator/denominator into the published value.
 */
export const UNITS = {
  percent: { symbol: '%', nameZh: '百分比', nameEn: 'percent', factor: 100 },
  'per-mille': { symbol: '‰', nameZh: '千分比', nameEn: 'per thousand', factor: 1_000 },
  'per-100k-live-births': { symbol: '/10万', nameZh: '每10万活产', nameEn: 'per 100,000 live births', factor: 100_000 },
  'per-100k': { symbol: '/10万', nameZh: '每10万人', nameEn: 'per 100,000 persons', factor: 100_000 },
  'per-1000-population': { symbol: '/千人', nameZh: '每千人口', nameEn: 'per 1,000 population', factor: 1_000 },
  years: { symbol: '年', nameZh: '年', nameEn: 'years', factor: 1 },
  persons: { symbol: '人', nameZh: '人', nameEn: 'persons', factor: 1 },
  cases: { symbol: '件', nameZh: '件', nameEn: 'cases', factor: 1 },
  places: { symbol: '个', nameZh: '个（托位）', nameEn: 'places', factor: 1 },
  'minutes-per-day': { symbol: '分钟/天', nameZh: '分钟/天', nameEn: 'minutes per day', factor: 1 },
  yuan: { symbol: '元', nameZh: '元', nameEn: 'yuan (CNY)', factor: 1 },
  ratio: { symbol: '', nameZh: '比值', nameEn: 'ratio', factor: 1 },
} as const;

export type UnitCode = keyof typeof UNITS;

export function isUnitCode(value: unknown): value is UnitCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(UNITS, value);
}

/**
 * Sanity ceiling of any value without a natural bound (head counts, incomes): far above anything a district
 * reports, far below what overflows the statistics database's sums (1e308 was accepted once).
 */
export const MAX_PLAUSIBLE_VALUE = 1e9;

/** Largest value a figure or target in this unit can take: a share cannot exceed its base, a life 130 years. */
export function unitMaximum(unit: string): number {
  switch (unit) {
    case 'percent':
      return 100;
    case 'per-mille':
    case 'per-1000-population':
      return 1_000;
    case 'per-100k':
    case 'per-100k-live-births':
      return 100_000;
    case 'years':
      return 130;
    case 'minutes-per-day':
      return 1_440;
    default:
      return MAX_PLAUSIBLE_VALUE;
  }
}
