import { boolAttr, enumAttr } from '../attribute-builders';
import type { RecordKindDefinition, ReturnKindDefinition } from '../kind-types';

const department = 'family' as const;

export const FAMILY_RECORD_KINDS: readonly RecordKindDefinition[] = [
  {
    department,
    kind: 'childcare-places',
    nameZh: '3岁以下婴幼儿托位',
    nameEn: 'Childcare places for children under 3',
    description: 'Places offered by one childcare provider at period end (托位数); count = places.',
    hasSex: false,
    hasAgeBand: false,
    carriesCount: true,
    aggregation: 'latest',
    attributes: [
      enumAttr('providerType', ['public', 'private', 'employer', 'community', 'kindergarten-nursery-class'], 'who runs the provision'),
      boolAttr('affordable', 'inclusive, price-capped provision (普惠性托位)'),
    ],
  },
  {
    department,
    kind: 'family-dispute-mediation',
    nameZh: '婚姻家庭纠纷调解',
    nameEn: 'Marriage and family dispute mediation',
    description: 'A marriage or family dispute taken up for mediation, with its outcome; sex and age band are the applicant’s.',
    hasSex: true,
    hasAgeBand: true,
    ageBandOf: 'applicant',
    carriesCount: false,
    aggregation: 'sum',
    attributes: [
      enumAttr('disputeType', ['marital', 'divorce-property', 'maintenance-support', 'custody', 'inheritance', 'elder-support', 'domestic-violence-related', 'other'], 'kind of dispute'),
      enumAttr('outcome', ['agreement-reached', 'not-resolved', 'referred-to-court', 'withdrawn', 'pending'], 'mediation outcome; revise when it changes'),
      enumAttr('mediator', ['peoples-mediation-committee', 'court-linked', 'womens-federation', 'community', 'other'], 'who mediated'),
    ],
  },
  {
    department,
    kind: 'family-education-service',
    nameZh: '家庭教育指导服务',
    nameEn: 'Family education guidance service',
    description: 'Participants in one family-education guidance activity (家长学校、指导服务); count = participants of this sex.',
    hasSex: true,
    hasAgeBand: false,
    carriesCount: true,
    aggregation: 'sum',
    attributes: [
      enumAttr('serviceType', ['parent-school-class', 'guidance-session', 'consultation', 'online-course', 'home-visit'], 'form of the service'),
      enumAttr('provider', ['family-education-centre', 'school', 'community', 'womens-federation', 'other'], 'who provided it'),
    ],
  },
];

export const FAMILY_RETURN_KINDS: readonly ReturnKindDefinition[] = [
  { department, kind: 'housework-time', nameZh: '家务劳动时间', nameEn: 'Time spent on housework', description: 'Average minutes per day spent on unpaid housework and care (时间利用调查), by sex.', unit: 'minutes-per-day', hasNumeratorDenominator: false, sexes: ['F', 'M', 'T'], hasAgeBand: true, granularities: ['year'] },
];
