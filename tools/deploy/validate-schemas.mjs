// Validates Kubernetes objects against their schemas: Kubernetes' own OpenAPI schemas (kubernetes-models),
// Strimzi's and prometheus-operator's CRD schemas (@kubernetes-models/*). Those packages are ES modules
// only, which jest's CommonJS runtime cannot load, so tools/deploy/k8s.spec.ts runs this in a child node.
// stdin: a JSON array of objects. stdout: a JSON array with, per object, null or its validation error.
import { readFileSync } from 'node:fs';

/** Every kind deploy/k8s may hold; anything else is an error, not a pass. */
const MODELS = {
  'v1/Namespace': ['kubernetes-models/v1/Namespace', 'Namespace'],
  'v1/ConfigMap': ['kubernetes-models/v1/ConfigMap', 'ConfigMap'],
  'v1/Service': ['kubernetes-models/v1/Service', 'Service'],
  'apps/v1/Deployment': ['kubernetes-models/apps/v1/Deployment', 'Deployment'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'HorizontalPodAutoscaler'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
  'batch/v1/Job': ['kubernetes-models/batch/v1/Job', 'Job'],
  'networking.k8s.io/v1/NetworkPolicy': ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'NetworkPolicy'],
  'kafka.strimzi.io/v1/KafkaTopic': ['@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic', 'KafkaTopic'],
  'monitoring.coreos.com/v1/ServiceMonitor': ['@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', 'ServiceMonitor'],
};

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const o of objects) {
  const entry = MODELS[`${o?.apiVersion}/${o?.kind}`];
  if (!entry) {
    results.push(`no schema known for ${o?.apiVersion}/${o?.kind}`);
    continue;
  }
  const Model = (await import(entry[0]))[entry[1]];
  try {
    new Model(o).validate();
    results.push(null);
  } catch (err) {
    results.push(err instanceof Error ? err.message : String(err));
  }
}
process.stdout.write(JSON.stringify(results));
