import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

// The Kubernetes manifests under deploy/k8s/, generated from the same service list as `npm start`
// (scripts/lib/services.cjs) so names and ports cannot drift apart. `npm run deploy:k8s` rewrites them;
// tools/deploy/k8s.spec.ts fails when the committed files differ and validates every object against the
// Kubernetes schemas.

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };

export const K8S_DIR = path.resolve(__dirname, '..', '..', 'deploy', 'k8s');
export const NAMESPACE = 'wdp';
export const IMAGE = 'yunyan-wdp:0.1.0';
/** Everything the services share; DATABASE_URL (it holds the password) lives in the Secret instead. */
export const COMMON_CONFIG = 'wdp-common';
export const SECRET = 'wdp-secrets';
/** Optional per-service keys in the Secret: none is committed, operators add them (docs/operations.md). */
export const adminKeyOf = (service: string): string => `admin-api-key.${service}`;
export const WEBHOOK_SECRET_KEY = 'webhook-secret-key';

type Manifest = Record<string, unknown>;

const MONITORING = 'monitoring-service';
/** Consumers beyond the partition count sit idle: the monitoring service scales up to the data topics' 6 partitions. */
const MAX_REPLICAS: Record<string, number> = { [MONITORING]: 6 };
const RESOURCES: Record<string, { cpu: string; memory: string; memoryLimit: string }> = {
  [MONITORING]: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
};
const DEFAULT_RESOURCES = { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' };

const labelsOf = (service: string) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/part-of': 'yunyan-wdp' });
const selectorOf = (service: string) => ({ 'app.kubernetes.io/name': service });

function commonConfig(): Manifest[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'yunyan-wdp' } } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: COMMON_CONFIG, labels: { 'app.kubernetes.io/part-of': 'yunyan-wdp' } },
      data: {
        // A Kafka cluster of three brokers (RF 3, min.insync.replicas 2: docs/operations.md).
        KAFKA_BROKERS: 'wdp-kafka-0.wdp-kafka:9092,wdp-kafka-1.wdp-kafka:9092,wdp-kafka-2.wdp-kafka:9092',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'info',
        // No demo keys in a cluster: keys come from ADMIN_API_KEY and `npm run keys` / the admin endpoints.
        API_KEYS_FILE: 'off',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: SECRET, labels: { 'app.kubernetes.io/part-of': 'yunyan-wdp' } },
      type: 'Opaque',
      // A placeholder: replace it (kubectl create secret / a sealed or external secret) before deploying.
      stringData: { DATABASE_URL: 'postgres://wdp:REPLACE-ME@postgres.invalid:5432/postgres' },
    },
  ];
}

function serviceEnv(service: string): Manifest[] {
  const env: Manifest[] = [
    { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRET, key: 'DATABASE_URL' } } },
    { name: 'ADMIN_API_KEY', valueFrom: { secretKeyRef: { name: SECRET, key: adminKeyOf(service), optional: true } } },
  ];
  if (service === MONITORING) {
    env.push({ name: 'WEBHOOK_SECRET_KEY', valueFrom: { secretKeyRef: { name: SECRET, key: WEBHOOK_SECRET_KEY, optional: true } } });
  }
  return env;
}

const securityContext = {
  runAsNonRoot: true,
  runAsUser: 1000, // the node user of the node:20 image
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function serviceManifests(service: string, port: number): Manifest[] {
  const labels = labelsOf(service);
  const res = RESOURCES[service] ?? DEFAULT_RESOURCES;
  const probe = (p: string, extra: Manifest) => ({ httpGet: { path: p, port: 'http' }, timeoutSeconds: 3, ...extra });
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: service, labels },
      data: { SERVICE: service, PORT: String(port) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, labels },
      // No `replicas`: the HorizontalPodAutoscaler owns the count, and re-applying must not reset it.
      spec: {
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorOf(service) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selectorOf(service) } },
            ],
            containers: [
              {
                name: service,
                image: IMAGE,
                imagePullPolicy: 'IfNotPresent',
                ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
                envFrom: [{ configMapRef: { name: COMMON_CONFIG } }, { configMapRef: { name: service } }],
                env: serviceEnv(service),
                resources: { requests: { cpu: res.cpu, memory: res.memory }, limits: { memory: res.memoryLimit } },
                // Migrations run at start (and before a rollout, in the migration Job): the startup probe allows for them.
                startupProbe: probe('/health/live', { periodSeconds: 5, failureThreshold: 60 }),
                livenessProbe: probe('/health/live', { periodSeconds: 10, failureThreshold: 3 }),
                readinessProbe: probe('/health/ready', { periodSeconds: 10, failureThreshold: 3 }),
                securityContext,
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, labels },
      spec: { type: 'ClusterIP', selector: selectorOf(service), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: service, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
        minReplicas: 2,
        maxReplicas: MAX_REPLICAS[service] ?? 8,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: service, labels },
      spec: { minAvailable: 1, selector: { matchLabels: selectorOf(service) } },
    },
  ];
}

/** One Job that migrates every service's database in turn (tools/deploy/migrate.ts), run before a rollout. */
function migrationJob(): Manifest[] {
  const names = SERVICES.map((s) => s.name).join(' ');
  return [
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'wdp-migrate', labels: { 'app.kubernetes.io/name': 'wdp-migrate', 'app.kubernetes.io/part-of': 'yunyan-wdp' } },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 1800,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'wdp-migrate', 'app.kubernetes.io/part-of': 'yunyan-wdp' } },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'migrate',
                image: IMAGE,
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c'],
                args: [
                  `set -e; for s in ${names}; do node -r @swc-node/register -r tsconfig-paths/register tools/deploy/migrate.ts "$s"; done`,
                ],
                envFrom: [{ configMapRef: { name: COMMON_CONFIG } }],
                env: [{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRET, key: 'DATABASE_URL' } } }],
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
                securityContext,
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    },
  ];
}

const HEADER = '# Generated by `npm run deploy:k8s` (tools/deploy/k8s-manifests.ts). Do not edit by hand.\n';

function render(manifests: Manifest[]): string {
  return HEADER + manifests.map((m) => `---\n${stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}

/** File name (in deploy/k8s) → content. */
export function renderManifests(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('common.yaml', render(commonConfig()));
  for (const { name, port } of SERVICES) files.set(`${name}.yaml`, render(serviceManifests(name, port)));
  files.set('migrate-job.yaml', render(migrationJob()));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: NAMESPACE,
    resources: [...files.keys()],
    images: [{ name: IMAGE.split(':')[0], newTag: IMAGE.split(':')[1] }],
  };
  files.set('kustomization.yaml', HEADER + stringify(kustomization, { lineWidth: 0 }));
  return files;
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const drifted: string[] = [];
  fs.mkdirSync(K8S_DIR, { recursive: true });
  for (const [name, content] of renderManifests()) {
    const file = path.join(K8S_DIR, name);
    if (check) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) drifted.push(name);
    } else {
      fs.writeFileSync(file, content);
      console.log(`wrote deploy/k8s/${name}`);
    }
  }
  if (drifted.length) {
    console.error(`drifted (run npm run deploy:k8s): ${drifted.join(', ')}`);
    process.exit(1);
  }
}
