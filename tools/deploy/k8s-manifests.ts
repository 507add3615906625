import { topicSpecs } from '@wdp/contracts';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IKafkaTopic } from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import fs from 'node:fs';
import path from 'node:path';
import { poolSizes, type PostgresLimits, type ServiceDemand } from './connection-budget';
import type { JsonPatchOperation, Kustomization, PatchTarget } from './kustomize';
import { portableYaml } from './yaml-versions';

// The one source of deploy/k8s: `npm run deploy:k8s` writes it, `npm run deploy:k8s -- --check` and
// tools/deploy/k8s.spec.ts fail when the committed files differ. Names and ports come from the service list
// of `npm start` (scripts/lib/services.cjs), topics from @wdp/contracts, the release from package.json, so
// none of them can drift apart. The objects are typed with kubernetes-models' interfaces: a misspelt field
// fails `tsc`, which the API server's strict field validation would otherwise reject at apply time.
//
// Layout (docs/operations.md, "Deploying to Kubernetes"): kustomize, a base and two overlays (dev, prod),
// each in two phases applied in order, because nothing in one `kubectl apply` waits for anything else:
//   release/  namespace, shared ConfigMap, Strimzi KafkaTopics, this release's migration Job
//   services/ per service ConfigMap, Deployment, Service, HPA, PDB; NetworkPolicies; ServiceMonitor

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };
const { version: RELEASE } = require('../../package.json') as { version: string };

