import type { RuleDefinition } from './rule';

/**
 * The rules every installation starts with, seeded once at start (a rule an administrator changed or deleted
 * stays as they left it). The four examples: a count within the count it is part of, across record
 * kinds; women within a total, across two departments' returns; a district's return against its sub-areas'; and
 * a year-on-year bound, as a warning.
 */
export const SEEDED_RULES: readonly { code: string; definition: RuleDefinition }[] = [
  {
    code: 'VR-01',
    definition: {
      nameEn: 'Maternal deaths cannot exceed live births',
      nameZh: '孕产妇死亡数不应超过活产数',
      left: [{ operand: { department: 'health', recordKind: 'maternal-death' }, coefficient: 1, areas: 'area' }],
      operator: '<=',
      right: [{ operand: { department: 'health', recordKind: 'live-birth' }, coefficient: 1, areas: 'area' }],
      tolerance: 0,
      severity: 'error',
      areaLevels: ['district', 'street', 'town'],
      granularity: 'year',
    },
  },
  {
    code: 'VR-02',
    definition: {
      nameEn: 'Women employees cannot exceed the whole resident population',
      nameZh: '女性职工人数不应超过常住人口总数',
      left: [{ operand: { department: 'employment', returnKind: 'employee-headcount', sex: 'F' }, coefficient: 1, areas: 'area' }],
      operator: '<=',
      right: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T' }, coefficient: 1, areas: 'area' }],
      tolerance: 0,
      severity: 'error',
      areaLevels: ['district', 'street', 'town'],
      granularity: 'year',
    },
  },
  {
    code: 'VR-03',
    definition: {
      nameEn: "The district's resident population equals the sum of its streets' and town's, where all are filed",
      nameZh: '区常住人口应等于各街道（镇）常住人口之和（均已报送时）',
      left: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T' }, coefficient: 1, areas: 'area' }],
      operator: '==',
      right: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T' }, coefficient: 1, areas: 'sub-areas' }],
      tolerance: 0,
      severity: 'error',
      areaLevels: ['district'],
      granularity: 'year',
    },
  },
  {
    code: 'VR-04',
    definition: {
      nameEn: 'Live births change by at most 20 % from one year to the next',
      nameZh: '活产数年度变化不超过±20%',
      left: [{ operand: { department: 'health', recordKind: 'live-birth' }, coefficient: 1, areas: 'area' }],
      operator: 'yoy_within',
      right: [],
      tolerance: 20,
      severity: 'warning',
      areaLevels: ['district'],
      granularity: 'year',
    },
  },
];
