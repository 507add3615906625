import path from 'node:path';
import type { ProcStat } from './proc-stat';

// The name a process's CPU is reported under. The stack's processes are known by pid (and PostgreSQL's
// backends by their database); everything else is grouped by what it runs, so a table of a hundred
// processes reads as a few lines: "kernel: kworker", "node jest", "java", "beam.smp".

export interface StackProcesses {
  /** Label → pid: the services, the broker, the load generator. */
  pids: Record<string, number | null | undefined>;
  /** A string every database of the run has in its name (the run tag): its PostgreSQL backends are the stack's. */
  databaseTag: string;
  /** The bench's own ancestors (scripts/bench.mjs, npm): not the stack, but the bench's. */
  benchAncestors: Set<number>;
}

/** PostgreSQL's own processes, shared by every database of the server. */
const PG_SERVER = /^postgres: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|io worker|walsummarizer|archiver|stats collector)/;

export function labelProcess(p: ProcStat, cmdline: string[], stack: StackProcesses): { label: string; stack: boolean } {
  for (const [label, pid] of Object.entries(stack.pids)) if (pid && pid === p.pid) return { label, stack: true };
  if (p.kernelThread) return { label: `kernel: ${kernelThreadName(p.comm)}`, stack: false };
  if (p.comm === 'postgres') {
    const title = cmdline.join(' ');
    // A backend's title is "postgres: <user> <database> <client> <state>", an autovacuum worker's
    // "postgres: autovacuum worker <database>"; the postmaster's is its command line.
    // Split by whose database the backend serves, so PostgreSQL's share can be put on the departmental write
    // path or on monitoring's consumer and settler.
    if (title.includes(stack.databaseTag)) {
      return { label: /_monitoring\b/.test(title) ? 'postgresql: monitoring database' : 'postgresql: departmental databases', stack: true };
    }
    if (PG_SERVER.test(title) || !title.startsWith('postgres:')) return { label: 'postgresql: server (WAL, checkpoints, autovacuum launcher)', stack: true };
    return { label: 'postgres: other databases\' backends', stack: false };
  }
  if (stack.benchAncestors.has(p.pid)) return { label: `bench parent: ${commandName(p.comm, cmdline)}`, stack: false };
  return { label: commandName(p.comm, cmdline), stack: false };
}

/** "kworker/u8:1-events" → "kworker", "ksoftirqd/0" → "ksoftirqd", "kdamond.0" → "kdamond". */
export function kernelThreadName(comm: string): string {
  return comm.replace(/[/.:-].*$/, '') || comm;
}

/**
 * What a process runs: its command name, and for an interpreter (node, python, java) the script or main
 * class it runs, e.g. "node jest", "node apps/health-service", "java kafka.Kafka".
 */
export function commandName(comm: string, cmdline: string[]): string {
  const interpreter = /^(node|MainThread|python3?|java|npm.*|npx)$/.test(comm);
  if (!interpreter || cmdline.length < 2) return comm;
  const base = comm === 'MainThread' ? 'node' : comm;
  for (let i = 1; i < cmdline.length; i++) {
    const a = cmdline[i];
    if (a === '-cp' || a === '-classpath' || a === '-r' || a === '--require' || a === '--import' || a === '--loader') {
      i++; // the option's value
      continue;
    }
    if (a.startsWith('-')) continue;
    const app = /(?:^|\/)(apps|tools|tests|scripts)\/([^/]+)/.exec(a);
    if (app && !a.includes('node_modules')) return `${base} ${app[1]}/${app[2]}`;
    const bin = /node_modules\/(?:\.bin\/)?(@[^/]+\/[^/]+|[^/]+)/.exec(a);
    if (bin) return `${base} ${bin[1]}`;
    return `${base} ${path.basename(a)}`;
  }
  return base;
}
