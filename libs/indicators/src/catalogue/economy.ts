import { define, figure, observe, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'employment' as const;
const domain = 'economy' as const;
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });

export const ECONOMY_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'ECO-01', nameZh: '城镇新增就业人口中女性比例', nameEn: 'Women’s share of new urban employment', domain, department, unit: 'percent',
    comparator: 'about', direction: 'towards_reference', targetValue: 40, tolerance: 2, sexDisaggregated: true,
    definition: ratio(rec('new-urban-employment', { sex: 'F' }), rec('new-urban-employment'), 100),
    source: { clause: 'main-goal', number: 3, text: '优化妇女就业结构。城镇新增就业人口中女性比例达到40%左右' },
    notes: '左右 read as ±2 percentage points.',
  }),
  define({
    code: 'ECO-02', nameZh: '高级专业技术人员中的女性比例', nameEn: 'Women’s share of senior professional and technical personnel', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(rec('senior-professional-title', { sex: 'F' }), rec('senior-professional-title'), 100),
    reporting: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 90 },
    source: { clause: 'main-goal', number: 4, text: '促进女性人才发展，提升高级专业技术人员中的女性比例' },
  }),
  define({
    code: 'ECO-03', nameZh: '男女收入差距', nameEn: 'Gender income gap (female / male average income)', domain, department, unit: 'ratio',
    comparator: 'gap_narrows', direction: 'towards_reference', sexDisaggregated: true,
    definition: observe(department, 'average-income', 'F'), gap: { measure: 'ratio' },
    source: { clause: 'main-goal', number: 5, text: '保障妇女获得公平的劳动报酬，男女收入差距进一步缩小' },
    notes: 'Gap measured as F/M average income; narrowing = moving towards 1.',
  }),
  define({
    code: 'ECO-04', nameZh: '女职工职业病发病率', nameEn: 'Occupational disease incidence among female employees', domain, department, unit: 'per-100k',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: ratio(rec('occupational-disease-case', { sex: 'F' }), figure(department, 'employee-headcount', 'F'), 100_000),
    source: { clause: 'main-goal', number: 6, text: '保障女性劳动者劳动安全和健康。女职工职业病发病率进一步降低' },
  }),
  define({
    code: 'ECO-05', nameZh: '女大学生就业率', nameEn: 'Employment rate of female college graduates', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'graduate-employment', 'F'),
    source: { clause: 'main-goal', number: 2, text: '促进平等就业，消除就业性别歧视，促进女大学生充分就业' },
  }),
];
