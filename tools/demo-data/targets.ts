import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { department as departmentOf, type DepartmentCode } from '@wdp/contracts';

/** Default ports, as in scripts/lib/services.cjs (`<SERVICE>_PORT` overrides, as `npm start` does). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'monitoring-service': 3000,
  'health-service': 3001,
  'education-service': 3002,
  'employment-service': 3003,
  'social-security-service': 3004,
  'rights-protection-service': 3005,
  'family-service': 3006,
};

export interface Target {
  department: DepartmentCode;
  service: string;
  baseUrl: string;
  /** The department's write key, from the demo keys file the service wrote at first start. */
  apiKey: string;
}

export function serviceOf(department: DepartmentCode): string {
  const d = departmentOf(department);
  if (!d) throw new RangeError(`unknown department ${department}`);
  return d.service;
}

export function baseUrlOf(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const port = env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`] ?? String(DEFAULT_PORTS[service]);
  return `http://127.0.0.1:${port}`;
}

/**
 * The department key from `.local/keys/<service>.json` (format of @wdp/ingestion's bootstrap-keys: `keys` holds
 * `admin` and one entry named after the department). Never logged.
 */
export function readDepartmentKey(service: string, department: DepartmentCode, keysDir: string): string {
  const file = resolve(keysDir, `${service}.json`);
  if (!existsSync(file)) throw new Error(`no demo API keys at ${file}: start the services with npm start first (or give --keys-dir)`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: Record<string, { key?: string; scopes?: string[] }> };
  const entry = parsed.keys?.[department];
  if (!entry?.key || !entry.scopes?.includes(`write:${department}`)) {
    throw new Error(`${file} holds no key with write:${department}`);
  }
  return entry.key;
}

export function targetOf(department: DepartmentCode, keysDir: string, env: NodeJS.ProcessEnv = process.env): Target {
  const service = serviceOf(department);
  return { department, service, baseUrl: baseUrlOf(service, env), apiKey: readDepartmentKey(service, department, keysDir) };
}
