import { accountCpu, type CensusData, processKey, type Sighting, ticksOf } from './cpu-account';
import { commandName, kernelThreadName, labelProcess, type StackProcesses } from './process-labels';
import { type MachineTicks, parseMachineStat, parseProcStat, type ProcStat } from './proc-stat';

const proc = (pid: number, starttime: number, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0): ProcStat => ({
  pid, comm: `p${pid}`, ppid, kernelThread: false, utime, stime, cutime, cstime, starttime,
});
const seen = (stat: ProcStat, label: string, stack = false): Sighting => ({ stat, label, stack });
const machine = (m: Partial<MachineTicks>): MachineTicks => ({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...m });

function census(start: Sighting[], last: Sighting[], alive: Sighting[], m0: MachineTicks, m1: MachineTicks): CensusData {
  const byKey = (xs: Sighting[]) => new Map(xs.map((s) => [processKey(s.stat), s]));
  return { start: byKey(start), last: byKey(last), alive: new Set(alive.map((s) => processKey(s.stat))), machineStart: m0, machineEnd: m1 };
}

describe('parseProcStat', () => {
  it('reads the fields after a command name with spaces and parentheses', () => {
    const line = '4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 99 0 0 0 1234 567 89 10 20 0 3 0 98765 12345678 900 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'my (odd) name', ppid: 17, kernelThread: false, utime: 1234, stime: 567, cutime: 89, cstime: 10, starttime: 98765 });
  });

  it('knows a kernel thread by PF_KTHREAD', () => {
    const line = '35 (kworker/u8:1-events) I 2 0 0 0 -1 69238880 0 0 0 0 3 41 0 0 20 0 1 0 12 0 0 18446744073709551615';
    expect(parseProcStat(line)).toMatchObject({ comm: 'kworker/u8:1-events', ppid: 2, kernelThread: true, utime: 3, stime: 41 });
  });
});

describe('parseMachineStat', () => {
  it('reads the cpu line by state and ignores the guest columns', () => {
    expect(parseMachineStat('cpu  12682 3 8087 45035 405 7 320 11 99 98\ncpu0 1 2 3 4 5 6 7 8 9 10\n')).toEqual({
      user: 12682, nice: 3, system: 8087, idle: 45035, iowait: 405, irq: 7, softirq: 320, steal: 11,
    });
  });
});

describe('accountCpu', () => {
  // A service alive throughout; a shell that runs two commands: one seen at a scan and then exiting, one
  // that lives between two scans; a pid reused by a new process; and the machine's /proc/stat.
  const svcStart = seen(proc(10, 100, 1, 1000, 100), 'health-service', true);
  const svcEnd = seen(proc(10, 100, 1, 1500, 300), 'health-service', true);
  const shellStart = seen(proc(20, 200, 1, 50, 50, 4, 4), 'bash');
  // The shell reaped the seen command (whole life 25 + 5, of which 5 + 1 before the window), one never seen
  // (7 + 3), and a chain: npm (3 + 1) that reaped node (40 + 6) and exited before the census saw it do so.
  const shellEnd = seen(proc(20, 200, 1, 60, 52, 4 + 25 + 7 + 43, 4 + 5 + 3 + 7), 'bash');
  const npmLastSeen = seen(proc(50, 5000, 20, 2, 1), 'npm');
  const nodeLastSeen = seen(proc(51, 5001, 50, 30, 5), 'node tsc');
  const cmdStart = seen(proc(30, 300, 20, 5, 1), 'git');
  const cmdLastSeen = seen(proc(30, 300, 20, 20, 4), 'git');
  // pid 40 exits inside the window (reaped by init, not seen) and is reused by another process.
  const oldStart = seen(proc(40, 400, 1, 9, 9), 'old');
  const reused = seen(proc(40, 9000, 1, 30, 10), 'new');
  const initStart = seen(proc(1, 1, 0, 0, 0, 100, 100), 'init');
  const initEnd = seen(proc(1, 1, 0, 0, 0, 100 + 9 + 2, 100 + 9 + 1), 'init'); // old's 9 + 9 and 2 + 1 it spent in the window

  const data = census(
    [svcStart, shellStart, cmdStart, oldStart, initStart],
    [svcEnd, shellEnd, cmdLastSeen, oldStart, reused, initEnd, npmLastSeen, nodeLastSeen],
    [svcEnd, shellEnd, reused, initEnd],
    machine({ user: 0, system: 0, idle: 0, softirq: 0, steal: 0 }),
    machine({ user: 700, system: 290, idle: 1000, softirq: 40, steal: 25 }),
  );

  // What every process truly spent in the window: service 500 + 200, shell 10 + 2, git 20 + 4 (seen 15 + 3,
  // after the last scan 5 + 1), the unseen command 7 + 3, old 2 + 1, the new process 30 + 10, npm 3 + 1, node 40 + 6.
  const trueUser = 500 + 10 + 20 + 7 + 2 + 30 + 3 + 40;
  const trueSystem = 200 + 2 + 4 + 3 + 1 + 10 + 1 + 6;

  it('counts every process, those born and gone inside the window included', () => {
    const a = accountCpu(data, { irqSeparate: false });
    expect(a.processes).toEqual({ user: trueUser, system: trueSystem });
    expect(ticksOf(a.named) + ticksOf(a.shortLived)).toBe(trueUser + trueSystem);
  });

  it('names what it saw and leaves the rest with the reaper', () => {
    const a = accountCpu(data, { irqSeparate: false });
    const row = (rows: typeof a.named, label: string) => rows.find((r) => r.label === label);
    expect(row(a.named, 'health-service')).toMatchObject({ user: 500, system: 200, stack: true });
    expect(row(a.named, 'git')).toMatchObject({ user: 15, system: 3 });
    expect(row(a.named, 'new')).toMatchObject({ user: 30, system: 10 });
    expect(row(a.named, 'old')).toBeUndefined();
    expect(row(a.named, 'node tsc')).toMatchObject({ user: 30, system: 5 });
    // The shell: git's last 5 + 1, the unseen command's 7 + 3, and the chain's unseen ends (npm 1 + 0, node 10 + 1).
    expect(row(a.shortLived, 'bash')).toMatchObject({ user: 23, system: 5 });
    expect(row(a.shortLived, 'npm')).toBeUndefined();
    expect(row(a.shortLived, 'init')).toMatchObject({ user: 2, system: 1 });
    expect(a.named[0].label).toBe('health-service');
  });

  it('puts the machine ticks no process holds in unaccounted, and irq time in it only where tasks carry it', () => {
    const a = accountCpu(data, { irqSeparate: false });
    expect(a.busy).toBe(700 + 290 + 40);
    expect(a.total).toBe(700 + 290 + 40 + 1000 + 25);
    expect(a.unaccounted).toBe(a.busy - trueUser - trueSystem);
    expect(accountCpu(data, { irqSeparate: true }).unaccounted).toBe(a.busy - trueUser - trueSystem - 40);
  });
});

