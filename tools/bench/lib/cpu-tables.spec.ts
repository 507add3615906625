import type { CpuAccount } from './cpu-account';
import { cpuTables, figureName } from './cpu-tables';

// An account in ticks of 1/100 s over 100,000 records: 1 tick = 0.01 s = 0.1 µs a record.
const account: CpuAccount = {
  named: [
    { label: 'postgresql', stack: true, user: 3000, system: 1000, processes: 9 },
    { label: 'node jest', stack: false, user: 2000, system: 500, processes: 3 },
    { label: 'health-service', stack: true, user: 1500, system: 500, processes: 1 },
  ],
  shortLived: [
    { label: 'postgresql', stack: true, user: 100, system: 100, processes: 0 },
    { label: 'bash', stack: false, user: 50, system: 150, processes: 0 },
  ],
  processes: { user: 6650, system: 2250 },
  machine: { user: 6600, nice: 0, system: 2300, idle: 900, iowait: 100, irq: 0, softirq: 50, steal: 50 },
  busy: 8950,
  total: 10_000,
  irqSeparate: false,
  unaccounted: 50,
};

describe('cpuTables', () => {
  const { byProcess, byState } = cpuTables({ account, records: 100_000, wallSeconds: 50, scans: 50, censusCpuMs: 300 });
  const us = (label: string) => byProcess.rows.find((r) => String(r.process).startsWith(label))?.['µs CPU per record'];

  it('puts what a stack process reaped into its row, and the rest of the machine beside the stack', () => {
    expect(us('postgresql')).toBe(420);
    expect(us('**the stack')).toBe(620);
    expect(us('other: node jest')).toBe(250);
    expect(us('other: processes that lived between two scans (reaped by bash)')).toBe(20);
    expect(us('**other processes, all**')).toBe(270);
    expect(us('**unaccounted**')).toBe(5);
    expect(byProcess.figures).toMatchObject({ cpu_us_per_record_postgresql: 420, cpu_user_us_per_record_postgresql: 310, cpu_system_us_per_record_postgresql: 110, cpu_us_per_record_stack: 620 });
  });

  it('adds up to the machine: stack + others + unaccounted + steal + idle', () => {
    const parts = ['**the stack', '**other processes, all**', '**unaccounted**', 'steal', 'idle'].map((l) => Number(us(l)));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(us('**machine total**'));
    expect(byProcess.figures.cpu_us_per_record_machine).toBe(900); // everything but idle and I/O wait
    expect(byState.figures).toMatchObject({ cpu_state_us_per_record_user: 660, cpu_state_us_per_record_steal: 5 });
  });

  it('names figures as the earlier bench did', () => {
    expect(figureName('bench client (sender)')).toBe('bench_client_sender');
    expect(figureName('kafka broker')).toBe('kafka_broker');
  });
});
