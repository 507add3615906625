import * as path from 'node:path';

/** The CommonJS helper in scripts/lib that runs a real Kafka 3.9.1 broker from Maven jars (see its header). */
export interface LocalKafkaInstance {
  port: number;
  controllerPort: number;
  dir: string;
  brokers: string;
}

export interface LocalKafka {
  ROOT: string;
  instance(port?: number, controllerPort?: number): LocalKafkaInstance;
  start(inst: LocalKafkaInstance, opts?: { log?: (msg: string) => void; timeoutMs?: number }): Promise<{ started: boolean }>;
  stop(inst: LocalKafkaInstance, opts?: { log?: (msg: string) => void; signal?: NodeJS.Signals; timeoutMs?: number }): Promise<void>;
  status(inst: LocalKafkaInstance): Promise<{ running: boolean; pid: number | null; brokers: string; port: number }>;
  wipe(inst: LocalKafkaInstance): void;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export function localKafka(): LocalKafka {
   
  return require(path.join(REPO_ROOT, 'scripts', 'lib', 'kafka-local.cjs')) as LocalKafka;
}
