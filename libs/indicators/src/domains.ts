/** The nine domains of the plan, in its order (三、发展领域). */
export const DOMAINS = [
  'health',
  'education',
  'economy',
  'rural-revitalization',
  'decision-making',
  'social-security',
  'family',
  'environment',
  'law',
] as const;

export type Domain = (typeof DOMAINS)[number];

export const DOMAIN_LABELS: Readonly<Record<Domain, { section: string; nameZh: string; nameEn: string; prefix: string }>> = {
  health: { section: '（一）', nameZh: '妇女与健康', nameEn: 'Women and health', prefix: 'HEA' },
  education: { section: '（二）', nameZh: '妇女与教育', nameEn: 'Women and education', prefix: 'EDU' },
  economy: { section: '（三）', nameZh: '妇女与经济', nameEn: 'Women and the economy', prefix: 'ECO' },
  'rural-revitalization': { section: '（四）', nameZh: '妇女与乡村振兴', nameEn: 'Women and rural revitalization', prefix: 'RUR' },
  'decision-making': { section: '（五）', nameZh: '妇女参与决策和管理', nameEn: 'Women in decision-making and management', prefix: 'DEC' },
  'social-security': { section: '（六）', nameZh: '妇女与社会保障', nameEn: 'Women and social security', prefix: 'SOC' },
  family: { section: '（七）', nameZh: '妇女与家庭建设', nameEn: 'Women and family development', prefix: 'FAM' },
  environment: { section: '（八）', nameZh: '妇女与环境', nameEn: 'Women and the environment', prefix: 'ENV' },
  law: { section: '（九）', nameZh: '妇女与法律', nameEn: 'Women and the law', prefix: 'LAW' },
};
