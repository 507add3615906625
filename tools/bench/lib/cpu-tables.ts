import type { BenchResult } from '../bench-result';
import { type CpuAccount, type CpuRow, ticksOf } from './cpu-account';
import { MACHINE_STATES, TICKS_PER_SECOND } from './proc-stat';

// The CPU account of one window as the bench's tables: where every tick of the machine went, per record.

const OTHERS_SHOWN = 8;

export interface CpuWindow {
  account: CpuAccount;
  records: number;
  wallSeconds: number;
  scans: number;
  /** CPU the census spent in the load generator's process, ms (in its row). */
  censusCpuMs: number;
}

/** "health-service" → "health_service", for figure names. */
export const figureName = (label: string) => label.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase();

export function cpuTables(w: CpuWindow): { byProcess: BenchResult; byState: BenchResult } {
  const a = w.account;
  const s = (ticks: number) => (ticks / TICKS_PER_SECOND).toFixed(1);
  const us = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND) * 1e6 / Math.max(1, w.records));
  const share = (ticks: number) => `${Math.round((100 * ticks) / Math.max(1, a.total))} %`;
  const row = (process: string, user: number | '', system: number | '', ticks: number) => ({
    process,
    'user s': user === '' ? '' : s(user),
    'system s': system === '' ? '' : s(system),
    'CPU s': s(ticks),
    'µs CPU per record': us(ticks),
    'share of the cores': share(ticks),
  });

  // Children a stack process reaped (PostgreSQL's exited backends, in the postmaster's time) are the stack's.
  const stack = new Map<string, CpuRow>();
  for (const r of [...a.named, ...a.shortLived].filter((x) => x.stack)) {
    const m = stack.get(r.label) ?? { ...r, user: 0, system: 0 };
    m.user += r.user;
    m.system += r.system;
    stack.set(r.label, m);
  }
  const stackRows = [...stack.values()].sort((x, y) => y.user + y.system - (x.user + x.system));
  const others = a.named.filter((r) => !r.stack);
  const shortLived = a.shortLived.filter((r) => !r.stack);
  const shown = others.slice(0, OTHERS_SHOWN);
  const rest = others.slice(OTHERS_SHOWN);
  const sum = (rows: CpuRow[]) => ({ user: rows.reduce((n, r) => n + r.user, 0), system: rows.reduce((n, r) => n + r.system, 0) });
  const stackSum = sum(stackRows);
  const otherSum = sum([...others, ...shortLived]);
  const restSum = sum(rest);
  const shortSum = sum(shortLived);
  const irq = a.machine.irq + a.machine.softirq;
  const idle = a.machine.idle + a.machine.iowait;

  const rows = [
    ...stackRows.map((r) => row(r.label, r.user, r.system, r.user + r.system)),
    row('**the stack, all its processes**', stackSum.user, stackSum.system, stackSum.user + stackSum.system),
    ...shown.map((r) => row(`other: ${r.label}${r.processes > 1 ? ` (${r.processes} processes)` : ''}`, r.user, r.system, r.user + r.system)),
    ...(rest.length ? [row(`other: ${rest.length} more commands`, restSum.user, restSum.system, restSum.user + restSum.system)] : []),
    ...(shortLived.length
      ? [row(`other: processes that lived between two scans (reaped by ${shortLived.slice(0, 3).map((r) => r.label).join(', ')})`, shortSum.user, shortSum.system, shortSum.user + shortSum.system)]
      : []),
    row('**other processes, all**', otherSum.user, otherSum.system, otherSum.user + otherSum.system),
    ...(a.irqSeparate ? [row('kernel: hard and soft interrupts (charged to no process on this kernel)', '', '', irq)] : []),
    row('**unaccounted** (machine busy − every process' + (a.irqSeparate ? ' − interrupts)' : ')'), '', '', a.unaccounted),
    row('steal (the hypervisor ran something else)', '', '', a.machine.steal),
    row('idle (with I/O wait)', '', '', idle),
    row('**machine total**', '', '', a.total),
  ];
  const topOthers = others.slice(0, 3).map((r) => `${r.label} ${us(r.user + r.system)}`).join(', ');
  const byProcess: BenchResult = {
    title: 'CPU time by process, first send → last counted',
    rows,
    figures: {
      ...Object.fromEntries(stackRows.flatMap((r) => [
        [`cpu_us_per_record_${figureName(r.label)}`, us(r.user + r.system)],
        [`cpu_user_us_per_record_${figureName(r.label)}`, us(r.user)],
        [`cpu_system_us_per_record_${figureName(r.label)}`, us(r.system)],
      ])),
      cpu_us_per_record_stack: us(stackSum.user + stackSum.system),
      cpu_us_per_record_other_processes: us(otherSum.user + otherSum.system),
      cpu_us_per_record_unaccounted: us(a.unaccounted),
      // As before this account: every state but idle and I/O wait, steal included.
      cpu_us_per_record_machine: us(a.total - idle),
      cpu_machine_busy_share: +((a.total - idle) / Math.max(1, a.total)).toFixed(2),
      cpu_census_scans: w.scans,
      cpu_census_ms: Math.round(w.censusCpuMs),
    },
    notes: [
      `Every process on the machine over the ${w.wallSeconds.toFixed(0)} s window, from /proc/<pid>/stat (utime, stime) read at its start, every second (${w.scans} scans) and at its end; the machine from /proc/stat. A process that starts and exits inside the window is counted through its reaper's cutime/cstime, so the processes' total is exact however short they lived; the scans only name them. PostgreSQL is every \`postgres\` process of this run's databases plus the server's own (WAL writer, checkpointer, autovacuum: shared with any other database on the server); other databases' backends are "other". The census itself cost ${Math.round(w.censusCpuMs)} ms of CPU, in the bench client's row.`,
      `Other processes: ${others.length} commands, the largest ${topOthers || 'none'} µs a record. ` +
        (a.irqSeparate
          ? 'This kernel accounts interrupt time apart (CONFIG_IRQ_TIME_ACCOUNTING), so interrupts have a row of their own.'
          : `This kernel charges an interrupt to the task it interrupts (tick accounting without CONFIG_IRQ_TIME_ACCOUNTING), so the ${us(irq)} µs a record of hard and soft interrupts (loopback networking: every Kafka, PostgreSQL and HTTP packet) are inside the processes' system time above; "unaccounted" is what landed on no process: interrupts served while a core was idle, and the tick granularity (1/${TICKS_PER_SECOND} s a read).`),
    ],
  };
  const byState: BenchResult = {
    title: 'Machine CPU by state (/proc/stat), first send → last counted',
    rows: MACHINE_STATES.map((k) => ({ state: k, 'CPU s': s(a.machine[k]), 'µs per record': us(a.machine[k]), 'share of the cores': share(a.machine[k]) })),
    figures: Object.fromEntries(MACHINE_STATES.map((k) => [`cpu_state_us_per_record_${k}`, us(a.machine[k])])),
    notes: [`All cores, in ticks of 1/${TICKS_PER_SECOND} s. user + nice + system + irq + softirq = ${us(a.busy)} µs a record busy; every process together ${us(ticksOf([...a.named, ...a.shortLived]))}.`],
  };
  return { byProcess, byState };
}
