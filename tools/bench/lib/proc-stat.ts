// Parsers for the two /proc files the CPU account reads. Pure, so the spec can feed them fixed text; every
// time is in clock ticks (USER_HZ), the unit both files use, so sums stay exact integers.

export const TICKS_PER_SECOND = 100; // USER_HZ on every Linux ABI Node runs on

/** PF_KTHREAD in /proc/<pid>/stat's flags: a kernel thread (kworker, ksoftirqd, …), which has no cmdline. */
const PF_KTHREAD = 0x00200000;

/** The fields of /proc/<pid>/stat the account needs. */
export interface ProcStat {
  pid: number;
  /** The command name (at most 15 characters, set by the process, e.g. "node", "postgres", "kworker/0:1"). */
  comm: string;
  ppid: number;
  kernelThread: boolean;
  /** CPU the process (all its threads, living and exited) spent in user and kernel mode. */
  utime: number;
  stime: number;
  /** CPU of its children that have exited and that it has waited for, with their own reaped children. */
  cutime: number;
  cstime: number;
  /** Ticks since boot when it started: with the pid, the identity of a process (pids are reused). */
  starttime: number;
}

/** One line of /proc/<pid>/stat. */
export function parseProcStat(text: string): ProcStat {
  // The command name is in parentheses and may itself contain spaces and parentheses: cut at the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const f = text.slice(close + 2).trim().split(' ');
  // f[0] is field 3 of proc(5) (state); field n is f[n - 3].
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: Number(f[1]),
    kernelThread: (Number(f[6]) & PF_KTHREAD) !== 0,
    utime: Number(f[11]),
    stime: Number(f[12]),
    cutime: Number(f[13]),
    cstime: Number(f[14]),
    starttime: Number(f[19]),
  };
}

/** The whole machine's CPU by state from /proc/stat's first line, in ticks summed over all cores. */
export interface MachineTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  /** Time the hypervisor ran something else while this machine's virtual CPU wanted to run. */
  steal: number;
}

export const MACHINE_STATES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/** The `cpu` line of /proc/stat. Guest time is left out: the kernel already counts it in user and nice. */
export function parseMachineStat(text: string): MachineTicks {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no "cpu " line in /proc/stat');
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(MACHINE_STATES.map((k, i) => [k, v[i] ?? 0])) as unknown as MachineTicks;
}

export function machineDelta(before: MachineTicks, after: MachineTicks): MachineTicks {
  return Object.fromEntries(MACHINE_STATES.map((k) => [k, after[k] - before[k]])) as unknown as MachineTicks;
}
