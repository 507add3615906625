import { define, figure, observe, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'family' as const;
const domain = 'family' as const;
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });

export const FAMILY_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'FAM-01', nameZh: '两性家务劳动时间差距', nameEn: 'Gender gap in time spent on housework', domain, department, unit: 'minutes-per-day',
    comparator: 'gap_narrows', direction: 'towards_reference', sexDisaggregated: true,
    definition: observe(department, 'housework-time', 'F'), gap: { measure: 'difference' },
    source: { clause: 'main-goal', number: 7, text: '倡导和支持男女共担家务，缩小两性家务劳动时间差距' },
  }),
  define({
    code: 'FAM-02', nameZh: '婚姻家庭纠纷调解成功率', nameEn: 'Success rate of marriage and family dispute mediation', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(
      rec('family-dispute-mediation', { where: { outcome: 'agreement-reached' } }),
      rec('family-dispute-mediation', { where: { outcome: ['agreement-reached', 'not-resolved', 'referred-to-court'] } }),
      100,
    ),
    source: { clause: 'main-goal', number: 6, text: '倡导构建男女平等、和睦、文明的婚姻家庭关系，降低婚姻家庭纠纷对妇女发展的不利影响' },
    notes: 'Denominator: concluded mediations (pending and withdrawn ones excluded).',
  }),
  define({
    code: 'FAM-03', nameZh: '每千人口拥有3岁以下婴幼儿托位数', nameEn: 'Childcare places for children under 3 per 1,000 population', domain, department, unit: 'per-1000-population',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: ratio(rec('childcare-places'), figure('statistics', 'resident-population', 'T'), 1_000),
    fluctuation: { maxYearOnYearChange: 0.5, mode: 'relative' },
    source: { clause: 'strategy-measure', number: 3, text: '加强社区托育服务设施建设，优化托育服务供给，基本建成多元化、多样化、覆盖城乡的婴幼儿照护服务体系' },
  }),
  define({
    code: 'FAM-04', nameZh: '家庭教育指导服务', nameEn: 'Participants in family education guidance services', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: rec('family-education-service') },
    source: { clause: 'strategy-measure', number: 3, text: '推动婚姻家庭辅导服务、家庭教育指导服务普惠享有，切实提升面向家庭的公共服务水平' },
  }),
  define({
    code: 'FAM-05', nameZh: '父亲参与家庭教育指导服务的比例', nameEn: 'Fathers’ share of family education guidance participants', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(rec('family-education-service', { sex: 'M' }), rec('family-education-service'), 100),
    source: { clause: 'main-goal', number: 9, text: '促进夫妻共同承担未成年子女的抚养、教育、保护责任，为未成年子女身心发展创造良好家庭环境' },
    notes: 'Shared parental responsibility followed through the men’s share of participants in family education guidance.',
  }),
];
