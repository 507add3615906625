import { validateEnv } from '@wdp/config';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_APPS } from '../openapi/services';
import { COMMON_CONFIG, K8S_DIR, renderManifests, SECRET } from './k8s-manifests';

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };
const ROOT = path.resolve(__dirname, '..', '..');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field below, after schema validation
}

/** Kubernetes schema validation (kubernetes-models: the official OpenAPI schemas, compiled for ajv). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = { // eslint-disable-line @typescript-eslint/no-explicit-any
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1/Job': Job,
};

const kustomization = parse(fs.readFileSync(path.join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[]; namespace: string };
const objects: K8sObject[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), 'utf8')).map((d) => d.toJS() as K8sObject).filter(Boolean),
);
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string | number> }>;
};

describe('deploy/k8s', () => {
  it('is what tools/deploy/k8s-manifests.ts generates (run `npm run deploy:k8s` after changing it)', () => {
    const rendered = renderManifests();
    expect([...rendered.keys(), 'kustomization.yaml'].sort()).toEqual(expect.arrayContaining(fs.readdirSync(K8S_DIR).sort()));
    for (const [name, content] of rendered) expect({ name, content: fs.readFileSync(path.join(K8S_DIR, name), 'utf8') }).toEqual({ name, content });
  });

  it('validates every object against the Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(30);
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(`${o.apiVersion}/${o.kind}`).toBe(Model ? `${o.apiVersion}/${o.kind}` : 'a kind this test knows');
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  it('the validator does reject a broken manifest (the check can fail)', () => {
    const broken = structuredClone(find('Deployment', 'health-service')!);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
  });

  it('has a placeholder Secret only, never a real credential', () => {
    const secret = find('Secret', SECRET)!;
    expect(Object.keys(secret.stringData ?? {})).toEqual(['DATABASE_URL']);
    expect(secret.stringData!.DATABASE_URL).toMatch(/REPLACE-ME@[^/]+\.invalid:/);
  });

  it.each(SERVICES.map((s) => [s.name, s.port] as const))('runs %s on the port of npm start and docker-compose, with env its config accepts', (name, port) => {
    const deployment = find('Deployment', name)!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
    expect(find('Service', name)!.spec.ports[0]).toMatchObject({ port, targetPort: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(find('HorizontalPodAutoscaler', name)!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(find('PodDisruptionBudget', name)!.spec.selector).toEqual(deployment.spec.selector);

    // The environment the pod gets: both ConfigMaps, then the Secret's keys (placeholders).
    const env: Record<string, string> = {};
    for (const ref of container.envFrom) Object.assign(env, find('ConfigMap', ref.configMapRef.name)!.data);
    const secret = find('Secret', SECRET)!.stringData!;
    for (const e of container.env) if (secret[e.valueFrom.secretKeyRef.key] !== undefined) env[e.name] = secret[e.valueFrom.secretKeyRef.key];
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

  it('has a migration Job that migrates every service through tools/deploy/migrate.ts, shipped in the image', () => {
    const job = find('Job', 'wdp-migrate')!;
    const script: string = job.spec.template.spec.containers[0].args.join(' ');
    expect(script).toContain('tools/deploy/migrate.ts');
    for (const { name } of SERVICES) expect(script).toContain(` ${name}`);
    expect(job.spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: COMMON_CONFIG } }]);
    const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY[^\n]*\/app\/tools/);
  });
});
