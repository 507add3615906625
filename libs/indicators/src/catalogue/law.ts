import { define, figure, observe, ratio } from '../builders';
import type { IndicatorDefinition, InputRef } from '../types';

const department = 'rights-protection' as const;
const domain = 'law' as const;
const rec = (recordKind: string, extra: Omit<InputRef, 'department' | 'recordKind'> = {}): InputRef => ({ department, recordKind, ...extra });
const women = figure('statistics', 'resident-population', 'F');

const GOAL_5 = '建成更高水平平安云岩，严厉打击拐卖妇女、性侵害妇女等违法犯罪行为';
const CLEARANCE_NOTE = 'Crackdowns followed through the clearance rate (solved / all cases recorded in the period); case records are revised as their status changes.';

const clearance = (code: string, recordKind: string, nameZh: string, nameEn: string, number: number, text: string) =>
  define({
    code, nameZh, nameEn, domain, department, unit: 'percent', comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: ratio(rec(recordKind, { sex: 'F', where: { status: 'solved' } }), rec(recordKind, { sex: 'F' }), 100),
    reporting: { frequency: 'quarterly', deadlineDaysAfterPeriodEnd: 30 },
    fluctuation: { maxYearOnYearChange: 25, mode: 'absolute' },
    source: { clause: 'main-goal', number, text },
    notes: CLEARANCE_NOTE,
  });

export const LAW_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'LAW-01', nameZh: '妇女群众安全感', nameEn: 'Women’s sense of security', domain, department, unit: 'percent',
    comparator: 'at_least', direction: 'higher_is_better', targetValue: 95, sexDisaggregated: true,
    definition: observe(department, 'sense-of-security', 'F'),
    source: { clause: 'main-goal', number: 1, text: '着力提升妇女权益保护司法质量、效率和公信力，确保妇女群众安全感保持在95%以上' },
  }),
  define({
    code: 'LAW-02', nameZh: '针对妇女的家庭暴力警情发生率', nameEn: 'Reported domestic violence against women per 100,000 women', domain, department, unit: 'per-100k',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: ratio(rec('domestic-violence-report', { sex: 'F' }), women, 100_000),
    source: { clause: 'main-goal', number: 4, text: '预防和制止针对妇女的一切形式的家庭暴力' },
    notes: 'Better reporting can raise this rate while violence falls; read it with LAW-03 and LAW-04.',
  }),
  define({
    code: 'LAW-03', nameZh: '家庭暴力告诫书出具率', nameEn: 'Warning letters issued per domestic violence report', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(rec('warning-letter'), rec('domestic-violence-report'), 100),
    source: { clause: 'strategy-measure', number: 4, text: '推动强制报告、紧急庇护、告诫书、人身安全保护令制度在法律实施中的落实' },
  }),
  define({
    code: 'LAW-04', nameZh: '人身安全保护令审核签发率', nameEn: 'Protection order grant rate', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: ratio(rec('protection-order-decision', { where: { decision: 'granted' } }), rec('protection-order-decision', { where: { decision: ['granted', 'rejected'] } }), 100),
    reporting: { frequency: 'quarterly', deadlineDaysAfterPeriodEnd: 30 },
    fluctuation: { maxYearOnYearChange: 25, mode: 'absolute' },
    source: { clause: 'strategy-measure', number: 4, text: '及时签发人身保护令，提高审核签发率，加大执行力度' },
    notes: 'Withdrawn applications are left out of the denominator.',
  }),
  clearance('LAW-05', 'trafficking-case', '拐卖妇女案件破案率', 'Clearance rate of trafficking in women', 5, GOAL_5),
  clearance('LAW-06', 'sexual-assault-case', '性侵害妇女案件破案率', 'Clearance rate of sexual assault against women', 5, GOAL_5),
  define({
    code: 'LAW-07', nameZh: '针对妇女的性骚扰', nameEn: 'Sexual harassment of women per 100,000 women', domain, department, unit: 'per-100k',
    comparator: 'decrease', direction: 'lower_is_better', sexDisaggregated: true,
    definition: ratio(rec('sexual-harassment-case', { sex: 'F' }), women, 100_000),
    source: { clause: 'main-goal', number: 6, text: '提升预防和制止性骚扰的法治意识，有效遏制针对妇女的性骚扰' },
    notes: '有效遏制 followed through recorded cases per 100,000 women; as with LAW-02, better reporting can raise it.',
  }),
  clearance('LAW-08', 'cyber-offence-case', '利用网络对妇女实施的违法犯罪案件破案率', 'Clearance rate of online offences against women', 7, '严厉打击利用网络对妇女实施的违法犯罪行为'),
  define({
    code: 'LAW-09', nameZh: '妇女获得法律援助', nameEn: 'Legal aid cases for women', domain, department, unit: 'cases',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: { type: 'count', input: rec('legal-aid-case', { sex: 'F' }) },
    source: { clause: 'main-goal', number: 9, text: '依法为妇女提供公共法律服务。保障遭受侵害妇女获得及时有效的司法救助' },
  }),
  define({
    code: 'LAW-10', nameZh: '“12338”妇女维权公益服务热线维权事项及时处置率', nameEn: 'Share of 12338 hotline cases handled in time', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: false,
    definition: ratio(rec('hotline-12338-case', { where: { handledInTime: true } }), rec('hotline-12338-case'), 100),
    source: { clause: 'strategy-measure', number: 12, text: '及时处置“12338”妇女维权公益服务热线等涉我区妇女的维权事项，畅通妇女有序表达诉求的渠道' },
  }),
];
