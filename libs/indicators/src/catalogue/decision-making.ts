import { define, observe, womenShareOf } from '../builders';
import type { IndicatorDefinition } from '../types';

const department = 'statistics' as const;
const domain = 'decision-making' as const;

/** A women's-share indicator of a head-count return that the plan says should rise or stay appropriate. */
const shareIncrease = (code: string, returnKind: string, nameZh: string, nameEn: string, number: number, text: string, notes?: string) =>
  define({
    code, nameZh, nameEn, domain, department, unit: 'percent', comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: womenShareOf(department, returnKind),
    source: { clause: 'main-goal', number, text },
    ...(notes ? { notes } : {}),
  });

const KEEP_APPROPRIATE = '保持适当比例 read as: the share must not fall; assessed as higher-is-better without a numeric target.';
const GOAL_3 = '区人大代表和常委会委员中的女性保持适当比例。区政协委员和常委中的女性保持适当比例';
const GOAL_5 = '区政府工作部门领导班子中的女干部保持适当比例，担任正职的女干部在同级正职干部中保持一定比例';
const GOAL_7 = '企业董事会、监事会成员及管理层中的女性保持适当比例。企事业单位职工代表大会中女性比例与女职工比例相适宜';
const GOAL_8 = '村“两委”成员及村党组织书记、村委会主任中保持一定女性比例。村“两委”班子成员中至少有1名女性成员，村委会主任中女性比例达到10%以上';
const GOAL_9 = '社区党组织成员、社区党组织书记中女性比例逐步提高。社区“两委”成员中女性比例保持在50%左右，社区党组织书记（居委会主任）中女性比例不少于30%';
const GOAL_10 = '社会组织中的女性比例和社会组织女性负责人比例稳中有升';

