import { define, observe, womenShareOf } from '../builders';
import type { IndicatorDefinition } from '../types';

const department = 'statistics' as const;
const domain = 'rural-revitalization' as const;

export const RURAL_REVITALIZATION_INDICATORS: readonly IndicatorDefinition[] = [
  define({
    code: 'RUR-01', nameZh: '乡村各领域女性人才', nameEn: 'Women in the rural talent pool', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'rural-talent', 'F'),
    source: { clause: 'main-goal', number: 5, text: '健全乡村女性人才政策体系，壮大乡村各领域女性人才队伍' },
  }),
  define({
    code: 'RUR-02', nameZh: '新型女性职业农民', nameEn: 'Female new-type professional farmers', domain, department, unit: 'persons',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: observe(department, 'professional-farmers', 'F'),
    source: { clause: 'strategy-measure', number: 5, text: '加大乡村高素质女性农民培养力度，加快建立现代职业农民制度和构建职业农民培训体系，不断培育更多新型女性职业农民' },
  }),
  define({
    code: 'RUR-03', nameZh: '农村女性合作社负责人比例', nameEn: 'Women’s share of heads of farmers’ cooperatives', domain, department, unit: 'percent',
    comparator: 'increase', direction: 'higher_is_better', sexDisaggregated: true,
    definition: womenShareOf(department, 'cooperative-leaders'),
    source: { clause: 'strategy-measure', number: 1, text: '提升农村女性合作社负责人（企业家）等新型农业管理能手的就业创业能力与示范带动农村妇女增收致富能力' },
    notes: 'The plan asks to strengthen women cooperative heads; followed through their share among all heads.',
  }),
];
