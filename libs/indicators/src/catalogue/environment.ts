import { define, observe } from '../builders';
import type { IndicatorDefinition } from '../types';

const department = 'statistics' as const;
const domain = 'environment' as const;
const GOAL_7 = '保障妇女饮水安全，自来水普及率达到100%，城市集中式饮用水源水质达到或优于Ⅲ类标准的比例总体为95%以上';
const GOAL_8 = '农村卫生厕所普及率稳步提高，城镇公共厕所男女厕位比例标准化建设与实际需求相适应';

export const ENVIRONMENT_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'ENV-01', nameZh: '自来水普及率', nameEn: 'Tap water coverage', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, tolerance: 0.5, sexDisaggregated: false,
    definition: observe(department, 'tap-water-coverage', 'T'),
    source: { clause: 'main-goal', number: 7, text: GOAL_7 },
  }),
  define({
    code: 'ENV-02', nameZh: '城市集中式饮用水源水质达到或优于Ⅲ类标准的比例', nameEn: 'Urban centralised drinking water sources at class III or better', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 95, sexDisaggregated: false,
    definition: observe(department, 'drinking-water-source-quality', 'T'),
    source: { clause: 'main-goal', number: 7, text: GOAL_7 },
  }),
  define({
    code: 'ENV-03', nameZh: '农村卫生厕所普及率', nameEn: 'Rural sanitary toilet coverage', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: observe(department, 'rural-sanitary-toilet-coverage', 'T'),
    source: { clause: 'main-goal', number: 8, text: GOAL_8 },
  }),
  define({
    code: 'ENV-04', nameZh: '农村卫生厕所实际利用率', nameEn: 'Actual use of rural sanitary toilets', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: observe(department, 'rural-sanitary-toilet-use', 'T'),
    source: { clause: 'strategy-measure', number: 9, text: '提高农村卫生厕所普及率和实际利用率' },
  }),
  define({
    code: 'ENV-05', nameZh: '城镇公共厕所男女厕位比例标准化建设', nameEn: 'Urban public toilets meeting the female-male stall ratio standard', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: observe(department, 'public-toilets-meeting-stall-ratio', 'T'),
    source: { clause: 'main-goal', number: 8, text: GOAL_8 },
    notes: 'Followed through the share of urban public toilets whose female:male stall ratio meets the design standard (CJJ 14).',
  }),
];
