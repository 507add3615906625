import fs from 'node:fs';
import zlib from 'node:zlib';
import { type CensusData, processKey, type Sighting } from './cpu-account';
import { type MachineTicks, parseMachineStat, parseProcStat, type ProcStat } from './proc-stat';

// Looks at every process on the machine at the start of a window, every `intervalMs` during it and at its
// end, so that each tick of CPU over the window can be put under a name (cpu-account.ts does the sums).
// Only Linux has /proc; elsewhere the census sees nothing and every figure reads 0.

export type Classify = (p: ProcStat, cmdline: string[]) => { label: string; stack: boolean };

function readProcesses(): ProcStat[] {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const e of entries) {
    try {
      out.push(parseProcStat(fs.readFileSync(`/proc/${e}/stat`, 'utf8')));
    } catch {
      /* exited between the listing and the read */
    }
  }
  return out;
}

function readCmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

const ZERO: MachineTicks = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 };

function readMachine(): MachineTicks {
  try {
    return parseMachineStat(fs.readFileSync('/proc/stat', 'utf8'));
  } catch {
    return ZERO;
  }
}

/**
 * Whether this kernel keeps interrupt time out of the tasks' stime (CONFIG_IRQ_TIME_ACCOUNTING), from
 * /proc/config.gz; undefined when the kernel does not expose its configuration.
 */
export function irqTimeAccounting(): boolean | undefined {
  try {
    const config = zlib.gunzipSync(fs.readFileSync('/proc/config.gz')).toString('utf8');
    return /^CONFIG_IRQ_TIME_ACCOUNTING=y$/m.test(config);
  } catch {
    return undefined;
  }
}

/** The bench's ancestors up to init (scripts/bench.mjs, npm, the shell): pids. */
export function ancestorsOf(pid: number): Set<number> {
  const out = new Set<number>();
  for (let p = pid; p > 1 && !out.has(p); ) {
    try {
      p = parseProcStat(fs.readFileSync(`/proc/${p}/stat`, 'utf8')).ppid;
      if (p > 1) out.add(p);
    } catch {
      break;
    }
  }
  return out;
}

export class ProcessCensus {
  private start = new Map<string, Sighting>();
  private last = new Map<string, Sighting>();
  private machineStart: MachineTicks = ZERO;
  private timer?: NodeJS.Timeout;
  /** CPU the census itself spent in this process (scanning /proc), ms: part of the load generator's row. */
  ownCpuMs = 0;
  scans = 0;
  startedAt = 0;
  endedAt = 0;

  constructor(private readonly classify: Classify, private readonly intervalMs = 1000) {}

  begin(): void {
    this.startedAt = Date.now();
    this.machineStart = readMachine();
    for (const [key, s] of this.scan()) this.start.set(key, s);
    this.timer = setInterval(() => this.scan(), this.intervalMs);
    this.timer.unref();
  }

  end(): CensusData {
    clearInterval(this.timer);
    const seen = this.scan();
    // /proc/stat last, so a tick of the window is not missing from the machine while a process has it.
    const machineEnd = readMachine();
    this.endedAt = Date.now();
    return { start: this.start, last: this.last, alive: new Set(seen.keys()), machineStart: this.machineStart, machineEnd };
  }

  private scan(): Map<string, Sighting> {
    const cpu = process.cpuUsage();
    const seen = new Map<string, Sighting>();
    for (const stat of readProcesses()) {
      const key = processKey(stat);
      const known = this.last.get(key);
      // A process is named once, at its first sighting: a backend's title changes with every query.
      const s: Sighting = known ? { ...known, stat } : { stat, ...this.classify(stat, stat.kernelThread ? [] : readCmdline(stat.pid)) };
      this.last.set(key, s);
      seen.set(key, s);
    }
    const used = process.cpuUsage(cpu);
    this.ownCpuMs += (used.user + used.system) / 1000;
    this.scans++;
    return seen;
  }
}
