import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT, sleep, waitReady } from '@wdp/testing/system';

// Service replicas as separate processes, as `npm start` runs one: several per service on their own ports,
// sharing that service's database. Each replica slot appends its output to its own log file, across restarts,
// so a replica's work can be read back after a kill -9.

const { tsNodeArgs, tsNodeEnv } = require('../../scripts/lib/services.cjs') as {
  tsNodeArgs: (root: string, entry: string) => string[];
  tsNodeEnv: (root: string, env?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

export interface ReplicaSpec {
  /** Slot name, e.g. monitoring-2. */
  id: string;
  service: string;
  port: number;
  env: Record<string, string>;
}

export interface Replica extends ReplicaSpec {
  baseUrl: string;
  logFile: string;
  child: ChildProcess | null;
}

export class Replicas {
  readonly replicas = new Map<string, Replica>();
  private readonly paused = new Set<string>();

  constructor(
    readonly stateDir: string,
    readonly databaseUrl: string,
    private readonly log: (m: string) => void,
  ) {
    fs.mkdirSync(stateDir, { recursive: true });
  }

  add(spec: ReplicaSpec): Replica {
    const r: Replica = { ...spec, baseUrl: `http://127.0.0.1:${spec.port}`, logFile: path.join(this.stateDir, `${spec.id}.log`), child: null };
    this.replicas.set(spec.id, r);
    return r;
  }

  get(id: string): Replica {
    const r = this.replicas.get(id);
    if (!r) throw new Error(`no replica ${id}`);
    return r;
  }

  alive(id: string): boolean {
    const c = this.get(id).child;
    return !!c && c.exitCode === null && c.signalCode === null;
  }

  /** Spawns the replica (its output appended to its log file); resolves once it answers ready. Returns ms to ready. */
  async start(id: string, timeoutMs = 240_000): Promise<number> {
    const r = this.get(id);
    const started = Date.now();
    const out = fs.openSync(r.logFile, 'a');
    r.child = spawn(process.execPath, tsNodeArgs(ROOT, `apps/${r.service}/src/main.ts`), {
      cwd: ROOT,
      env: tsNodeEnv(ROOT, { ...process.env, PORT: String(r.port), ...r.env }),
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    // A failed spawn (no node binary) ends this start with its error instead of an unhandled 'error' event.
    const failed = new Promise<never>((_, reject) => r.child!.once('error', reject));
    failed.catch(() => undefined);
    if (!(await Promise.race([waitReady(r.baseUrl, timeoutMs, () => this.alive(id)), failed]))) {
      throw new Error(`${id} did not become ready; see ${r.logFile}:\n${tail(r.logFile)}`);
    }
    return Date.now() - started;
  }

  /** SIGSTOP: the replica keeps its connections but does nothing (no heartbeat either) until `resume`. */
  pause(id: string): void {
    const pid = this.get(id).child?.pid;
    if (pid && this.alive(id)) {
      process.kill(pid, 'SIGSTOP');
      this.paused.add(id);
    }
  }

  resume(id: string): void {
    const pid = this.get(id).child?.pid;
    if (pid && this.paused.delete(id)) process.kill(pid, 'SIGCONT');
  }

  /** Never leaves a paused process behind (also called on exit). */
  resumeAll(): void {
    for (const id of [...this.paused]) this.resume(id);
  }

  /** SIGKILL simulates a crash; SIGTERM stops it cleanly (killed after 20 s if it hangs). */
  async stop(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const r = this.get(id);
    const child = r.child;
    if (!child || !this.alive(id)) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const force = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    if (force) clearTimeout(force);
  }

  async stopAll(): Promise<void> {
    this.resumeAll();
    await Promise.all([...this.replicas.keys()].map((id) => this.stop(id).catch(() => undefined)));
  }

  /** A client on a database of the server the replicas use (caller ends it). */
  async sql(database: string): Promise<Client> {
    const url = new URL(this.databaseUrl);
    url.pathname = `/${database}`;
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    return c;
  }

}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

export { sleep };
