import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../kafka-local';

// The system as real processes, as `npm start` runs them, on ports, databases, keys files and (by default)
// a Kafka broker of their own, so a bench, fault or scale run never touches what is running on the default ports.

const { SERVICES, tsNodeArgs, tsNodeEnv } = require(path.join(REPO_ROOT, 'scripts', 'lib', 'services.cjs')) as {
  SERVICES: { name: string; port: number }[];
  tsNodeArgs: (root: string, entry: string) => string[];
  tsNodeEnv: (root: string, env?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

export const kafkaLocal = require(path.join(REPO_ROOT, 'scripts', 'lib', 'kafka-local.cjs')) as {
  instance(port?: number): KafkaInstance;
  start(inst: KafkaInstance, opts?: { log?: (m: string) => void; timeoutMs?: number }): Promise<{ started: boolean }>;
  stop(inst: KafkaInstance, opts?: { log?: (m: string) => void; signal?: NodeJS.Signals; timeoutMs?: number }): Promise<void>;
  readPid(inst: KafkaInstance): number | null;
  wipe(inst: KafkaInstance): void;
};

export interface KafkaInstance {
  port: number;
  dir: string;
  brokers: string;
  pidFile: string;
  logFile: string;
}

export const ROOT = REPO_ROOT;
export const SERVICE_NAMES = SERVICES.map((s) => s.name);
export const ADMIN_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServiceProcess {
  name: string;
  port: number;
  database: string;
  keysFile: string;
  baseUrl: string;
  child: ChildProcess;
  output(): string;
}

export interface StackOptions {
  /** Run label: part of database names and the state directory. */
  run: string;
  services: string[];
  /** Port of the first service; the others follow in SERVICES order. */
  basePort: number;
  /** An existing broker; otherwise a wiped local broker is started on `kafkaPort` and stopped at the end. */
  kafkaBrokers?: string;
  kafkaPort?: number;
  /** PostgreSQL server the services create their databases on. */
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Per-service extra environment. */
  serviceEnv?: Record<string, Record<string, string>>;
  log?: (m: string) => void;
}

export function databaseName(run: string, service: string): string {
  return `wdp_${run}_${service.replace(/-service$/, '').replace(/-/g, '_')}`;
}

/** VmRSS of a process in MiB, or NaN once it is gone. */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

export async function waitReady(baseUrl: string, timeoutMs: number, alive: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  return false;
}

export class Stack {
  readonly services = new Map<string, ServiceProcess>();
  readonly stateDir: string;
  readonly databaseUrl: string;
  brokers = '';
  kafka?: KafkaInstance;
  private ownBroker = false;
  private readonly log: (m: string) => void;

  constructor(readonly options: StackOptions) {
    this.stateDir = path.join(ROOT, '.local', 'bench', options.run);
    this.databaseUrl = options.databaseUrl ?? ADMIN_DATABASE_URL;
    this.log = options.log ?? ((m) => process.stderr.write(`${m}\n`));
  }

  async start(): Promise<this> {
    fs.mkdirSync(this.stateDir, { recursive: true });
    if (this.options.kafkaBrokers) {
      this.brokers = this.options.kafkaBrokers;
    } else {
      this.kafka = kafkaLocal.instance(this.options.kafkaPort ?? 19292);
      await kafkaLocal.stop(this.kafka, { log: () => undefined });
      kafkaLocal.wipe(this.kafka);
      await kafkaLocal.start(this.kafka, { log: this.log });
      this.ownBroker = true;
      this.brokers = this.kafka.brokers;
    }
    await Promise.all(this.options.services.map((name) => this.spawnService(name)));
    await Promise.all(this.options.services.map((name) => this.awaitService(name)));
    return this;
  }

  portOf(name: string): number {
    return this.options.basePort + SERVICE_NAMES.indexOf(name);
  }

  service(name: string): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not part of this stack`);
    return s;
  }

  private spawnService(name: string): ServiceProcess {
    const port = this.portOf(name);
    const database = databaseName(this.options.run, name);
    const keysFile = path.join(this.stateDir, 'keys', `${name}.json`);
    let out = '';
    const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...tsNodeArgs(ROOT, `apps/${name}/src/main.ts`)], {
      cwd: ROOT,
      env: tsNodeEnv(ROOT, {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORT: String(port),
        DATABASE_URL: this.databaseUrl,
        DATABASE_NAME: database,
        KAFKA_BROKERS: this.brokers,
        API_KEYS_FILE: keysFile,
        ...this.options.env,
        ...this.options.serviceEnv?.[name],
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Keep the tail only: a long run must not grow without bound.
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const proc: ServiceProcess = { name, port, database, keysFile, baseUrl: `http://127.0.0.1:${port}`, child, output: () => out };
    this.services.set(name, proc);
    return proc;
  }

  private async awaitService(name: string, timeoutMs = 180_000): Promise<void> {
    const s = this.service(name);
    const ok = await waitReady(s.baseUrl, timeoutMs, () => s.child.exitCode === null && s.child.signalCode === null);
    if (!ok) throw new Error(`${name} did not become ready:\n${s.output()}`);
  }

  /** Sends a signal to a service process (SIGKILL simulates a crash). Resolves once it is gone. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const { child } = this.service(name);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    // A graceful stop that hangs (a consumer stuck on an unreachable broker) must not hang the run.
    const force = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    if (force) clearTimeout(force);
  }

  /** Starts a service again on the same port, database and keys (after a kill). */
  async restart(name: string): Promise<void> {
    this.spawnService(name);
    await this.awaitService(name);
  }

  /** The department's write key (or, with `entry: 'admin'`, the admin key) from the keys file the service wrote. */
  key(name: string, entry: string): string {
    const parsed = JSON.parse(fs.readFileSync(this.service(name).keysFile, 'utf8')) as { keys: Record<string, { key: string }> };
    const k = parsed.keys[entry]?.key;
    if (!k) throw new Error(`${name}: no key "${entry}" in its keys file`);
    return k;
  }

  /** A client on a service's database (caller ends it). */
  async sql(name: string): Promise<Client> {
    const url = new URL(this.databaseUrl);
    url.pathname = `/${this.service(name).database}`;
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    return c;
  }

  rss(name: string): number {
    return rssMiB(this.service(name).child.pid);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.keys()].map((n) => this.kill(n, 'SIGTERM').catch(() => undefined)));
    const admin = new Client({ connectionString: this.databaseUrl });
    await admin.connect();
    try {
      for (const s of this.services.values()) await admin.query(`DROP DATABASE IF EXISTS "${s.database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    if (this.ownBroker && this.kafka) {
      await kafkaLocal.stop(this.kafka, { log: () => undefined });
      kafkaLocal.wipe(this.kafka);
    }
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}
