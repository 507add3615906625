import { ageBandsBetween } from '@wdp/contracts';
import { define, figure, observe, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'health' as const;
const domain = 'health' as const;
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });

const WOMEN_35_64 = ageBandsBetween(35, 64);
const WOMEN_15_49 = ageBandsBetween(15, 49);
const liveBirths = rec('live-birth');
const deliveries = rec('pregnancy-completed');

const GOAL_5 = '妇女艾滋病感染率和性病感染率得到进一步有效控制，减少艾滋病、梅毒和乙肝母婴传播，提升代际阻断能力，艾滋病母婴传播率控制在2.5%以下';
const TESTING = '孕产妇艾滋病、梅毒和乙肝检测率达到95%以上';
const INTERVENTION = '感染艾滋病和梅毒的孕产妇及所生儿童采取预防母婴传播干预措施比例均达到95%以上';
const TREATMENT = '艾滋病和梅毒感染孕产妇及所生儿童治疗率达到90%以上';
const TCM = '到2025年，力争所有社区卫生服务机构和乡镇卫生院以及90%的村卫生室能提供中医药服务';

const testingRate = (code: string, infection: string, nameZh: string, nameEn: string) =>
  define({
    code, nameZh, nameEn, domain, department, unit: 'percent', comparator: 'at_least', direction: 'higher_is_better', targetValue: 95, sexDisaggregated: false,
    definition: ratio(rec('prenatal-infection-test', { where: { infection } }), deliveries, 100),
    source: { clause: 'strategy-measure', number: 7, text: TESTING },
    notes: 'Denominator: women who delivered (产妇数) in the period.',
  });

const mtctCare = (code: string, measure: 'preventiveIntervention' | 'treated', infection: 'hiv' | 'syphilis', subject: 'mother' | 'child', nameZh: string, nameEn: string) =>
  define({
    code, nameZh, nameEn, domain, department, unit: 'percent', comparator: 'at_least', direction: 'higher_is_better',
    targetValue: measure === 'treated' ? 90 : 95, sexDisaggregated: false,
    definition: ratio(rec('infected-mother-care', { where: { infection, subject, [measure]: true } }), rec('infected-mother-care', { where: { infection, subject } }), 100),
    source: { clause: 'strategy-measure', number: 7, text: measure === 'treated' ? TREATMENT : INTERVENTION },
    fluctuation: { maxYearOnYearChange: 20, mode: 'absolute' },
    notes: 'Few cases a year: one case moves the rate by many points, hence the wide fluctuation bound.',
  });

