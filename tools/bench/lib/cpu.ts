import fs from 'node:fs';

// CPU time by process from /proc, so a bench can say where the machine's cycles went per record: on two
// cores shared by seven services, a broker and PostgreSQL, wall-clock throughput alone cannot name the
// bottleneck. Only Linux has /proc; elsewhere every figure reads 0.

const TICKS_PER_SECOND = 100; // USER_HZ on every Linux ABI Node runs on

/** utime + stime of a process in seconds, or 0 once it is gone. */
export function cpuSeconds(pid: number | null | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Summed CPU seconds of every process whose command name is `comm` (PostgreSQL's backends and workers). */
export function cpuSecondsByCommand(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const e of entries) {
    try {
      if (fs.readFileSync(`/proc/${e}/comm`, 'utf8').trim() === comm) out.set(Number(e), cpuSeconds(Number(e)));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuSnapshot {
  at: number;
  groups: Record<string, number>;
  postgres: Map<number, number>;
  machine: { busy: number; total: number };
}

/** CPU seconds of named processes (services, broker, this process) plus PostgreSQL and the machine. */
export function cpuSnapshot(pids: Record<string, number | null | undefined>): CpuSnapshot {
  return {
    at: Date.now(),
    groups: Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)])),
    postgres: cpuSecondsByCommand('postgres'),
    machine: machineCpuSeconds(),
  };
}

/**
 * CPU seconds each group used between two snapshots. PostgreSQL's backends are matched by pid, so one
 * that started meanwhile counts from zero; one that exited meanwhile is lost (the services' pools keep
 * theirs open for the run).
 */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot): { groups: Record<string, number>; wallSeconds: number; machineBusy: number; machineTotal: number } {
  const groups: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.groups)) groups[k] = Math.max(0, v - (before.groups[k] ?? 0));
  let pg = 0;
  for (const [pid, v] of after.postgres) pg += Math.max(0, v - (before.postgres.get(pid) ?? 0));
  groups.postgresql = pg;
  return {
    groups,
    wallSeconds: (after.at - before.at) / 1000,
    machineBusy: after.machine.busy - before.machine.busy,
    machineTotal: after.machine.total - before.machine.total,
  };
}
