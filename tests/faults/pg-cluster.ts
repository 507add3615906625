import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A throwaway PostgreSQL cluster (initdb + pg_ctl on its own port and socket directory), so the fault runs
// can SIGSTOP "the database" without freezing the machine's shared server. Runs as the `postgres` OS user
// when started as root (initdb refuses root). fsync is off: this cluster is never crashed, only paused.

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  return path.join(base, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const asRoot = () => process.getuid?.() === 0;

function runPg(cmd: string, args: string[]): string {
  const bin = path.join(pgBin(), cmd);
  return asRoot()
    ? execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class PgCluster {
  readonly dir: string;
  readonly dataDir: string;
  private stopped = new Set<number>();

  constructor(readonly port: number) {
    this.dir = path.join(os.tmpdir(), `wdp-faults-pg-${port}`);
    this.dataDir = path.join(this.dir, 'data');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    this.destroy();
    fs.mkdirSync(this.dir, { recursive: true });
    if (asRoot()) execFileSync('chown', ['postgres', this.dir]);
    runPg('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    runPg('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start',
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`]);
  }

  /** The postmaster and every backend: pausing only the postmaster would leave open connections working. */
  pids(): number[] {
    const pm = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(pm)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      /* no children */
    }
    return [pm, ...children];
  }

  /** SIGSTOP the whole cluster. Always pair with `resume()` (it is also called on process exit). */
  pause(): void {
    for (const pid of this.pids()) {
      process.kill(pid, 'SIGSTOP');
      this.stopped.add(pid);
    }
  }

  resume(): void {
    for (const pid of this.stopped) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    this.stopped.clear();
  }

  destroy(): void {
    this.resume();
    if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      // A run killed while the cluster was paused leaves it stopped, holding its port: a stopped postmaster never
      // acts on pg_ctl's signal, so wake every process of it first, and kill what is still there after.
      const leftover = this.leftoverPids();
      signal(leftover, 'SIGCONT');
      try {
        runPg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
      } catch {
        signal(leftover, 'SIGKILL');
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The processes of a cluster a killed run left behind; only PostgreSQL's (a stale pid file's pid may be reused). */
  private leftoverPids(): number[] {
    try {
      return this.pids().filter((pid) => pid > 0 && commandOf(pid).startsWith('postgres'));
    } catch {
      return [];
    }
  }
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
