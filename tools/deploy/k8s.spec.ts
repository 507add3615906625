import { validateEnv } from '@wdp/config';
import { deadLetterTopic, DEPARTMENT_TOPICS, TOPIC_PARTITIONS, type Topic } from '@wdp/contracts';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { consumedTopics, MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { SERVICE_APPS } from '../openapi/services';
import {
  COMMON_CONFIG, K8S_DIR, KAFKA_NAMESPACE, listFiles, MAX_CONNECTIONS_ANNOTATION, NAMESPACE, OVERLAYS, renderManifests,
  RESERVED_CONNECTIONS_ANNOTATION, SECRET,
} from './k8s-manifests';
import { kustomizeBuild, type K8sObject } from './kustomize';
import { parseAsKubernetes, yamlVersionDifferences } from './yaml-versions';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are read field by field after schema validation */

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };
const { ALL_ENTRIES } = require('../build/build.cjs') as { ALL_ENTRIES: string[] };
const { version: RELEASE } = require('../../package.json') as { version: string };
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Schema errors per object (null: valid): Kubernetes' OpenAPI schemas and Strimzi's and prometheus-operator's
 * CRDs, checked by validate-schemas.mjs in a child node (the schema packages are ES modules only).
 */
function schemaErrors(objects: unknown[]): (string | null)[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-schemas.mjs')], { input: JSON.stringify(objects), cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as (string | null)[];
}

type Env = keyof typeof OVERLAYS;
const ENVS = Object.keys(OVERLAYS) as Env[];
/** Each environment's two phases, rendered as `kustomize build` would. */
const rendered: Record<Env, { release: K8sObject[]; services: K8sObject[] }> = Object.fromEntries(
  ENVS.map((env) => [env, { release: kustomizeBuild(path.join(K8S_DIR, OVERLAYS[env][0])), services: kustomizeBuild(path.join(K8S_DIR, OVERLAYS[env][1])) }]),
) as never;
const all = (env: Env) => [...rendered[env].release, ...rendered[env].services];
const find = (objects: K8sObject[], kind: string, name: string): any => objects.find((o) => o.kind === kind && o.metadata.name === name);
const ofKind = (objects: K8sObject[], kind: string): any[] => objects.filter((o) => o.kind === kind);

const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string | number> }>;
};

/** The environment a container gets: its ConfigMaps, then its env (a Secret's key as a stand-in value). */
function containerEnv(objects: K8sObject[], container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ref of container.envFrom ?? []) Object.assign(env, find(objects, 'ConfigMap', ref.configMapRef.name).data);
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom.secretKeyRef.key === 'DATABASE_URL') env[e.name] = 'postgres://wdp:secret@postgres.example:5432/postgres';
  }
  return env;
}

