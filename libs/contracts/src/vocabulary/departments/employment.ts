import { boolAttr, enumAttr } from '../attribute-builders';
import type { RecordKindDefinition, ReturnKindDefinition } from '../kind-types';

const department = 'employment' as const;

export const EMPLOYMENT_RECORD_KINDS: readonly RecordKindDefinition[] = [
  {
    department,
    kind: 'new-urban-employment',
    nameZh: '城镇新增就业',
    nameEn: 'New urban employment registration',
    description: 'A person registered as newly employed in urban areas (城镇新增就业实名登记).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'person',
    carriesCount: false,
    aggregation: 'sum',
    attributes: [
      enumAttr('employmentForm', ['employee', 'self-employed', 'flexible', 'public-welfare-post', 'business-start'], 'form of employment'),
      boolAttr('collegeGraduate', 'a college or university graduate (高校毕业生)'),
      boolAttr('hardToEmploy', 'registered as a person with employment difficulty (就业困难人员)', false),
    ],
  },
  {
    department,
    kind: 'senior-professional-title',
    nameZh: '高级专业技术人员',
    nameEn: 'Senior professional and technical personnel',
    description: 'Holders of senior professional titles in post at period end (a unit’s head count, by sex).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'person',
    carriesCount: true,
    aggregation: 'latest',
    attributes: [
      enumAttr('titleLevel', ['associate-senior', 'full-senior'], '副高级 or 正高级'),
      enumAttr('field', ['engineering', 'health', 'education', 'research', 'agriculture', 'economics-finance', 'culture-media', 'other'], 'professional series', false),
    ],
  },
  {
    department,
    kind: 'occupational-disease-case',
    nameZh: '职业病病例',
    nameEn: 'Occupational disease case',
    description: 'A newly diagnosed occupational disease case (职业病报告).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'worker',
    carriesCount: false,
    aggregation: 'sum',
    attributes: [
      enumAttr('diseaseCategory', ['pneumoconiosis', 'occupational-poisoning', 'noise-induced-deafness', 'occupational-skin-disease', 'physical-factor', 'infectious', 'other'], 'category of the national occupational disease list'),
      enumAttr('industry', ['manufacturing', 'mining', 'construction', 'services', 'health-care', 'other'], 'industry of the employer'),
    ],
  },
];

const annual = ['year'] as const;

export const EMPLOYMENT_RETURN_KINDS: readonly ReturnKindDefinition[] = [
  { department, kind: 'average-income', nameZh: '人均收入', nameEn: 'Average income', description: 'Average annual income of employed persons by sex (wage survey / 分性别收入统计).', unit: 'yuan', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
  { department, kind: 'employee-headcount', nameZh: '从业人员（职工）人数', nameEn: 'Employees', description: 'Employees at year end by sex; the denominator of occupational disease incidence and insurance coverage.', unit: 'persons', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: true, granularities: annual },
  { department, kind: 'graduate-employment', nameZh: '高校毕业生就业率', nameEn: 'Employment rate of college graduates', description: 'Share of the year’s college graduates from the district who are employed by year end, by sex.', unit: 'percent', hasNumeratorDenominator: true, sexes: ['F', 'M', 'T'], hasAgeBand: false, granularities: annual },
];
