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