export const DECISION_MAKING_INDICATORS: readonly IndicatorDefinition[] = [
  shareIncrease('DEC-01', 'party-members', '中国共产党女党员比例', 'Women’s share of Party members', 2, '中国共产党女党员保持合理比例', '保持合理比例 with the strategy to 适当扩大女党员的规模: assessed as higher-is-better.'),
  define({
    code: 'DEC-02', nameZh: '中国共产党各级党员代表大会中女代表比例', nameEn: 'Women’s share of delegates to Party congresses', domain, department, unit: 'percent',
    comparator: 'parity', direction: 'higher_is_better', sexDisaggregated: true,
    definition: womenShareOf(department, 'party-congress-delegates'),
    reference: womenShareOf(department, 'party-members'),
    source: { clause: 'main-goal', number: 2, text: '中国共产党各级党员代表大会中女代表比例一般不低于本地区党员总数中女性比例' },
    notes: 'Met when the delegates’ share is at least the women’s share of all Party members.',
  }),
  shareIncrease('DEC-03', 'people-congress-deputies', '区人大代表中的女性比例', 'Women’s share of district People’s Congress deputies', 3, GOAL_3, KEEP_APPROPRIATE),
  shareIncrease('DEC-04', 'people-congress-standing-committee', '区人大常委会委员中的女性比例', 'Women’s share of the district People’s Congress Standing Committee', 3, GOAL_3, KEEP_APPROPRIATE),
  shareIncrease('DEC-05', 'cppcc-members', '区政协委员中的女性比例', 'Women’s share of district CPPCC members', 3, GOAL_3, KEEP_APPROPRIATE),
  shareIncrease('DEC-06', 'cppcc-standing-committee', '区政协常委中的女性比例', 'Women’s share of the district CPPCC Standing Committee', 3, GOAL_3, KEEP_APPROPRIATE),
  define({
    code: 'DEC-07', nameZh: '区政府领导班子中配备一名以上女干部', nameEn: 'Women in the district government leadership', domain, department, unit: 'persons',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 1, sexDisaggregated: true,
    definition: observe(department, 'government-leadership', 'F'),
    fluctuation: { maxYearOnYearChange: 2, mode: 'absolute' },
    source: { clause: 'main-goal', number: 4, text: '区政府领导班子中配备一名以上女干部' },
  }),
  shareIncrease('DEC-08', 'government-department-leadership', '区政府工作部门领导班子中的女干部比例', 'Women’s share of district government department leadership', 5, GOAL_5, KEEP_APPROPRIATE),
  shareIncrease('DEC-09', 'government-department-chiefs', '担任正职的女干部在同级正职干部中的比例', 'Women’s share of principal department heads', 5, GOAL_5, '保持一定比例 read as: the share must not fall.'),
  define({
    code: 'DEC-10', nameZh: '区事业单位领导班子成员中有一名以上女性成员', nameEn: 'District public institutions with at least one woman in the leadership', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, sexDisaggregated: false,
    definition: observe(department, 'public-institutions-with-women-leaders', 'T'),
    source: { clause: 'main-goal', number: 6, text: '区事业单位领导班子成员中有一名以上女性成员' },
    notes: 'Read as a requirement for every district public institution.',
  }),
  shareIncrease('DEC-11', 'enterprise-board-members', '企业董事会成员中的女性比例', 'Women’s share of enterprise boards', 7, GOAL_7, KEEP_APPROPRIATE),
  shareIncrease('DEC-12', 'enterprise-supervisory-board-members', '企业监事会成员中的女性比例', 'Women’s share of enterprise supervisory boards', 7, GOAL_7, KEEP_APPROPRIATE),
  shareIncrease('DEC-13', 'enterprise-management', '企业管理层中的女性比例', 'Women’s share of enterprise management', 7, GOAL_7, KEEP_APPROPRIATE),
  define({
    code: 'DEC-14', nameZh: '企事业单位职工代表大会中女性比例', nameEn: 'Women’s share of workers’ congress delegates', domain, department, unit: 'percent',
    comparator: 'parity', direction: 'towards_reference', sexDisaggregated: true,
    definition: womenShareOf(department, 'workers-congress-delegates'),
    reference: womenShareOf(department, 'workers-congress-unit-employees'),
    source: { clause: 'main-goal', number: 7, text: GOAL_7 },
    notes: '与女职工比例相适宜: the delegates’ share should match the women’s share of employees of the same units.',
  }),
  shareIncrease('DEC-15', 'village-two-committee-members', '村“两委”成员中的女性比例', 'Women’s share of village two-committee members', 8, GOAL_8, '保持一定比例 read as: the share must not fall.'),
  shareIncrease('DEC-16', 'village-party-secretaries', '村党组织书记中的女性比例', 'Women’s share of village Party secretaries', 8, GOAL_8, '保持一定比例 read as: the share must not fall.'),
  define({
    code: 'DEC-17', nameZh: '村“两委”班子成员中至少有1名女性成员', nameEn: 'Villages with at least one woman on the two committees', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, sexDisaggregated: false,
    definition: observe(department, 'villages-with-women-in-committees', 'T'),
    fluctuation: { maxYearOnYearChange: 20, mode: 'absolute' },
    source: { clause: 'main-goal', number: 8, text: GOAL_8 },
  }),
  define({
    code: 'DEC-18', nameZh: '村委会主任中女性比例', nameEn: 'Women’s share of villagers’ committee chairs', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 10, sexDisaggregated: true,
    definition: womenShareOf(department, 'village-committee-chairs'),
    fluctuation: { maxYearOnYearChange: 20, mode: 'absolute' },
    source: { clause: 'main-goal', number: 8, text: GOAL_8 },
    notes: 'Five villages: one chair is 20 points, hence the wide fluctuation bound.',
  }),
  shareIncrease('DEC-19', 'community-party-organisation-members', '社区党组织成员中女性比例', 'Women’s share of community Party organisation members', 9, GOAL_9),
  define({
    code: 'DEC-20', nameZh: '社区“两委”成员中女性比例', nameEn: 'Women’s share of community two-committee members', domain, department, unit: 'percent',
    comparator: 'about', direction: 'towards_reference', targetValue: 50, tolerance: 5, sexDisaggregated: true,
    definition: womenShareOf(department, 'community-two-committee-members'),
    source: { clause: 'main-goal', number: 9, text: GOAL_9 },
    notes: '左右 read as ±5 percentage points.',
  }),
  define({
    code: 'DEC-21', nameZh: '社区党组织书记（居委会主任）中女性比例', nameEn: 'Women’s share of community Party secretaries (residents’ committee chairs)', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 30, sexDisaggregated: true,
    definition: womenShareOf(department, 'community-party-secretaries'),
    source: { clause: 'main-goal', number: 9, text: GOAL_9 },
    notes: 'The same goal asks this share to rise gradually (逐步提高); the numeric floor of 30% is what is assessed.',
  }),
  shareIncrease('DEC-22', 'social-organisation-members', '社会组织中的女性比例', 'Women’s share of social organisation members and staff', 10, GOAL_10),
  shareIncrease('DEC-23', 'social-organisation-leaders', '社会组织女性负责人比例', 'Women’s share of social organisation leaders', 10, GOAL_10),
  define({
    code: 'DEC-24', nameZh: '社区妇女议事会全覆盖', nameEn: 'Communities with a women’s council', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, sexDisaggregated: false,
    definition: observe(department, 'community-women-councils', 'T'),
    source: { clause: 'strategy-measure', number: 2, text: '推进社区妇女议事会全覆盖并有效运行' },
  }),
];