export const HEALTH_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'HEA-01', nameZh: '妇女人均预期寿命', nameEn: 'Female life expectancy at birth', domain, department, unit: 'years',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 81.8, sexDisaggregated: true,
    definition: observe(department, 'life-expectancy', 'F'),
    reporting: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 180 },
    source: { clause: 'main-goal', number: 1, text: '妇女全生命周期享有良好的卫生健康服务，妇女人均预期寿命达到81.8岁以上' },
  }),
  define({
    code: 'HEA-02', nameZh: '孕产妇死亡率', nameEn: 'Maternal mortality ratio', domain, department, unit: 'per-100k-live-births',
    comparator: 'at_most', direction: 'lower_is_better', targetValue: 14, sexDisaggregated: false,
    definition: ratio(rec('maternal-death'), liveBirths, 100_000),
    source: { clause: 'main-goal', number: 2, text: '孕产妇死亡率控制在14/10万以内' },
    notes: 'About 10,000 live births a year: one death moves the ratio by about 10/100,000, so single years are noisy; assess on the annual value with the fluctuation bound in mind.',
  }),
  define({
    code: 'HEA-03', nameZh: '适龄妇女宫颈癌筛查率', nameEn: 'Cervical cancer screening coverage of women aged 35-64', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 70, sexDisaggregated: false,
    definition: ratio(rec('cervical-cancer-screening', { ageBands: WOMEN_35_64 }), figure('statistics', 'resident-population', 'F', WOMEN_35_64), 100, 5),
    source: { clause: 'main-goal', number: 3, text: '适龄妇女宫颈癌筛查率达70%以上' },
    notes: '适龄 = 35-64 (national 两癌 programme). Coverage counts screenings over a 5-year window against the current female population 35-64; a woman screened twice in the window counts twice, which the departmental service should avoid by recording only the first screening per woman per window.',
  }),
  define({
    code: 'HEA-04', nameZh: '乳腺癌筛查率', nameEn: 'Breast cancer screening coverage of women aged 35-64', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: ratio(rec('breast-cancer-screening', { ageBands: WOMEN_35_64 }), figure('statistics', 'resident-population', 'F', WOMEN_35_64), 100, 5),
    source: { clause: 'main-goal', number: 3, text: '乳腺癌筛查率逐步提高' },
    notes: 'Same age range and window as HEA-03.',
  }),
  define({
    code: 'HEA-05', nameZh: '人工流产率', nameEn: 'Induced abortion rate (per 1,000 women aged 15-49)', domain, department, unit: 'per-mille',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: false,
    definition: ratio(rec('induced-abortion'), figure('statistics', 'resident-population', 'F', WOMEN_15_49), 1_000),
    source: { clause: 'main-goal', number: 4, text: '全面普及生殖健康和优生优育知识，减少非意愿妊娠，降低人工流产率' },
  }),
  define({
    code: 'HEA-06', nameZh: '妇女艾滋病感染率', nameEn: 'HIV infection rate among women', domain, department, unit: 'per-100k',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: observe(department, 'hiv-infection-rate', 'F'),
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
  }),
  define({
    code: 'HEA-07', nameZh: '妇女性病感染率', nameEn: 'STD infection rate among women', domain, department, unit: 'per-100k',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: observe(department, 'std-infection-rate', 'F'),
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
  }),
  define({
    code: 'HEA-08', nameZh: '艾滋病母婴传播率', nameEn: 'HIV mother-to-child transmission rate', domain, department, unit: 'percent',
    comparator: 'at_most', direction: 'lower_is_better', targetValue: 2.5, sexDisaggregated: false,
    definition: ratio(rec('mtct-outcome', { where: { infection: 'hiv', outcome: 'infected' } }), rec('mtct-outcome', { where: { infection: 'hiv' } }), 100),
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
    fluctuation: { maxYearOnYearChange: 10, mode: 'absolute' },
    notes: 'Denominator: HIV-exposed children whose final status is known in the period.',
  }),
  define({
    code: 'HEA-09', nameZh: '乙肝母婴传播率', nameEn: 'Hepatitis B mother-to-child transmission rate', domain, department, unit: 'percent',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: false,
    definition: ratio(rec('mtct-outcome', { where: { infection: 'hbv', outcome: 'infected' } }), rec('mtct-outcome', { where: { infection: 'hbv' } }), 100),
    source: { clause: 'main-goal', number: 5, text: GOAL_5 },
    notes: 'Syphilis transmission is followed through congenital syphilis (HEA-29).',
  }),
  define({
    code: 'HEA-10', nameZh: '妇女心理健康素养水平', nameEn: 'Mental health literacy of women', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'mental-health-literacy', 'F'),
    source: { clause: 'main-goal', number: 6, text: '妇女心理健康素养水平不断提升' },
  }),
  define({
    code: 'HEA-11', nameZh: '妇女心理疾病患病率', nameEn: 'Prevalence of mental disorders among women', domain, department, unit: 'percent',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: observe(department, 'mental-disorder-prevalence', 'F'),
    source: { clause: 'main-goal', number: 6, text: '妇女心理疾病患病率上升趋势减缓' },
    notes: 'The plan asks for a slower rise, not a fall; assessed as lower-is-better so that a slowing rise shows as limited progress rather than achieved.',
  }),
  define({
    code: 'HEA-12', nameZh: '妇女健康素养水平', nameEn: 'Health literacy of women', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 27, sexDisaggregated: true,
    definition: observe(department, 'health-literacy', 'F'),
    source: { clause: 'main-goal', number: 7, text: '普及健康知识，提升妇女健康素养，妇女健康素养水平达到27%' },
  }),
  define({
    code: 'HEA-13', nameZh: '孕产妇贫血患病率', nameEn: 'Anaemia prevalence among pregnant women', domain, department, unit: 'percent',
    comparator: 'at_most', direction: 'lower_is_better', targetValue: 10, sexDisaggregated: false,
    definition: ratio(rec('anaemia-test', { where: { anaemiaGrade: ['mild', 'moderate', 'severe'] } }), rec('anaemia-test'), 100),
    source: { clause: 'main-goal', number: 8, text: '改善妇女营养状况，提升妇女营养水平。孕产妇贫血患病率控制在10%以下' },
  }),
  define({
    code: 'HEA-14', nameZh: '妇女经常参加体育锻炼的人数比例', nameEn: 'Share of women exercising regularly', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'regular-exercise', 'F'),
    source: { clause: 'main-goal', number: 9, text: '提高妇女经常参加体育锻炼的人数比例' },
  }),
  define({
    code: 'HEA-15', nameZh: '妇女体质测定标准合格以上的比例', nameEn: 'Share of women meeting the physical fitness standard', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 88.6, sexDisaggregated: true,
    definition: observe(department, 'fitness-standard-pass-rate', 'F'),
    source: { clause: 'main-goal', number: 9, text: '妇女体质测定标准合格以上的比例达到88.6%' },
  }),
  define({
    code: 'HEA-16', nameZh: '孕产妇系统管理率', nameEn: 'Systematic management rate of pregnant and postpartum women', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 92, sexDisaggregated: false,
    definition: ratio(rec('pregnancy-completed', { where: { systematicallyManaged: true } }), liveBirths, 100),
    source: { clause: 'strategy-measure', number: 4, text: '提供生育全程基本医疗保健服务，孕产妇系统管理率达到92%以上' },
    notes: 'National definition: women systematically managed / live births.',
  }),
  testingRate('HEA-17', 'hiv', '孕产妇艾滋病检测率', 'HIV testing rate of pregnant women'),
  testingRate('HEA-18', 'syphilis', '孕产妇梅毒检测率', 'Syphilis testing rate of pregnant women'),
  testingRate('HEA-19', 'hbv', '孕产妇乙肝检测率', 'Hepatitis B testing rate of pregnant women'),
  define({
    code: 'HEA-20', nameZh: '孕早期检测率', nameEn: 'Share of prenatal infection tests done in the first trimester', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: ratio(rec('prenatal-infection-test', { where: { gestationAtTest: 'first-trimester' } }), rec('prenatal-infection-test'), 100),
    source: { clause: 'strategy-measure', number: 7, text: '全面落实预防艾滋病、梅毒和乙肝母婴传播综合干预措施，提高孕早期检测率' },
  }),
  mtctCare('HEA-21', 'preventiveIntervention', 'hiv', 'mother', '感染艾滋病的孕产妇采取预防母婴传播干预措施比例', 'HIV-infected pregnant women receiving PMTCT interventions'),
  mtctCare('HEA-22', 'preventiveIntervention', 'hiv', 'child', '感染艾滋病的孕产妇所生儿童采取预防母婴传播干预措施比例', 'Children of HIV-infected mothers receiving PMTCT interventions'),
  mtctCare('HEA-23', 'preventiveIntervention', 'syphilis', 'mother', '感染梅毒的孕产妇采取预防母婴传播干预措施比例', 'Syphilis-infected pregnant women receiving PMTCT interventions'),
  mtctCare('HEA-24', 'preventiveIntervention', 'syphilis', 'child', '感染梅毒的孕产妇所生儿童采取预防母婴传播干预措施比例', 'Children of syphilis-infected mothers receiving PMTCT interventions'),
  mtctCare('HEA-25', 'treated', 'hiv', 'mother', '艾滋病感染孕产妇治疗率', 'Treatment rate of HIV-infected pregnant women'),
  mtctCare('HEA-26', 'treated', 'hiv', 'child', '艾滋病感染孕产妇所生儿童治疗率', 'Treatment rate of children of HIV-infected mothers'),
  mtctCare('HEA-27', 'treated', 'syphilis', 'mother', '梅毒感染孕产妇治疗率', 'Treatment rate of syphilis-infected pregnant women'),
  mtctCare('HEA-28', 'treated', 'syphilis', 'child', '梅毒感染孕产妇所生儿童治疗率', 'Treatment rate of children of syphilis-infected mothers'),
  define({
    code: 'HEA-29', nameZh: '先天梅毒发生率', nameEn: 'Congenital syphilis incidence', domain, department, unit: 'per-100k-live-births',
    comparator: 'at_most', direction: 'lower_is_better', targetValue: 15, sexDisaggregated: false,
    definition: ratio(rec('congenital-syphilis-case'), liveBirths, 100_000),
    source: { clause: 'strategy-measure', number: 7, text: '先天梅毒发生率控制在15/10万以下' },
  }),
  define({
    code: 'HEA-30', nameZh: '能提供中医药服务的社区卫生服务机构和乡镇卫生院比例', nameEn: 'Community health centres and township hospitals offering TCM', domain, department, unit: 'percent',
    comparator: 'coverage', direction: 'higher_is_better', targetValue: 100, sexDisaggregated: false,
    definition: observe(department, 'tcm-community-facilities', 'T'),
    source: { clause: 'strategy-measure', number: 3, text: TCM },
  }),
  define({
    code: 'HEA-31', nameZh: '能提供中医药服务的村卫生室比例', nameEn: 'Village clinics offering TCM', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 90, sexDisaggregated: false,
    definition: observe(department, 'tcm-village-clinics', 'T'),
    source: { clause: 'strategy-measure', number: 3, text: TCM },
    fluctuation: { maxYearOnYearChange: 20, mode: 'absolute' },
    notes: 'The district has only a handful of village clinics (one town, five villages).',
  }),
  define({
    code: 'HEA-32', nameZh: '妇女人均健康预期寿命', nameEn: 'Healthy life expectancy of women', domain, department, unit: 'years',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'healthy-life-expectancy', 'F'),
    reporting: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 180 },
    source: { clause: 'strategy-measure', number: 3, text: '提高妇女健康水平和人均健康预期寿命' },
  }),
];
