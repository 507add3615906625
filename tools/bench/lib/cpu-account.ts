import { type MachineTicks, machineDelta, type ProcStat } from './proc-stat';

// Where every CPU tick of the machine went over a window: each process by name, processes too short-lived to
// be seen, the kernel's interrupt work, steal, and what is left. Pure: the census (process-census.ts) reads
// /proc and hands the sightings over.
//
// Why the totals are exact: let T(t) be the sum, over the processes alive at t, of their own CPU plus their
// reaped children's (utime + stime + cutime + cstime). A process that exits and is waited for moves its whole
// total into its reaper's cutime/cstime, so T does not change; T grows only by CPU spent. So T(end) − T(start)
// is the CPU of every process over the window, those that started and exited inside it included, however
// often the census looked — the periodic scans only put names on it.

/** A process as the census saw it, with the name and side it was given at its first sighting. */
export interface Sighting {
  stat: ProcStat;
  label: string;
  /** Part of the stack under test (a service, the broker, the database, the load generator). */
  stack: boolean;
}

export interface CensusData {
  /** Every process alive at the start, by identity (pid and start time). */
  start: Map<string, Sighting>;
  /** Every process seen at any scan (the start's included), as last seen: at the end for those still alive. */
  last: Map<string, Sighting>;
  /** Identities alive at the end. */
  alive: Set<string>;
  machineStart: MachineTicks;
  machineEnd: MachineTicks;
}

export const processKey = (p: ProcStat) => `${p.pid}:${p.starttime}`;

export interface CpuRow {
  label: string;
  stack: boolean;
  user: number;
  system: number;
  /** Processes behind the row (several for a name like "postgresql" or "kworker"). */
  processes: number;
}

export interface CpuAccount {
  /** CPU each named process used itself over the window, summed by label, largest first. */
  named: CpuRow[];
  /**
   * CPU that reached reapers' cutime/cstime beyond what the census saw of their children: processes that
   * lived between two scans, and the last moments of those seen. By reaper label, largest first.
   */
  shortLived: CpuRow[];
  /** T(end) − T(start): every process, in ticks (user + system). */
  processes: { user: number; system: number };
  machine: MachineTicks;
  /** user + nice + system + irq + softirq: the ticks some process or the kernel ran. */
  busy: number;
  /** The ticks of all states. */
  total: number;
  /**
   * Whether irq and softirq ticks are outside every process's stime (CONFIG_IRQ_TIME_ACCOUNTING). Without it
   * the kernel charges an interrupt to the task it interrupted, so those ticks are already in the processes.
   */
  irqSeparate: boolean;
  /** busy − every process (− irq and softirq when they are separate): ticks no process was charged with. */
  unaccounted: number;
}

export function accountCpu(data: CensusData, options: { irqSeparate: boolean }): CpuAccount {
  const named = new Map<string, CpuRow>();
  const reaped = new Map<string, CpuRow>();
  const add = (rows: Map<string, CpuRow>, s: Sighting, user: number, system: number, count = 1) => {
    const row = rows.get(s.label) ?? { label: s.label, stack: s.stack, user: 0, system: 0, processes: 0 };
    row.user += user;
    row.system += system;
    row.processes += count;
    rows.set(s.label, row);
  };
  // The reaper of an exited process is taken to be its parent as last seen (a process orphaned after that
  // is reaped by a subreaper instead; the totals are right either way, only that remainder's name is not).
  const byPid = new Map<number, string[]>();
  for (const [key, s] of data.last) byPid.set(s.stat.pid, [...(byPid.get(s.stat.pid) ?? []), key]);
  const reaperOf = (child: ProcStat): Sighting | undefined => {
    const keys = (byPid.get(child.ppid) ?? []).map((k) => data.last.get(k)!).filter((p) => p.stat.starttime <= child.starttime);
    return keys.sort((a, b) => b.stat.starttime - a.stat.starttime)[0];
  };
  const unknownReaper: Sighting = { label: '(reaper not seen)', stack: false, stat: undefined as unknown as ProcStat };
  // What reaches a reaper that exited itself ends in the cutime of an ancestor still alive, and when it got
  // there depends on which of them exited first: the remainders of a whole chain (shell → npm exec → node)
  // are booked to its nearest living ancestor, where they add up whatever the order.
  const alive = (s: Sighting) => data.alive.has(processKey(s.stat));
  const livingAncestor = (s: Sighting): Sighting => {
    let r = reaperOf(s.stat);
    for (let hops = 0; r && !alive(r) && hops < 64; hops++) r = reaperOf(r.stat);
    return r && alive(r) ? r : unknownReaper;
  };

  let user = 0;
  let system = 0;
  for (const [key, s] of data.last) {
    const before = data.start.get(key)?.stat;
    const now = s.stat;
    const selfUser = now.utime - (before?.utime ?? 0);
    const selfSystem = now.stime - (before?.stime ?? 0);
    add(named, s, selfUser, selfSystem);
    const bucket = data.alive.has(key) ? s : livingAncestor(s);
    add(reaped, bucket, now.cutime - (before?.cutime ?? 0), now.cstime - (before?.cstime ?? 0), 0);
    if (!data.alive.has(key)) {
      // Its reaper's cutime/cstime will hold its whole total, which is already named (or was before the window).
      add(reaped, bucket, -(now.utime + now.cutime), -(now.stime + now.cstime), 0);
    }
    if (data.alive.has(key)) {
      user += now.utime + now.cutime;
      system += now.stime + now.cstime;
    }
    if (before) {
      user -= before.utime + before.cutime;
      system -= before.stime + before.cstime;
    }
  }
  const machine = machineDelta(data.machineStart, data.machineEnd);
  const busy = machine.user + machine.nice + machine.system + machine.irq + machine.softirq;
  const allTicks = busy + machine.idle + machine.iowait + machine.steal;
  const byCpu = (a: CpuRow, b: CpuRow) => b.user + b.system - (a.user + a.system) || a.label.localeCompare(b.label);
  return {
    named: [...named.values()].filter((r) => r.user + r.system !== 0).sort(byCpu),
    shortLived: [...reaped.values()].filter((r) => r.user + r.system !== 0).sort(byCpu),
    processes: { user, system },
    machine,
    busy,
    total: allTicks,
    irqSeparate: options.irqSeparate,
    unaccounted: busy - user - system - (options.irqSeparate ? machine.irq + machine.softirq : 0),
  };
}

/** Sum of a list of rows' ticks. */
export const ticksOf = (rows: CpuRow[]) => rows.reduce((n, r) => n + r.user + r.system, 0);
