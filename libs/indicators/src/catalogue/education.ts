import { define, figure, observe, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'education' as const;
const domain = 'education' as const;
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });

const GOAL_4 = '小学和初中适龄女童入学率达100%，九年义务教育巩固率达96%';

export const EDUCATION_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'EDU-01', nameZh: '小学适龄女童入学率', nameEn: 'Net enrolment rate of primary-school-age girls', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, tolerance: 0.5, sexDisaggregated: true,
    definition: ratio(rec('enrolment', { sex: 'F', where: { level: 'primary', ageEligible: true } }), figure(department, 'school-age-population-primary', 'F'), 100),
    source: { clause: 'main-goal', number: 4, text: GOAL_4 },
    notes: 'Tolerance 0.5 points: registers of school-age children and school rolls never match exactly.',
  }),
  define({
    code: 'EDU-02', nameZh: '初中适龄女童入学率', nameEn: 'Net enrolment rate of junior-secondary-age girls', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, tolerance: 0.5, sexDisaggregated: true,
    definition: ratio(rec('enrolment', { sex: 'F', where: { level: 'junior-secondary', ageEligible: true } }), figure(department, 'school-age-population-junior-secondary', 'F'), 100),
    source: { clause: 'main-goal', number: 4, text: GOAL_4 },
  }),
  define({
    code: 'EDU-03', nameZh: '九年义务教育巩固率', nameEn: 'Nine-year compulsory education consolidation rate', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 96, sexDisaggregated: true,
    definition: ratio(rec('nine-year-cohort', { where: { stage: 'graduate' } }), rec('nine-year-cohort', { where: { stage: 'cohort-entrant' } }), 100),
    source: { clause: 'main-goal', number: 4, text: GOAL_4 },
  }),
  define({
    code: 'EDU-04', nameZh: '高中阶段教育毛入学率', nameEn: 'Gross enrolment ratio in senior secondary education', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 95, sexDisaggregated: true,
    definition: ratio(rec('enrolment', { where: { level: ['senior-general', 'senior-vocational'] } }), figure(department, 'school-age-population-senior-secondary', 'T'), 100),
    source: { clause: 'main-goal', number: 5, text: '女性平等接受高中阶段教育，高中阶段教育毛入学率达95%以上' },
    notes: 'The target is for all pupils; the female ratio (sex F in numerator and denominator) is published beside it to show equal access.',
  }),
  define({
    code: 'EDU-05', nameZh: '男女两性科学素质水平差距', nameEn: 'Gender gap in science literacy', domain, department, unit: 'percent',
    comparator: 'gap_narrows', direction: 'towards_reference', sexDisaggregated: true,
    definition: observe(department, 'science-literacy', 'F'), gap: { measure: 'difference' },
    source: { clause: 'main-goal', number: 6, text: '大力培养女性科技人才。男女两性科学素质水平差距显著缩小' },
  }),
  define({
    code: 'EDU-06', nameZh: '女性劳动年龄人口平均受教育年限', nameEn: 'Average years of schooling of working-age women', domain, department, unit: 'years',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 11.4, sexDisaggregated: true,
    definition: observe(department, 'average-years-of-schooling', 'F'),
    fluctuation: { maxYearOnYearChange: 0.5, mode: 'absolute' },
    source: { clause: 'main-goal', number: 8, text: '女性受教育年限不断提高。女性劳动年龄人口平均受教育年限达到11.4年' },
  }),
  define({
    code: 'EDU-07', nameZh: '女性接受终身教育水平', nameEn: 'Participation of women in lifelong education', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'lifelong-learning-participation', 'F'),
    source: { clause: 'main-goal', number: 7, text: '促进女性树立终身学习意识，支持女性接受继续教育，女性接受终身教育水平不断提高' },
  }),
  define({
    code: 'EDU-08', nameZh: '中小学性别平等教育', nameEn: 'Primary and secondary schools providing gender-equality education', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, sexDisaggregated: false,
    definition: observe(department, 'gender-equality-education-schools', 'T'),
    source: { clause: 'main-goal', number: 3, text: '中小学性别平等教育全面推进，教师和学生的男女平等意识明显增强' },
    notes: '全面推进 read as: every primary and secondary school provides gender-equality education.',
  }),
];
