import type { RecordKindDefinition, ReturnKindDefinition } from '../kind-types';

const department = 'statistics' as const;

/** The statistics bureau files returns only. */
export const STATISTICS_RECORD_KINDS: readonly RecordKindDefinition[] = [];

const annual = ['year'] as const;

/** Head counts by sex: the women's share is F / T, computed by the monitoring service. */
const headcount = (kind: string, nameZh: string, nameEn: string, description: string): ReturnKindDefinition => ({
  department,
  kind,
  nameZh,
  nameEn,
  description,
  unit: 'persons',
  hasNumeratorDenominator: false,
  sexes: ['F', 'M', 'T'],
  hasAgeBand: false,
  granularities: annual,
});

/** A share of units (villages, schools, toilets...) meeting a condition: one total figure with numerator and denominator. */
const coverage = (kind: string, nameZh: string, nameEn: string, description: string): ReturnKindDefinition => ({
  department,
  kind,
  nameZh,
  nameEn,
  description,
  unit: 'percent',
  hasNumeratorDenominator: true,
  sexes: ['T'],
  hasAgeBand: false,
  granularities: annual,
});

export const STATISTICS_RETURN_KINDS: readonly ReturnKindDefinition[] = [
  {
    department,
    kind: 'resident-population',
    nameZh: '常住人口',
    nameEn: 'Resident population',
    description: 'Resident population at year end by sex and five-year age band; the denominator of population-based rates.',
    unit: 'persons',
    hasNumeratorDenominator: false,
    sexes: ['F', 'M', 'T'],
    hasAgeBand: true,
    granularities: annual,
  },
  // 妇女参与决策和管理
  headcount('party-members', '中国共产党党员', 'Communist Party members', 'Party members in the district at year end, by sex.'),
  headcount('party-congress-delegates', '党员代表大会代表', 'Delegates to the Party congress', 'Delegates to the current district Party congress, by sex.'),
  headcount('people-congress-deputies', '区人大代表', 'District People’s Congress deputies', 'Deputies to the current district People’s Congress, by sex.'),
  headcount('people-congress-standing-committee', '区人大常委会委员', 'Members of the district People’s Congress Standing Committee', 'Standing Committee members, by sex.'),
  headcount('cppcc-members', '区政协委员', 'District CPPCC members', 'Members of the district CPPCC, by sex.'),
  headcount('cppcc-standing-committee', '区政协常委', 'District CPPCC Standing Committee members', 'Standing Committee members of the district CPPCC, by sex.'),
  headcount('government-leadership', '区政府领导班子成员', 'District government leadership', 'Members of the district government leadership team, by sex.'),
  headcount('government-department-leadership', '区政府工作部门领导班子成员', 'Leadership of district government departments', 'Members of the leadership teams of district government departments, by sex.'),
  headcount('government-department-chiefs', '区政府工作部门正职干部', 'Heads of district government departments', 'Principal (正职) leaders of district government departments, by sex.'),
  coverage('public-institutions-with-women-leaders', '领导班子中有女性成员的区事业单位比例', 'District public institutions with a woman in the leadership', 'Numerator: district public institutions whose leadership team has at least one woman; denominator: all district public institutions.'),
  headcount('enterprise-board-members', '企业董事会成员', 'Enterprise board members', 'Board members of enterprises in the district survey frame, by sex.'),
  headcount('enterprise-supervisory-board-members', '企业监事会成员', 'Enterprise supervisory board members', 'Supervisory board members of enterprises in the survey frame, by sex.'),
  headcount('enterprise-management', '企业管理层', 'Enterprise management', 'Senior managers of enterprises in the survey frame, by sex.'),
  headcount('workers-congress-delegates', '企事业单位职工代表大会代表', 'Delegates to workers’ congresses', 'Delegates to workers’ congresses of enterprises and public institutions, by sex.'),
  headcount('workers-congress-unit-employees', '建立职工代表大会的企事业单位职工', 'Employees of units with a workers’ congress', 'Employees of the same units, by sex: the reference share for delegates.'),
  coverage('villages-with-women-in-committees', '村“两委”班子中有女性成员的村比例', 'Villages with a woman on the two village committees', 'Numerator: villages whose Party branch committee or villagers’ committee has at least one woman; denominator: all villages.'),
  headcount('village-two-committee-members', '村“两委”成员', 'Members of village two committees', 'Members of village Party branch committees and villagers’ committees, by sex.'),
  headcount('village-committee-chairs', '村委会主任', 'Villagers’ committee chairs', 'Chairs of villagers’ committees, by sex.'),
  headcount('village-party-secretaries', '村党组织书记', 'Village Party secretaries', 'Secretaries of village Party organisations, by sex.'),
  headcount('community-two-committee-members', '社区“两委”成员', 'Members of community two committees', 'Members of community Party committees and residents’ committees, by sex.'),
  headcount('community-party-secretaries', '社区党组织书记（居委会主任）', 'Community Party secretaries (residents’ committee chairs)', 'Community Party secretaries, who also chair the residents’ committee, by sex.'),
  headcount('community-party-organisation-members', '社区党组织成员', 'Members of community Party organisations', 'Members of community Party organisation committees, by sex.'),
  headcount('social-organisation-members', '社会组织成员（从业人员）', 'Members and staff of social organisations', 'Members and staff of registered social organisations, by sex.'),
  headcount('social-organisation-leaders', '社会组织负责人', 'Leaders of social organisations', 'Legal representatives and principal leaders of registered social organisations, by sex.'),
  coverage('community-women-councils', '建立妇女议事会的社区比例', 'Communities with a women’s council', 'Numerator: communities with an operating women’s council (妇女议事会); denominator: all communities.'),
  // 妇女与乡村振兴
  headcount('rural-talent', '乡村人才', 'Rural talent', 'Rural talent registered in the rural talent pool (乡村各领域人才), by sex.'),
  headcount('professional-farmers', '新型职业农民', 'New-type professional farmers', 'Certified new-type professional farmers (高素质农民), by sex.'),
  headcount('cooperative-leaders', '农民专业合作社负责人', 'Heads of farmers’ cooperatives', 'Principal heads of farmers’ cooperatives and village collective economic cooperatives, by sex.'),
  // 妇女与环境
  coverage('tap-water-coverage', '自来水普及率', 'Tap water coverage', 'Numerator: residents with tap water supply; denominator: resident population.'),
  coverage('drinking-water-source-quality', '城市集中式饮用水水源水质达到或优于Ⅲ类标准的比例', 'Urban centralised drinking water sources at class III or better', 'Numerator: monitored water supplied from sources meeting class III or better; denominator: all monitored centralised sources.'),
  coverage('rural-sanitary-toilet-coverage', '农村卫生厕所普及率', 'Rural sanitary toilet coverage', 'Numerator: rural households with a sanitary toilet; denominator: all rural households.'),
  coverage('rural-sanitary-toilet-use', '农村卫生厕所实际利用率', 'Actual use of rural sanitary toilets', 'Numerator: rural sanitary toilets in actual use; denominator: rural sanitary toilets.'),
  coverage('public-toilets-meeting-stall-ratio', '男女厕位比例达到标准的城镇公共厕所比例', 'Urban public toilets meeting the female-male stall ratio standard', 'Numerator: urban public toilets whose female:male stall ratio meets the design standard (CJJ 14); denominator: all urban public toilets.'),
];
