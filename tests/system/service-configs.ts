import type { ServiceConfig } from '@wdp/config';
import { EducationServiceConfig } from '../../apps/education-service/src/config';
import { EmploymentServiceConfig } from '../../apps/employment-service/src/config';
import { FamilyServiceConfig } from '../../apps/family-service/src/config';
import { HealthServiceConfig } from '../../apps/health-service/src/config';
import { MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { RightsProtectionServiceConfig } from '../../apps/rights-protection-service/src/config';
import { SocialSecurityServiceConfig } from '../../apps/social-security-service/src/config';

// Each service's config class, by the names of scripts/lib/services.cjs: what the compose checks validate a
// container's environment with. Only the config classes, not the apps' modules: the checks read no Nest module.
export const SERVICE_CONFIGS: Record<string, new () => ServiceConfig> = {
  'monitoring-service': MonitoringServiceConfig,
  'health-service': HealthServiceConfig,
  'education-service': EducationServiceConfig,
  'employment-service': EmploymentServiceConfig,
  'social-security-service': SocialSecurityServiceConfig,
  'rights-protection-service': RightsProtectionServiceConfig,
  'family-service': FamilyServiceConfig,
};
