import { boolAttr, enumAttr } from '../attribute-builders';
import type { RecordKindDefinition, ReturnKindDefinition } from '../kind-types';

const department = 'social-security' as const;

export const INSURANCE_SCHEMES = ['basic-medical', 'basic-pension', 'unemployment', 'work-injury', 'maternity'] as const;

export const SOCIAL_SECURITY_RECORD_KINDS: readonly RecordKindDefinition[] = [
  {
    department,
    kind: 'insurance-enrolment',
    nameZh: '社会保险参保人数',
    nameEn: 'Social insurance enrolment',
    description:
      'Insured persons at the end of the period, by scheme, sex and age band (a head count per area; count = persons). For basic pension, receivingBenefit marks pensioners.',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'insured person',
    carriesCount: true,
    aggregation: 'latest',
    attributes: [
      enumAttr('scheme', INSURANCE_SCHEMES, 'insurance scheme (医疗/养老/失业/工伤/生育)'),
      enumAttr('coverageType', ['employee', 'urban-rural-resident'], 'employee (职工) or urban-rural resident (城乡居民) scheme'),
      boolAttr('receivingBenefit', 'receiving a pension or benefit at period end', false),
      boolAttr('flexibleOrNewFormEmployment', 'insured as flexible / new-form employment (灵活就业、新就业形态)', false),
    ],
  },
  {
    department,
    kind: 'minimum-living-allowance',
    nameZh: '最低生活保障对象',
    nameEn: 'Minimum living allowance recipient',
    description: 'A person in a household receiving the minimum living allowance (低保) at period end.',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'recipient',
    carriesCount: false,
    aggregation: 'latest',
    attributes: [
      enumAttr('residenceType', ['urban', 'rural'], 'urban or rural 低保'),
      boolAttr('disabled', 'recipient has a disability'),
    ],
  },
  {
    department,
    kind: 'destitute-person-support',
    nameZh: '特困人员供养',
    nameEn: 'Support of persons in extreme poverty',
    description: 'A person in extreme poverty (特困人员) at period end, with self-care ability and support mode (集中供养 = centralised).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'supported person',
    carriesCount: false,
    aggregation: 'latest',
    attributes: [
      enumAttr('selfCareAbility', ['unable', 'partly-able', 'able'], '生活自理能力; unable = 生活不能自理'),
      enumAttr('supportMode', ['centralised', 'dispersed'], '集中供养 or 分散供养'),
    ],
  },
  {
    department,
    kind: 'elderly-service-centre',
    nameZh: '养老服务中心（站）',
    nameEn: 'Elderly-care service centre',
    description:
      'One elderly-care service facility in an area: a street centre (街道养老服务中心) is recorded against its street, a station against its community.',
    hasSex: false,
    hasAgeBand: false,
    carriesCount: false,
    aggregation: 'latest',
    attributes: [
      enumAttr('facilityLevel', ['street-centre', 'community-station'], 'street-level centre or community station'),
      enumAttr('status', ['operating', 'under-construction', 'closed'], 'operating status at period end'),
    ],
  },
  {
    department,
    kind: 'long-term-care-recipient',
    nameZh: '长期护理保险待遇享受人员',
    nameEn: 'Long-term care insurance beneficiary',
    description: 'A disabled person receiving long-term care insurance benefits at period end (长期护理保险).',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'beneficiary',
    carriesCount: false,
    aggregation: 'latest',
    attributes: [
      enumAttr('careSetting', ['home', 'community', 'institution'], 'where care is provided'),
      enumAttr('disabilityLevel', ['moderate', 'severe'], 'assessed disability level'),
    ],
  },
];

export const SOCIAL_SECURITY_RETURN_KINDS: readonly ReturnKindDefinition[] = [];
