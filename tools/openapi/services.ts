import type { DynamicModule } from '@nestjs/common';
import type { ServiceInfo } from '@wdp/platform';
import { AppModule as EducationModule } from '../../apps/education-service/src/app.module';
import { EducationServiceConfig } from '../../apps/education-service/src/config';
import { SERVICE_INFO as EDUCATION } from '../../apps/education-service/src/service-info';
import { AppModule as EmploymentModule } from '../../apps/employment-service/src/app.module';
import { EmploymentServiceConfig } from '../../apps/employment-service/src/config';
import { SERVICE_INFO as EMPLOYMENT } from '../../apps/employment-service/src/service-info';
import { AppModule as FamilyModule } from '../../apps/family-service/src/app.module';
import { FamilyServiceConfig } from '../../apps/family-service/src/config';
import { SERVICE_INFO as FAMILY } from '../../apps/family-service/src/service-info';
import { AppModule as HealthModule } from '../../apps/health-service/src/app.module';
import { HealthServiceConfig } from '../../apps/health-service/src/config';
import { SERVICE_INFO as HEALTH } from '../../apps/health-service/src/service-info';
import { AppModule as MonitoringModule } from '../../apps/monitoring-service/src/app.module';
import { MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { SERVICE_INFO as MONITORING } from '../../apps/monitoring-service/src/service-info';
import { AppModule as RightsModule } from '../../apps/rights-protection-service/src/app.module';
import { RightsProtectionServiceConfig } from '../../apps/rights-protection-service/src/config';
import { SERVICE_INFO as RIGHTS } from '../../apps/rights-protection-service/src/service-info';
import { AppModule as SocialSecurityModule } from '../../apps/social-security-service/src/app.module';
import { SocialSecurityServiceConfig } from '../../apps/social-security-service/src/config';
import { SERVICE_INFO as SOCIAL_SECURITY } from '../../apps/social-security-service/src/service-info';

/** One service as the OpenAPI generator sees it: its identity and how to build its module from a config. */
export interface DocumentedService {
  info: ServiceInfo;
  module(): DynamicModule;
}

// Each module is built from its config class's defaults only, so nothing in this machine's environment
// can change the committed documents.
export const DOCUMENTED_SERVICES: DocumentedService[] = [
  { info: MONITORING, module: () => MonitoringModule.forRoot(new MonitoringServiceConfig()) },
  { info: HEALTH, module: () => HealthModule.forRoot(new HealthServiceConfig()) },
  { info: EDUCATION, module: () => EducationModule.forRoot(new EducationServiceConfig()) },
  { info: EMPLOYMENT, module: () => EmploymentModule.forRoot(new EmploymentServiceConfig()) },
  { info: SOCIAL_SECURITY, module: () => SocialSecurityModule.forRoot(new SocialSecurityServiceConfig()) },
  { info: RIGHTS, module: () => RightsModule.forRoot(new RightsProtectionServiceConfig()) },
  { info: FAMILY, module: () => FamilyModule.forRoot(new FamilyServiceConfig()) },
];
