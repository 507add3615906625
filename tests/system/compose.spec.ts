import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import {
  adminKeyVariable, type ComposeFile, composeEnvSecrets, composeVariables, COMPOSE_FILE, containerEnvironment, interpolate, loadCompose, loadRuntimeStage,
  parseCompose, ROOT, runtimeStage,
} from './compose-file';
import { SERVICE_CONFIGS } from './service-configs';

// There is no Docker engine here, so docker-compose.yml is checked as Docker would read it: YAML 1.1, the
// Compose Specification's schema, compose's interpolation, the Dockerfile it builds. The services themselves
// run with this environment in compose-services.integration-spec.ts.

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };

const text = fs.readFileSync(COMPOSE_FILE, 'utf8');
const compose = loadCompose();
// What `npm run compose:env` writes (its own behaviour is checked in tools/compose-env/compose-env.spec.ts).
const secrets = composeEnvSecrets();

/**
 * The Compose Specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json) as the dclint
 * package ships it; its package exports do not expose the file, so it is read from the package's folder.
 */
function composeSchema(): object {
  const dir = path.dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  expect(schema.title).toBe('Compose Specification');
  // Its $schema names draft-07 by an https URL ajv does not alias; ajv's default dialect is draft-07.
  delete schema.$schema;
  return schema;
}

describe('docker-compose.yml as Docker reads it', () => {
  it('is valid under the Compose Specification schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(composeSchema());
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a misspelt key and ports that are not a list are refused', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(composeSchema());
    const broken = structuredClone(compose) as ComposeFile & { services: Record<string, Record<string, unknown>> };
    broken.services.kafka.healthcheck = { tset: ['CMD', 'true'] } as never;
    expect(validate(broken)).toBe(false);
    expect(validate(parseCompose('services:\n  a:\n    image: x\n    ports: 80\n'))).toBe(false);
  });

  it('means the same under YAML 1.1 and 1.2: no unquoted yes/no/on/off or other scalar that changes type', () => {
    expect(parseCompose(text, '1.1')).toEqual(parseCompose(text, '1.2'));
    // The reader really is 1.1: this is what `API_KEYS_FILE: off` turns into there.
    expect(parseCompose('x:\n  A: off\n  B: yes\n', '1.1')).toEqual({ x: { A: false, B: true } });
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const [k, v] of Object.entries(svc.environment ?? {})) expect([name, k, typeof v]).toEqual([name, k, 'string']);
    }
  });

  it('interpolates with nothing missing once npm run compose:env has written .env, and refuses to start without it', () => {
    const variables = composeVariables(text);
    expect(variables.map((v) => v.name).sort()).toEqual(Object.keys(secrets).sort());
    expect(variables.every((v) => v.required)).toBe(true);
    expect(() => interpolate(text, secrets)).not.toThrow();
    expect(() => interpolate(text, {})).toThrow(/required variable \w+ is missing a value: run npm run compose:env first/);
  });
});

describe('Kafka in compose', () => {
  const kafka = compose.services.kafka;
  const env = kafka.environment as Record<string, string>;

  it('is the Kafka of the local broker and of the tests: 3.9.1', () => {
    const pom = fs.readFileSync(path.join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml'), 'utf8');
    const local = /<artifactId>kafka_2\.13<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)?.[1];
    const testcontainers = /const KAFKA_IMAGE = '([^']+)'/.exec(fs.readFileSync(path.join(ROOT, 'libs', 'testing', 'src', 'global-setup.ts'), 'utf8'))?.[1];
    expect(local).toBe('3.9.1');
    expect(kafka.image).toBe(`apache/kafka:${local}`);
    expect(testcontainers).toBe(kafka.image);
  });

  it('runs KRaft without auto-created topics, with a health check', () => {
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.healthcheck).toBeDefined();
    expect(compose.services.postgres.healthcheck).toBeDefined();
  });

  it('keeps its data on a named volume at its log directory', () => {
    const mount = (kafka.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === env.KAFKA_LOG_DIRS);
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount![0]);
  });

  it('advertises kafka:9092 to the containers and localhost:29092 to tools on the host', () => {
    const listeners = Object.fromEntries(env.KAFKA_LISTENERS.split(',').map((l) => l.split('://')));
    const advertised = Object.fromEntries(env.KAFKA_ADVERTISED_LISTENERS.split(',').map((l) => l.split('://')));
    const protocols = Object.fromEntries(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(',').map((l) => l.split(':')));
    expect(advertised.EXTERNAL).toBe('localhost:29092');
    expect(listeners.EXTERNAL).toBe(':29092');
    expect(kafka.ports).toEqual(['29092:29092']);
    expect(protocols.EXTERNAL).toBe('PLAINTEXT');
    expect(advertised[env.KAFKA_INTER_BROKER_LISTENER_NAME]).toBe('kafka:9092');
    for (const { name } of SERVICES) expect(compose.services[name].environment?.KAFKA_BROKERS).toBe(advertised.PLAINTEXT);
  });
});

describe.each(SERVICES.map((s) => [s.name, s.port] as const))('%s in compose', (name, port) => {
  const svc = compose.services[name];

  it('runs on the same port as npm start, from the one image with SERVICE set to it', () => {
    expect(svc.ports).toEqual([`${port}:${port}`]);
    expect(svc.build?.args?.SERVICE).toBe(name);
    expect(svc.build?.dockerfile).toBe('deploy/docker/Dockerfile');
    expect(loadRuntimeStage(svc).env.SERVICE).toBe(name);
    expect(svc.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
  });

  it('has a read-only root filesystem with a tmpfs /tmp', () => {
    expect(svc.read_only).toBe(true);
    expect(svc.tmpfs).toEqual(['/tmp']);
  });

  it('gets an environment its config class accepts, with its admin key, and nothing it does not read', () => {
    const env = containerEnvironment(svc, secrets);
    expect(env.ADMIN_API_KEY).toBe(secrets[adminKeyVariable(name)]);
    expect(env.NODE_ENV).toBe('production');
    const config = SERVICE_CONFIGS[name];
    expect(config).toBeDefined();
    const known = new Set([...Object.keys(new config()), 'NODE_ENV', 'SERVICE']);
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    const { validateEnv } = require('@wdp/config') as typeof import('@wdp/config');
    expect(validateEnv(config, env)).toMatchObject({ PORT: port, ADMIN_API_KEY: secrets[adminKeyVariable(name)] });
  });
});

describe('the runtime image (deploy/docker/Dockerfile)', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy', 'docker', 'Dockerfile'), 'utf8');
  const stage = runtimeStage(dockerfile);

  it('is Node 24 on Debian bookworm slim in every stage', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toBe('node:24-bookworm-slim');
  });

  it('runs compiled JavaScript as the unprivileged node user, in production mode, with production dependencies only', () => {
    expect(stage.user).toBe('node');
    expect(stage.env.NODE_ENV).toBe('production');
    expect(stage.cmd.join(' ')).toMatch(/node .*apps\/\$\{SERVICE\}\/src\/main\.js/);
    expect(stage.cmd.join(' ')).not.toMatch(/swc|tsconfig-paths|\.ts\b/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('keeps the local state and secrets out of the build context', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/);
    for (const entry of ['node_modules', 'dist', '.local', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
