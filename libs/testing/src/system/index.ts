// The whole system as processes, and load sent to it with an exact account: shared by the benchmarks
// (tools/bench) and the fault and scale suites (tests/faults, tests/scale). A subpath of its own, so that
// the integration specs that import @wdp/testing do not load the demo-data generator with it.
export {
  ADMIN_DATABASE_URL, databaseName, kafkaLocal, ROOT, rssMiB, SERVICE_NAMES, sleep, Stack, waitReady,
  type KafkaInstance, type ServiceProcess, type StackOptions,
} from './stack';
export { newTally, sendAll, sendBatch, sendPaced, type Endpoint, type SendOptions, type Tally } from './ingest';
export {
  batches, countedByKind, countedKinds, countedTotal, DISTRICT, recordPools, weightOf,
  type Batch, type KindPool,
} from './workload';
