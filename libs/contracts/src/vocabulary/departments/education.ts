import { boolAttr, enumAttr, intAttr, stringAttr } from '../attribute-builders';
import type { FactCheck, RecordKindDefinition, ReturnKindDefinition } from '../kind-types';

const department = 'education' as const;

export const SCHOOL_LEVELS = ['primary', 'junior-secondary', 'senior-general', 'senior-vocational'] as const;
/** School years are written `2024-2025` (autumn intake year, then the following year). */
export const SCHOOL_YEAR_PATTERN = '^(\\d{4})-(\\d{4})$';

/**
 * A school year runs from September of its first year to August of the next, so `2024-2025` must be
 * consecutive years and the record's month must fall inside it (a 2025-03 record cannot be in 2025-2026).
 */
export const schoolYearMatchesPeriod: FactCheck = (fact) => {
  const m = /^(\d{4})-(\d{4})$/.exec(String(fact.attributes.schoolYear ?? ''));
  const expected = schoolYearOf(fact.period);
  if (!m || !expected) return undefined;
  const [first, second] = [Number(m[1]), Number(m[2])];
  if (second !== first + 1) return { field: 'attributes.schoolYear', reason: `must be two consecutive years, e.g. ${first}-${first + 1}` };
  return fact.attributes.schoolYear === expected
    ? undefined
    : { field: 'attributes.schoolYear', reason: `must be ${expected}, the school year containing the period ${fact.period}` };
};

/** The school year a month (`YYYY-MM`) falls in, e.g. `2025-03` → `2024-2025`; undefined for other periods. */
export function schoolYearOf(month: string): string | undefined {
  const p = /^(\d{4})-(\d{2})$/.exec(month);
  if (!p) return undefined;
  const first = Number(p[2]) >= 9 ? Number(p[1]) : Number(p[1]) - 1;
  return `${first}-${first + 1}`;
}

export const EDUCATION_RECORD_KINDS: readonly RecordKindDefinition[] = [
  {
    department,
    kind: 'enrolment',
    nameZh: '在校学生（入学）',
    nameEn: 'Enrolment',
    description:
      'Pupils enrolled at a school on the census day of a school year, by level and sex (a school’s aggregate). ageEligible marks pupils of the official age for the level, the numerator of net enrolment (适龄入学率).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'pupil',
    carriesCount: true,
    aggregation: 'latest',
    attributes: [
      stringAttr('schoolYear', SCHOOL_YEAR_PATTERN, 'school year, e.g. 2024-2025'),
      enumAttr('level', SCHOOL_LEVELS, 'level of education'),
      boolAttr('ageEligible', 'pupil is of the official school age for the level (适龄)'),
      boolAttr('migrantChild', 'child of migrant workers (随迁子女)', false),
      boolAttr('disabled', 'pupil with a disability', false),
    ],
    checks: [schoolYearMatchesPeriod],
  },
  {
    department,
    kind: 'nine-year-cohort',
    nameZh: '九年义务教育巩固（届）',
    nameEn: 'Nine-year compulsory education cohort',
    description:
      'Reported when a cohort leaves junior secondary: stage cohort-entrant counts the pupils who entered grade 1 nine years earlier (net of transfers), stage graduate counts those who completed junior secondary. Both carry the graduation school year, so 巩固率 = graduate / cohort-entrant.',
    hasSex: true,
    hasAgeBand: false,
    carriesCount: true,
    aggregation: 'sum',
    attributes: [
      stringAttr('schoolYear', SCHOOL_YEAR_PATTERN, 'school year of graduation'),
      enumAttr('stage', ['cohort-entrant', 'graduate'], 'which count of the cohort this is'),
    ],
    checks: [schoolYearMatchesPeriod],
  },
  {
    department,
    kind: 'dropout',
    nameZh: '辍学学生',
    nameEn: 'Pupil dropping out',
    description: 'A pupil leaving compulsory or senior-secondary education without completing (控辍保学 monitoring).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'pupil',
    carriesCount: false,
    aggregation: 'sum',
    attributes: [
      stringAttr('schoolYear', SCHOOL_YEAR_PATTERN, 'school year'),
      enumAttr('level', SCHOOL_LEVELS, 'level left'),
      intAttr('grade', 1, 12, 'grade left'),
    ],
    checks: [schoolYearMatchesPeriod],
  },
];

const annual = ['year'] as const;

export const EDUCATION_RETURN_KINDS: readonly ReturnKindDefinition[] = [
  { department, kind: 'school-age-population-primary', nameZh: '小学学龄人口', nameEn: 'Primary school-age population', description: 'Resident children of official primary-school age (6-11), by sex.', unit: 'persons', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
  { department, kind: 'school-age-population-junior-secondary', nameZh: '初中学龄人口', nameEn: 'Junior-secondary school-age population', description: 'Resident children of official junior-secondary age (12-14), by sex.', unit: 'persons', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
  { department, kind: 'school-age-population-senior-secondary', nameZh: '高中阶段学龄人口（15-17岁）', nameEn: 'Senior-secondary age population (15-17)', description: 'Resident population aged 15-17, the denominator of the senior-secondary gross enrolment ratio.', unit: 'persons', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
  { department, kind: 'average-years-of-schooling', nameZh: '劳动年龄人口平均受教育年限', nameEn: 'Average years of schooling of the working-age population', description: 'Average years of schooling of residents aged 16-59, by sex.', unit: 'years', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
  { department, kind: 'science-literacy', nameZh: '具备科学素质的比例', nameEn: 'Share with basic science literacy', description: 'Share of residents with basic science literacy (公民科学素质调查), by sex.', unit: 'percent', hasNumeratorDenominator: true, sexes: ['F', 'M', 'T'], hasAgeBand: true, granularities: annual },
  { department, kind: 'lifelong-learning-participation', nameZh: '参加继续教育和终身学习的比例', nameEn: 'Participation in continuing and lifelong education', description: 'Share of adults who took part in continuing or community education in the year, by sex.', unit: 'percent', hasNumeratorDenominator: true, sexes: ['F', 'M', 'T'], hasAgeBand: true, granularities: annual },
  { department, kind: 'gender-equality-education-schools', nameZh: '开展性别平等教育的中小学比例', nameEn: 'Schools providing gender-equality education', description: 'Numerator: primary and secondary schools running gender-equality education; denominator: all such schools.', unit: 'percent', hasNumeratorDenominator: true, sexes: ['T'], hasAgeBand: false, granularities: annual },
];
