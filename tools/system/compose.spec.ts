import { ServiceConfig, validateEnv } from '@wdp/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// There is no Docker engine here to run docker-compose.yml, so this keeps it consistent with the local
// scripts instead: same services, same ports, and an environment every service accepts at boot.
 
const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };

interface ComposeService {
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
  build?: { dockerfile?: string; args?: Record<string, string> };
}

const ROOT = path.resolve(__dirname, '..', '..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe('docker-compose.yml', () => {
  it('runs Kafka 3.9 in KRaft mode and PostgreSQL, both with health checks', () => {
    const kafka = compose.services.kafka as ComposeService & { image: string };
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(kafka.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.healthcheck).toBeDefined();
    expect(compose.services.postgres.healthcheck).toBeDefined();
  });

  it.each(SERVICES.map((s) => [s.name, s.port] as const))('runs %s on the same port as npm start', (name, port) => {
    const svc = compose.services[name];
    expect(svc).toBeDefined();
    expect(svc.ports).toContain(`${port}:${port}`);
    expect(svc.build?.args?.SERVICE).toBe(name);
    expect(fs.existsSync(path.join(ROOT, svc.build!.dockerfile!))).toBe(true);
    expect(svc.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
    const env = Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, String(v)]));
    const config = validateEnv(ServiceConfig, env);
    expect(config.PORT).toBe(port);
    const known = new Set(Object.keys(new ServiceConfig()).concat('DATABASE_NAME'));
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
  });
});
