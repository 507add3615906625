import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as EducationPaths } from './generated/education-service';
import type { paths as EmploymentPaths } from './generated/employment-service';
import type { paths as FamilyPaths } from './generated/family-service';
import type { paths as HealthPaths } from './generated/health-service';
import type { paths as MonitoringPaths } from './generated/monitoring-service';
import type { paths as RightsProtectionPaths } from './generated/rights-protection-service';
import type { paths as SocialSecurityPaths } from './generated/social-security-service';

/** Path types of each service, generated from docs/openapi/<service>.json. */
export interface ServicePaths {
  'monitoring-service': MonitoringPaths;
  'health-service': HealthPaths;
  'education-service': EducationPaths;
  'employment-service': EmploymentPaths;
  'social-security-service': SocialSecurityPaths;
  'rights-protection-service': RightsProtectionPaths;
  'family-service': FamilyPaths;
}

export interface ClientOptions {
  baseUrl: string;
  /** Sent as X-API-Key on every request when given. */
  apiKey?: string;
}

/** A typed openapi-fetch client for one service: paths, parameters, bodies and responses checked by tsc. */
export function createServiceClient<S extends keyof ServicePaths>(_service: S, options: ClientOptions): Client<ServicePaths[S]> {
  const client = createClient<ServicePaths[S]>({ baseUrl: options.baseUrl });
  if (options.apiKey) client.use(apiKeyMiddleware(options.apiKey));
  return client;
}

function apiKeyMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('X-API-Key', apiKey);
      return request;
    },
  };
}
