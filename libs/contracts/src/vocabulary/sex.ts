import type { Sex, SexOrTotal } from '../facts';

/** Sex code list. `T` (total) appears only in statistical returns and aggregates, never on a record. */
export const SEX_CODES = ['F', 'M', 'T'] as const satisfies readonly SexOrTotal[];
export const RECORD_SEX_CODES = ['F', 'M'] as const satisfies readonly Sex[];

export const SEX_LABELS: Readonly<Record<SexOrTotal, { nameZh: string; nameEn: string }>> = {
  F: { nameZh: '女', nameEn: 'female' },
  M: { nameZh: '男', nameEn: 'male' },
  T: { nameZh: '合计', nameEn: 'total' },
};

export function isSex(value: unknown): value is Sex {
  return value === 'F' || value === 'M';
}

export function isSexOrTotal(value: unknown): value is SexOrTotal {
  return value === 'F' || value === 'M' || value === 'T';
}