describe('deploy/k8s', () => {
  it('is what tools/deploy/k8s-manifests.ts generates, file for file (run `npm run deploy:k8s` after changing it)', () => {
    const generated = renderManifests();
    expect(listFiles(K8S_DIR).sort()).toEqual([...generated.keys()].sort());
    for (const [name, content] of generated) expect({ name, content: fs.readFileSync(path.join(K8S_DIR, name), 'utf8') }).toEqual({ name, content });
  });

  it('reads the same under YAML 1.1 (the API server) and 1.2, patches inside kustomizations included', () => {
    const texts = listFiles(K8S_DIR).map((f) => ({ f, text: fs.readFileSync(path.join(K8S_DIR, f), 'utf8') }));
    for (const { f, text } of texts.filter((t) => t.f.endsWith('kustomization.yaml'))) {
      for (const p of (parse(text)?.patches ?? []) as { patch?: string }[]) if (p.patch) texts.push({ f: `${f} (patch)`, text: p.patch });
    }
    expect(texts.length).toBeGreaterThan(20);
    for (const { f, text } of texts) expect({ f, differences: yamlVersionDifferences(text) }).toEqual({ f, differences: [] });
  });

  it.each(ENVS)('%s: every document of both phases validates against its schema, read as YAML 1.1', (env) => {
    expect(all(env).length).toBeGreaterThan(50);
    const errors = schemaErrors(all(env));
    expect(all(env).map((o, i) => ({ id: `${o.apiVersion}/${o.kind}/${o.metadata.name}`, error: errors[i] })).filter((r) => r.error)).toEqual([]);
    for (const o of all(env)) {
      expect(o.metadata.namespace ?? (o.kind === 'Namespace' ? NAMESPACE : undefined)).toBe(o.kind === 'KafkaTopic' ? KAFKA_NAMESPACE : NAMESPACE);
    }
  });

  it('the schema check reads files as YAML 1.1, so the old `API_KEYS_FILE: off` fails it, as do wrong types and unknown kinds', () => {
    const old = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wdp-common\ndata:\n  HOST: 0.0.0.0\n  API_KEYS_FILE: off\n';
    expect(yamlVersionDifferences(old)).toEqual(['doc[0].data.API_KEYS_FILE: boolean false under YAML 1.1, string "off" under 1.2']);
    const broken = structuredClone(find(rendered.prod.services, 'Deployment', 'health-service'));
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const topic = structuredClone(ofKind(rendered.prod.release, 'KafkaTopic')[0]);
    topic.spec.partitions = '6';
    expect(schemaErrors([parseAsKubernetes(old)[0], broken, topic, { apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET } }])).toEqual([
      expect.stringMatching(/API_KEYS_FILE must be string/),
      expect.stringMatching(/containerPort must be integer/),
      expect.stringMatching(/partitions must be integer/),
      'no schema known for v1/Secret',
    ]);
  });

  it.each(ENVS)('%s: applies no Secret, so the one created out of band is never overwritten; pods only reference it', (env) => {
    expect(all(env).filter((o) => o.kind === 'Secret')).toEqual([]);
    const refs = JSON.stringify(all(env)).match(/"secretKeyRef":\{[^}]*\}/g) ?? [];
    expect(refs.length).toBeGreaterThan(SERVICES.length);
    for (const ref of refs) expect(JSON.parse(`{${ref}}`).secretKeyRef.name).toBe(SECRET);
    // Only DATABASE_URL is required; the admin and webhook keys are optional.
    const required = new Set(refs.map((r) => JSON.parse(`{${r}}`).secretKeyRef).filter((r) => !r.optional).map((r) => r.key));
    expect([...required]).toEqual(['DATABASE_URL']);
  });

  it.each(SERVICES.map((s) => [s.name, s.port] as const))('runs %s on the port of npm start and docker-compose, probed and configured as its config accepts', (name, port) => {
    const objects = rendered.prod.services;
    const deployment = find(objects, 'Deployment', name);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    expect(find(objects, 'Service', name).spec.ports[0]).toMatchObject({ port, targetPort: 'http' });
    // Readiness is PostgreSQL (and, in monitoring, no dead consumer); /health/kafka and /health/consumer are for
    // dashboards and alerts: as a probe they would take every pod out during a broker outage.
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container.image).toBe(`yunyan-wdp:${RELEASE}`);
    expect(find(objects, 'HorizontalPodAutoscaler', name).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(find(objects, 'PodDisruptionBudget', name).spec.selector).toEqual(deployment.spec.selector);

    const env = containerEnv([...rendered.prod.release, ...objects], container);
    const names = [...Object.keys(env), ...container.env.map((e: { name: string }) => e.name)];
    expect(env.PORT).toBe(String(port));
    expect(env.SERVICE).toBe(name); // read by the image's CMD (deploy/docker/Dockerfile)
    const app = SERVICE_APPS.find((s) => s.info.name === name)!;
    const known = new Set([...Object.keys(new app.configClass()), 'SERVICE']);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
    expect(Object.keys(compose.services[name].environment ?? {}).filter((n) => !names.includes(n))).toEqual([]);
    const { SERVICE: _image, ...serviceEnv } = env;
    expect(validateEnv(app.configClass, serviceEnv).PORT).toBe(port);
  });

  it.each(ENVS)('%s: every pod and the migration Job at once stay within PostgreSQL max_connections minus the reserve', (env) => {
    const objects = all(env);
    const ns = find(objects, 'Namespace', NAMESPACE).metadata.annotations;
    const allowed = Number(ns[MAX_CONNECTIONS_ANNOTATION]) - Number(ns[RESERVED_CONNECTIONS_ANNOTATION]);
    /** The pool the service really opens: DATABASE_POOL_MAX as its config reads it (20 when unset). */
    const poolOf = (container: any, configClass: new () => object = MonitoringServiceConfig) =>
      (validateEnv(configClass as never, containerEnv(objects, container)) as { DATABASE_POOL_MAX: number }).DATABASE_POOL_MAX;
    let peak = 0;
    for (const { name } of SERVICES) {
      const deployment = find(objects, 'Deployment', name);
      const pods = find(objects, 'HorizontalPodAutoscaler', name).spec.maxReplicas + deployment.spec.strategy.rollingUpdate.maxSurge;
      const app = SERVICE_APPS.find((s) => s.info.name === name)!;
      const pool = poolOf(deployment.spec.template.spec.containers[0], app.configClass);
      expect(pool).toBeGreaterThanOrEqual(2);
      peak += pods * (pool + 1); // + the outbox relay's LISTEN connection
    }
    const job = ofKind(objects, 'Job')[0];
    const steps = [...job.spec.template.spec.initContainers, ...job.spec.template.spec.containers];
    peak += Math.max(...steps.map((c: any) => poolOf(c))); // its steps run one after the other
    expect(peak).toBeLessThanOrEqual(allowed);
    process.stdout.write(`[k8s] ${env}: at most ${peak} PostgreSQL connections of ${allowed} allowed\n`);
  });

  it.each(ENVS)('%s: migrates in a Job named after the release, in the release phase, cleaned up after it finishes', (env) => {
    const jobs = ofKind(all(env), 'Job');
    expect(jobs).toHaveLength(1);
    expect(ofKind(rendered[env].services, 'Job')).toEqual([]);
    const job = jobs[0];
    const steps = [...job.spec.template.spec.initContainers, ...job.spec.template.spec.containers];
    // A new image tag without a new Job name would re-apply a finished Job (immutable template: apply fails).
    const tags = new Set(steps.map((c: any) => c.image.split(':').pop()));
    expect(tags.size).toBe(1);
    expect(job.metadata.name).toBe(`wdp-migrate-${[...tags][0].replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    expect(job.metadata.name).toContain(RELEASE.replace(/\./g, '-'));
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(steps.map((c: any) => c.command)).toEqual(SERVICES.map((s) => ['node', 'tools/deploy/migrate.js', s.name]));
    for (const c of steps) expect(c.envFrom).toEqual([{ configMapRef: { name: COMMON_CONFIG } }]);
    expect(ALL_ENTRIES).toContain('tools/deploy/migrate.ts'); // compiled into the image as tools/deploy/migrate.js
    for (const d of ofKind(rendered[env].services, 'Deployment')) expect(d.spec.template.spec.containers[0].image.split(':').pop()).toBe([...tags][0]);
  });

  it.each(ENVS)('%s: has a KafkaTopic for every topic the code publishes to, consumes or dead-letters into', (env) => {
    const monitoring = new MonitoringServiceConfig();
    const used = new Set<string>([...Object.values(DEPARTMENT_TOPICS), ...consumedTopics(monitoring), monitoring.ALERTS_TOPIC]);
    for (const t of [...used]) used.add(deadLetterTopic(t));
    const topics = ofKind(all(env), 'KafkaTopic');
    expect(topics.map((t) => t.metadata.name).sort()).toEqual([...used].sort());
    for (const t of topics) {
      expect(t.metadata.labels['strimzi.io/cluster']).toBe('wdp-kafka');
      expect(t.spec.partitions).toBe(TOPIC_PARTITIONS[t.metadata.name as Topic] ?? 1);
      expect(t.spec.config['retention.ms']).toBe(7 * 24 * 3600 * 1000);
      if (env === 'prod') expect([t.spec.replicas, t.spec.config['min.insync.replicas']]).toEqual([3, 2]);
      else expect(t.spec.config['min.insync.replicas']).toBeLessThanOrEqual(t.spec.replicas);
    }
  });

  it('denies all traffic but ingress from the ingress controller and Prometheus, and egress to DNS, PostgreSQL and Kafka', () => {
    const policies = ofKind(rendered.prod.services, 'NetworkPolicy');
    expect(policies.find((p) => JSON.stringify(p.spec.podSelector) === '{}')!.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    const services = policies.find((p) => p.metadata.name === 'wdp-services')!;
    for (const d of ofKind(rendered.prod.services, 'Deployment')) {
      const labels = d.spec.template.metadata.labels;
      expect(Object.entries(services.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(true);
    }
    const from = services.spec.ingress.flatMap((r: any) => r.from.map((f: any) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name']));
    expect(from.sort()).toEqual(['ingress-nginx', 'monitoring']);
    expect(services.spec.ingress.flatMap((r: any) => r.ports)).toEqual([{ protocol: 'TCP', port: 'http' }]);
    const egressPorts = services.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(egressPorts).toEqual(expect.arrayContaining([53, 5432, 9092]));
    // The migration Job's pods carry the same label, so they reach PostgreSQL too.
    const job = ofKind(rendered.prod.release, 'Job')[0];
    expect(job.spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe(services.spec.podSelector.matchLabels['app.kubernetes.io/part-of']);
  });

  it('has a ServiceMonitor that scrapes /metrics on every Service', () => {
    const [monitor] = ofKind(rendered.prod.services, 'ServiceMonitor');
    const services = ofKind(rendered.prod.services, 'Service');
    expect(services).toHaveLength(SERVICES.length);
    for (const s of services) {
      expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k] === v)).toBe(true);
      expect(s.spec.ports.map((p: any) => p.name)).toContain(monitor.spec.endpoints[0].port);
    }
    expect(monitor.spec.endpoints[0].path).toBe('/metrics');
    expect(monitor.spec.namespaceSelector.matchNames).toEqual([NAMESPACE]);
  });
});
