import { ageBandsBetween } from '@wdp/contracts';
import { define, figure, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'social-security' as const;
const domain = 'social-security' as const;
const enrolment = (scheme: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({
  department,
  recordKind: 'insurance-enrolment',
  ...extra,
  where: { scheme, ...(extra.where ?? {}) },
});
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });

const AGED_60_PLUS = ageBandsBetween(60, null);
const GOAL_5 = '落实失业保险和工伤保险制度。提高妇女失业保险和工伤保险的覆盖面和参保人数，落实相关待遇保障';
const COUNT_NOTE = 'Insured persons at period end (a snapshot: quarters roll up by taking the latest, not by summing).';

export const SOCIAL_SECURITY_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'SOC-01', nameZh: '生育保险覆盖率', nameEn: 'Maternity insurance coverage of female employees', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(enrolment('maternity', { sex: 'F' }), figure('employment', 'employee-headcount', 'F'), 100),
    source: { clause: 'strategy-measure', number: 2, text: '巩固提高生育保险覆盖率，提高生育保险与职工基本医疗保险合并实施成效' },
    notes: 'Main goal 2 (确保参保妇女享受生育保险政策) is followed through this coverage.',
  }),
  define({
    code: 'SOC-02', nameZh: '妇女参加基本医疗保险', nameEn: 'Basic medical insurance coverage of women', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, tolerance: 5, sexDisaggregated: true,
    definition: ratio(enrolment('basic-medical', { sex: 'F' }), figure('statistics', 'resident-population', 'F'), 100),
    source: { clause: 'main-goal', number: 3, text: '完善医疗保障体系。妇女参加基本医疗保险实现政策全覆盖' },
    notes: '政策全覆盖 counted as met from 95%: insured persons and residents are counted from different registers.',
  }),
  define({
    code: 'SOC-03', nameZh: '60周岁以上老年妇女养老保险应保尽保', nameEn: 'Pension insurance coverage of women aged 60 and over', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, tolerance: 5, sexDisaggregated: true,
    definition: ratio(enrolment('basic-pension', { sex: 'F', ageBands: AGED_60_PLUS }), figure('statistics', 'resident-population', 'F', AGED_60_PLUS), 100),
    source: { clause: 'main-goal', number: 4, text: '完善养老保险体系，推进城乡居民养老保险全覆盖，确保60周岁以上老年妇女应保尽保' },
    notes: 'Numerator: women 60+ insured in (or drawing from) basic pension insurance, employee and resident schemes together.',
  }),
  define({
    code: 'SOC-04', nameZh: '妇女失业保险参保人数', nameEn: 'Women insured against unemployment', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: enrolment('unemployment', { sex: 'F' }) },
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
    notes: COUNT_NOTE,
  }),
  define({
    code: 'SOC-05', nameZh: '妇女工伤保险参保人数', nameEn: 'Women insured against work injury', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: enrolment('work-injury', { sex: 'F' }) },
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
    notes: COUNT_NOTE,
  }),
  define({
    code: 'SOC-06', nameZh: '妇女参加基本养老保险的人数', nameEn: 'Women insured in basic pension insurance', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: enrolment('basic-pension', { sex: 'F' }) },
    source: { clause: 'strategy-measure', number: 4, text: '不断增加妇女参加基本养老保险的人数' },
    notes: COUNT_NOTE,
  }),
  define({
    code: 'SOC-07', nameZh: '街道养老服务中心覆盖率', nameEn: 'Streets with an elderly-care service centre', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 90, sexDisaggregated: false,
    definition: ratio(
      rec('elderly-service-centre', { where: { facilityLevel: 'street-centre', status: 'operating' }, distinctAreas: 'street' }),
      { areaLevel: 'street' },
      100,
    ),
    reporting: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 30 },
    fluctuation: { maxYearOnYearChange: 20, mode: 'absolute' },
    source: { clause: 'strategy-measure', number: 9, text: '力争街道养老服务中心覆盖率大于90%' },
    notes: '大于90% is strict; with 17 streets that means at least 16. Assessed as at-least 90 and reported with the street count.',
  }),
  define({
    code: 'SOC-08', nameZh: '生活不能自理特困人员集中供养率', nameEn: 'Centralised support rate of destitute persons unable to care for themselves', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 60, sexDisaggregated: true,
    definition: ratio(
      rec('destitute-person-support', { where: { selfCareAbility: 'unable', supportMode: 'centralised' } }),
      rec('destitute-person-support', { where: { selfCareAbility: 'unable' } }),
      100,
    ),
    fluctuation: { maxYearOnYearChange: 15, mode: 'absolute' },
    source: { clause: 'strategy-measure', number: 10, text: '到2025年，生活不能自理特困人员集中供养率达到60%' },
  }),
  define({
    code: 'SOC-09', nameZh: '失能妇女长期护理保险待遇享受人数', nameEn: 'Disabled women receiving long-term care insurance benefits', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: rec('long-term-care-recipient', { sex: 'F' }) },
    source: { clause: 'main-goal', number: 8, text: '保障失能妇女在长期护理保险试点政策范围内的待遇享受' },
  }),
];