describe('process labels', () => {
  const stack: StackProcesses = { pids: { 'health-service': 10, 'kafka broker': 11 }, databaseTag: 'bmx1', benchAncestors: new Set([5]) };
  const pg = (title: string) => labelProcess({ ...proc(99, 1, 2, 0, 0), comm: 'postgres' }, [title], stack);

  it('knows the stack by pid and PostgreSQL by database', () => {
    expect(labelProcess(proc(10, 1, 1, 0, 0), [], stack)).toEqual({ label: 'health-service', stack: true });
    expect(pg('postgres: postgres wdp_bmx1_health 127.0.0.1(5544) idle')).toEqual({ label: 'postgresql: departmental databases', stack: true });
    expect(pg('postgres: postgres wdp_bmx1_monitoring 127.0.0.1(5544) idle')).toEqual({ label: 'postgresql: monitoring database', stack: true });
    expect(pg('postgres: walwriter')).toEqual({ label: 'postgresql: server (WAL, checkpoints, autovacuum launcher)', stack: true });
    expect(pg('postgres: postgres wdp_it_other 127.0.0.1(5545) idle')).toEqual({ label: "postgres: other databases' backends", stack: false });
    expect(labelProcess({ ...proc(5, 1, 1, 0, 0), comm: 'node' }, ['node', 'scripts/bench.mjs'], stack)).toEqual({ label: 'bench parent: node scripts/bench.mjs', stack: false });
  });

  it('groups kernel threads and interpreters by what they run', () => {
    expect(kernelThreadName('kworker/u8:1-events')).toBe('kworker');
    expect(kernelThreadName('ksoftirqd/0')).toBe('ksoftirqd');
    expect(kernelThreadName('kdamond.0')).toBe('kdamond');
    expect(kernelThreadName('rcu_preempt')).toBe('rcu_preempt');
    expect(commandName('node', ['/usr/bin/node', '--max-old-space-size=4096', '/w/node_modules/.bin/jest', '--selectProjects', 'unit'])).toBe('node jest');
    expect(commandName('node', ['node', '-r', '@swc-node/register', 'apps/health-service/src/main.ts'])).toBe('node apps/health-service');
    expect(commandName('java', ['java', '-Xmx512m', '-cp', '/k/libs/*', 'kafka.Kafka', 'server.properties'])).toBe('java kafka.Kafka');
    expect(commandName('beam.smp', ['/usr/lib/erlang/beam.smp', '--', '-root'])).toBe('beam.smp');
  });
});