export const K8S_DIR = path.resolve(__dirname, '..', '..', 'deploy', 'k8s');
export const NAMESPACE = 'wdp';
export const IMAGE_NAME = 'yunyan-wdp';
export const IMAGE = `${IMAGE_NAME}:${RELEASE}`;
/** Everything the services share; DATABASE_URL (it holds the password) lives in the Secret instead. */
export const COMMON_CONFIG = 'wdp-common';
/** Created out of band (docs/operations.md), never by apply: a committed placeholder would overwrite the real one. */
export const SECRET = 'wdp-secrets';
/** Optional per-service keys in the Secret, read only when present. */
export const adminKeyOf = (service: string): string => `admin-api-key.${service}`;
export const WEBHOOK_SECRET_KEY = 'webhook-secret-key';
/** The migration Job's name carries the release, so each release's apply creates a Job of its own. */
export const MIGRATION_JOB = `wdp-migrate-${RELEASE.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
export const MIGRATION_POOL = 2;
/** The Strimzi Kafka cluster (`Kafka` resource) and the namespace its topic operator watches. */
export const KAFKA_CLUSTER = 'wdp-kafka';
export const KAFKA_NAMESPACE = 'kafka';
/** What the Kafka topics keep: the broker default the services create them with (inbox pruning assumes 7 days). */
export const TOPIC_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Namespaces allowed to reach the services: the ingress controller's and Prometheus'. */
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const MONITORING_NAMESPACE = 'monitoring';
/** Annotations on the Namespace stating the PostgreSQL server the pool sizes were derived for. */
export const MAX_CONNECTIONS_ANNOTATION = 'yunyan-wdp/postgres-max-connections';
export const RESERVED_CONNECTIONS_ANNOTATION = 'yunyan-wdp/postgres-reserved-connections';

const MONITORING = 'monitoring-service';
const MAX_SURGE = 1;
const PART_OF = { 'app.kubernetes.io/part-of': 'yunyan-wdp' };

/** What differs between clusters; the base is prod, dev is patched down from it. */
interface Environment {
  postgres: PostgresLimits;
  /** [min, max] replicas. The monitoring service's max stays ≤ 6: consumers beyond the data topics' partitions idle. */
  replicas: { departmental: [number, number]; monitoring: [number, number] };
  kafka: { replicas: number; minInsyncReplicas: number };
}

export const ENVIRONMENTS: Record<'prod' | 'dev', Environment> = {
  // A server configured with max_connections = 200 (docs/operations.md); three brokers.
  prod: {
    postgres: { maxConnections: 200, reserved: 10 },
    replicas: { departmental: [2, 4], monitoring: [2, 6] },
    kafka: { replicas: 3, minInsyncReplicas: 2 },
  },
  // PostgreSQL's default max_connections and a one-broker Kafka, as on a laptop cluster (kind, minikube).
  dev: {
    postgres: { maxConnections: 100, reserved: 10 },
    replicas: { departmental: [1, 2], monitoring: [1, 2] },
    kafka: { replicas: 1, minInsyncReplicas: 1 },
  },
};

const labelsOf = (name: string) => ({ 'app.kubernetes.io/name': name, ...PART_OF });
const selectorOf = (name: string) => ({ 'app.kubernetes.io/name': name });
const replicasOf = (env: Environment, service: string) => (service === MONITORING ? env.replicas.monitoring : env.replicas.departmental);

function demands(env: Environment): ServiceDemand[] {
  return SERVICES.map(({ name }) => ({ name, maxReplicas: replicasOf(env, name)[1], maxSurge: MAX_SURGE, weight: name === MONITORING ? 3 : 1 }));
}

export const poolsFor = (env: Environment) => poolSizes(env.postgres, demands(env), MIGRATION_POOL);

// ---- release phase -------------------------------------------------------------------------------------

function namespace(env: Environment): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: NAMESPACE,
      labels: PART_OF,
      annotations: {
        [MAX_CONNECTIONS_ANNOTATION]: String(env.postgres.maxConnections),
        [RESERVED_CONNECTIONS_ANNOTATION]: String(env.postgres.reserved),
      },
    },
  };
}

function commonConfig(): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: COMMON_CONFIG, namespace: NAMESPACE, labels: PART_OF },
    data: {
      // The Strimzi cluster's bootstrap Service (RF 3, min.insync.replicas 2: the KafkaTopics below).
      KAFKA_BROKERS: `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc:9092`,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      // No demo keys in a cluster: keys come from ADMIN_API_KEY and the admin endpoints. A string under YAML
      // 1.1 too (quoted in the file): unquoted, `off` was a boolean and the API server rejected the ConfigMap.
      API_KEYS_FILE: 'off',
    },
  };
}

/** Every topic the services create at start (@wdp/contracts' topicSpecs), as Strimzi manages it. */
function kafkaTopics(env: Environment): IKafkaTopic[] {
  return topicSpecs().map((spec) => ({
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: spec.name, namespace: KAFKA_NAMESPACE, labels: { 'strimzi.io/cluster': KAFKA_CLUSTER, ...PART_OF } },
    spec: {
      partitions: spec.partitions,
      replicas: env.kafka.replicas,
      config: { 'min.insync.replicas': env.kafka.minInsyncReplicas, 'retention.ms': TOPIC_RETENTION_MS, 'cleanup.policy': 'delete' },
    },
  }));
}

const containerSecurity: IContainer['securityContext'] = {
  runAsNonRoot: true,
  runAsUser: 1000, // the node user of the node:24 image
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};
const podSecurity = { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' as const } };
const databaseUrl: IEnvVar = { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRET, key: 'DATABASE_URL' } } };

/**
 * One Job per release migrates every service's database, one service after the other (init containers run
 * in order), before the release's services are applied. Finished Jobs delete themselves after a week.
 */
function migrationJob(): IJob {
  const labels = { ...labelsOf('wdp-migrate'), 'app.kubernetes.io/version': RELEASE };
  const step = (service: string): IContainer => ({
    name: service,
    image: IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', 'tools/deploy/migrate.js', service],
    envFrom: [{ configMapRef: { name: COMMON_CONFIG } }],
    env: [databaseUrl, { name: 'DATABASE_POOL_MAX', value: String(MIGRATION_POOL) }],
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    securityContext: containerSecurity,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  });
  const steps = SERVICES.map((s) => step(s.name));
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: MIGRATION_JOB, namespace: NAMESPACE, labels },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          initContainers: steps.slice(0, -1),
          containers: steps.slice(-1),
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

// ---- services phase ------------------------------------------------------------------------------------

function serviceEnv(service: string): IEnvVar[] {
  const env: IEnvVar[] = [
    databaseUrl,
    { name: 'ADMIN_API_KEY', valueFrom: { secretKeyRef: { name: SECRET, key: adminKeyOf(service), optional: true } } },
  ];
  if (service === MONITORING) {
    env.push({ name: 'WEBHOOK_SECRET_KEY', valueFrom: { secretKeyRef: { name: SECRET, key: WEBHOOK_SECRET_KEY, optional: true } } });
  }
  return env;
}

const RESOURCES: Record<string, { cpu: string; memory: string; memoryLimit: string }> = {
  [MONITORING]: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
};
const DEFAULT_RESOURCES = { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' };

type Workload = IConfigMap | IDeployment | IService | IHorizontalPodAutoscaler | IPodDisruptionBudget;

function serviceManifests(service: string, port: number, env: Environment, pool: number): Workload[] {
  const labels = labelsOf(service);
  const metadata = { name: service, namespace: NAMESPACE, labels };
  const res = RESOURCES[service] ?? DEFAULT_RESOURCES;
  const probe = (p: string, extra: { periodSeconds: number; failureThreshold: number }) => ({ httpGet: { path: p, port: 'http' }, timeoutSeconds: 3, ...extra });
  const [minReplicas, maxReplicas] = replicasOf(env, service);
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata,
      // DATABASE_POOL_MAX: this service's share of max_connections over its most pods (connection-budget.ts).
      data: { SERVICE: service, PORT: String(port), DATABASE_POOL_MAX: String(pool) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      // No `replicas`: the HorizontalPodAutoscaler owns the count, and re-applying must not reset it.
      spec: {
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorOf(service) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: MAX_SURGE } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': RELEASE } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: podSecurity,
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
                // The release's migration Job has run; the startup probe still allows for a slow first start.
                startupProbe: probe('/health/live', { periodSeconds: 5, failureThreshold: 60 }),
                livenessProbe: probe('/health/live', { periodSeconds: 10, failureThreshold: 3 }),
                // PostgreSQL, and (monitoring) no dead consumer; never Kafka alone: docs/operations.md, "Probes".
                readinessProbe: probe('/health/ready', { periodSeconds: 10, failureThreshold: 3 }),
                securityContext: containerSecurity,
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
      metadata,
      spec: { type: 'ClusterIP', selector: selectorOf(service), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
        minReplicas,
        maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      // maxUnavailable rather than minAvailable: with one replica (dev) a drain can still move it.
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(service) } },
    },
  ];
}

/**
 * Ingress only from the ingress controller and Prometheus; egress only to DNS, PostgreSQL, the Kafka
 * cluster, an OTLP collector in the monitoring namespace and (monitoring) public HTTPS webhook receivers.
 */
function networkPolicies(): INetworkPolicy[] {
  const meta = (name: string) => ({ name, namespace: NAMESPACE, labels: PART_OF });
  const inNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('default-deny'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('wdp-services'),
      spec: {
        podSelector: { matchLabels: PART_OF },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [inNamespace(INGRESS_NAMESPACE), inNamespace(MONITORING_NAMESPACE)], ports: [{ protocol: 'TCP', port: 'http' }] }],
        egress: [
          { to: [inNamespace('kube-system')], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          // PostgreSQL may run outside the cluster (a managed server): any address, its port only.
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
          {
            to: [{ ...inNamespace(KAFKA_NAMESPACE), podSelector: { matchLabels: { 'strimzi.io/cluster': KAFKA_CLUSTER } } }],
            ports: [{ protocol: 'TCP', port: 9092 }],
          },
          { to: [inNamespace(MONITORING_NAMESPACE)], ports: [{ protocol: 'TCP', port: 4318 }] },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('monitoring-webhooks'),
      spec: {
        podSelector: { matchLabels: selectorOf(MONITORING) },
        policyTypes: ['Egress'],
        // Webhook receivers are public HTTPS endpoints; the service's SSRF guard refuses private targets too.
        egress: [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'] } }],
            ports: [{ protocol: 'TCP', port: 443 }],
          },
        ],
      },
    },
  ];
}

function serviceMonitor(): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'yunyan-wdp', namespace: NAMESPACE, labels: PART_OF },
    spec: {
      selector: { matchLabels: PART_OF },
      namespaceSelector: { matchNames: [NAMESPACE] },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }],
    },
  };
}

// ---- overlays ------------------------------------------------------------------------------------------

const HEADER = '# Generated by `npm run deploy:k8s` (tools/deploy/k8s-manifests.ts). Do not edit by hand.\n';

function kustomization(k: Omit<Kustomization, 'apiVersion' | 'kind'>): string {
  return HEADER + portableYaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...k }]).replace(/^---\n/, '');
}

const patch = (target: PatchTarget, ops: JsonPatchOperation[]) => ({ target, patch: portableYaml([ops]).replace(/^---\n/, '') });

/** What turns prod (the base) into dev, as JSON 6902 patches. */
function devPatches(phase: 'release' | 'services'): { target: PatchTarget; patch: string }[] {
  const dev = ENVIRONMENTS.dev;
  if (phase === 'release') {
    return [
      patch({ kind: 'Namespace', name: NAMESPACE }, [
        { op: 'replace', path: `/metadata/annotations/${MAX_CONNECTIONS_ANNOTATION.replace('/', '~1')}`, value: String(dev.postgres.maxConnections) },
        { op: 'replace', path: `/metadata/annotations/${RESERVED_CONNECTIONS_ANNOTATION.replace('/', '~1')}`, value: String(dev.postgres.reserved) },
      ]),
      patch({ group: 'kafka.strimzi.io', kind: 'KafkaTopic' }, [
        { op: 'replace', path: '/spec/replicas', value: dev.kafka.replicas },
        { op: 'replace', path: '/spec/config/min.insync.replicas', value: dev.kafka.minInsyncReplicas },
      ]),
    ];
  }
  const pools = poolsFor(dev);
  return SERVICES.flatMap(({ name }) => {
    const [min, max] = replicasOf(dev, name);
    return [
      patch({ kind: 'HorizontalPodAutoscaler', name }, [
        { op: 'replace', path: '/spec/minReplicas', value: min },
        { op: 'replace', path: '/spec/maxReplicas', value: max },
      ]),
      patch({ kind: 'ConfigMap', name }, [{ op: 'replace', path: '/data/DATABASE_POOL_MAX', value: String(pools[name]) }]),
    ];
  });
}

/** Path under deploy/k8s → content. */
export function renderManifests(): Map<string, string> {
  const prod = ENVIRONMENTS.prod;
  const pools = poolsFor(prod);
  const files = new Map<string, string>();
  const add = (file: string, documents: unknown[]) => files.set(file, HEADER + portableYaml(documents));

  add('base/release/namespace.yaml', [namespace(prod)]);
  add('base/release/common.yaml', [commonConfig()]);
  add('base/release/topics.yaml', kafkaTopics(prod));
  add('base/release/migrate-job.yaml', [migrationJob()]);
  files.set('base/release/kustomization.yaml', kustomization({ resources: ['namespace.yaml', 'common.yaml', 'topics.yaml', 'migrate-job.yaml'] }));

  for (const { name, port } of SERVICES) add(`base/services/${name}.yaml`, serviceManifests(name, port, prod, pools[name]));
  add('base/services/network-policies.yaml', networkPolicies());
  add('base/services/service-monitor.yaml', [serviceMonitor()]);
  files.set(
    'base/services/kustomization.yaml',
    kustomization({ resources: [...SERVICES.map((s) => `${s.name}.yaml`), 'network-policies.yaml', 'service-monitor.yaml'] }),
  );

  for (const phase of ['release', 'services'] as const) {
    files.set(`overlays/prod/${phase}/kustomization.yaml`, kustomization({ resources: [`../../../base/${phase}`] }));
    files.set(`overlays/dev/${phase}/kustomization.yaml`, kustomization({ resources: [`../../../base/${phase}`], patches: devPatches(phase) }));
  }
  return files;
}

/** The overlays' kustomization directories, in apply order per environment. */
export const OVERLAYS = { dev: ['overlays/dev/release', 'overlays/dev/services'], prod: ['overlays/prod/release', 'overlays/prod/services'] } as const;

/** Every file under `dir`, relative to it. */
export function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const rendered = renderManifests();
  const stale = listFiles(K8S_DIR).filter((f) => !rendered.has(f));
  const drifted = [...rendered].filter(([name, content]) => !fs.existsSync(path.join(K8S_DIR, name)) || fs.readFileSync(path.join(K8S_DIR, name), 'utf8') !== content);
  if (check) {
    if (drifted.length || stale.length) {
      console.error(`deploy/k8s differs from the generator (run npm run deploy:k8s): ${[...drifted.map(([n]) => n), ...stale.map((s) => `${s} (not generated)`)].join(', ')}`);
      process.exit(1);
    }
  } else {
    for (const f of stale) {
      fs.rmSync(path.join(K8S_DIR, f));
      console.log(`removed deploy/k8s/${f}`);
    }
    for (const [name, content] of drifted) {
      fs.mkdirSync(path.dirname(path.join(K8S_DIR, name)), { recursive: true });
      fs.writeFileSync(path.join(K8S_DIR, name), content);
      console.log(`wrote deploy/k8s/${name}`);
    }
  }
}
