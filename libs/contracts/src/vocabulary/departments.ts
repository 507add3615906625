/**
 * Departments that submit data. The first six run a departmental service; `statistics` is the district
 * statistics bureau (区统计局), which files returns for decision-making, rural revitalization and
 * environment directly to the monitoring service (the plan makes it lead the annual monitoring).
 */
export const DEPARTMENTS = [
  { code: 'health', nameZh: '区卫生健康局', nameEn: 'Health Bureau', service: 'health-service', domains: ['health'] },
  { code: 'education', nameZh: '区教育局', nameEn: 'Education Bureau', service: 'education-service', domains: ['education'] },
  {
    code: 'employment',
    nameZh: '区人力资源和社会保障局（就业）',
    nameEn: 'Human Resources and Social Security Bureau (employment)',
    service: 'employment-service',
    domains: ['economy'],
  },
  {
    code: 'social-security',
    nameZh: '区人力资源和社会保障局、医疗保障局、民政局（社会保障）',
    nameEn: 'Social security (HRSS, Healthcare Security, Civil Affairs)',
    service: 'social-security-service',
    domains: ['social-security'],
  },
  {
    code: 'rights-protection',
    nameZh: '区公安分局、法院、司法局、妇联（权益保护）',
    nameEn: 'Rights protection (police, court, justice bureau, Women’s Federation)',
    service: 'rights-protection-service',
    domains: ['law'],
  },
  {
    code: 'family',
    nameZh: '区妇联、卫生健康局、民政局（家庭建设）',
    nameEn: 'Family (Women’s Federation, Health, Civil Affairs)',
    service: 'family-service',
    domains: ['family'],
  },
  {
    code: 'statistics',
    nameZh: '区统计局',
    nameEn: 'District Statistics Bureau',
    service: 'monitoring-service',
    domains: ['decision-making', 'rural-revitalization', 'environment'],
  },
] as const;

export type DepartmentCode = (typeof DEPARTMENTS)[number]['code'];
export type DepartmentDefinition = (typeof DEPARTMENTS)[number];

export const DEPARTMENT_CODES: readonly DepartmentCode[] = DEPARTMENTS.map((d) => d.code);

export function isDepartmentCode(value: unknown): value is DepartmentCode {
  return typeof value === 'string' && (DEPARTMENT_CODES as readonly string[]).includes(value);
}

export function department(code: string): DepartmentDefinition | undefined {
  return DEPARTMENTS.find((d) => d.code === code);
}
