import type { DynamicModule } from '@nestjs/common';
import type { ServiceConfig } from '@wdp/config';
import type { IngestionOptions } from '@wdp/ingestion';
import type { RelayOverride, ServiceInfo } from '@wdp/platform';
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

/** One service app as tools see it: its identity, its config class and how to build its root module. */
export interface ServiceApp<C extends ServiceConfig = ServiceConfig> {
  info: ServiceInfo;
  configClass: new () => C;
  module(config: C, overrides?: Partial<IngestionOptions> & RelayOverride): DynamicModule;
}

function app<C extends ServiceConfig>(
  info: ServiceInfo,
  configClass: new () => C,
  root: { forRoot(config: C, overrides?: Partial<IngestionOptions> & RelayOverride): DynamicModule },
): ServiceApp {
  return { info, configClass, module: (config, overrides) => root.forRoot(config as C, overrides) } as ServiceApp;
}

/** The seven services, in the order of scripts/lib/services.cjs. */
export const SERVICE_APPS: ServiceApp[] = [
  app(MONITORING, MonitoringServiceConfig, MonitoringModule),
  app(HEALTH, HealthServiceConfig, HealthModule),
  app(EDUCATION, EducationServiceConfig, EducationModule),
  app(EMPLOYMENT, EmploymentServiceConfig, EmploymentModule),
  app(SOCIAL_SECURITY, SocialSecurityServiceConfig, SocialSecurityModule),
  app(RIGHTS, RightsProtectionServiceConfig, RightsModule),
  app(FAMILY, FamilyServiceConfig, FamilyModule),
];

/** One service as the OpenAPI generator sees it: its identity and how to build its module. */
export interface DocumentedService {
  info: ServiceInfo;
  module(): DynamicModule;
}

// Each module is built from its config class's defaults only, so nothing in this machine's environment
// can change the committed documents.
export const DOCUMENTED_SERVICES: DocumentedService[] = SERVICE_APPS.map((s) => ({ info: s.info, module: () => s.module(new s.configClass()) }));
