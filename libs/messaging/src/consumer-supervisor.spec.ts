import { ConsumerSupervisor, type ConsumerLifecycleEvent, type ConsumerSupervisorOptions, type SupervisorTimers } from './consumer-supervisor';

/** A clock and timer queue advanced by hand. */
class FakeTimers implements SupervisorTimers {
  private t = 0;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.pending.delete(h as number);
  };
  /** Advances the clock, firing due timers in order; lets promise callbacks run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
    await flush();
  }
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.t);
  }
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Each client the supervisor creates: what it was asked to do, and a handle to emit its events. */
interface FakeClient {
  emit: (e: ConsumerLifecycleEvent) => void;
  started: number;
  stopped: number;
  createdAt: number;
}

function setup(startResults: (() => Promise<void>)[] = [], extra: Partial<ConsumerSupervisorOptions> = {}) {
  const timers = new FakeTimers();
  const clients: FakeClient[] = [];
  const supervisor = new ConsumerSupervisor({
    name: 'g',
    graceMs: 10_000,
    stallMs: 20_000,
    stuckMs: 60_000,
    sessionTimeoutMs: 30_000,
    checkIntervalMs: 5_000,
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    jitter: 0.5,
    random: () => 0.5, // no jitter in effect: delay × (1 − 0.5 + 2·0.5·0.5)
    timers,
    ...extra,
    create: (emit) => {
      const c: FakeClient = { emit, started: 0, stopped: 0, createdAt: timers.now() };
      const result = startResults[clients.length];
      clients.push(c);
      return {
        start: async () => {
          c.started += 1;
          if (result) await result();
        },
        stop: async () => {
          c.stopped += 1;
        },
      };
    },
  });
  return { timers, clients, supervisor };
}

const fail = (message: string) => () => Promise.reject(new Error(message));

describe('ConsumerSupervisor', () => {
  it('is not ready until it joined its group, then ready', async () => {
    const { supervisor, clients } = setup();
    expect(supervisor.health()).toMatchObject({ ready: false, member: false, reason: 'not started' });
    await supervisor.start();
    expect(supervisor.health()).toMatchObject({ ready: false, member: false });
    clients[0].emit({ type: 'joined', assignedPartitions: 6 });
    expect(supervisor.health()).toMatchObject({ ready: true, member: true, assignedPartitions: 6, restarts: 0 });
  });

  it('retries a failed start forever with doubling, capped delays, and never throws', async () => {
    const { supervisor, clients, timers } = setup([fail('connect ECONNREFUSED'), fail('unknown topic or partition'), fail('x'), fail('x'), fail('x')]);
    await expect(supervisor.start()).resolves.toBeUndefined();
    await timers.advance(30_000);
    expect(clients.map((c) => c.createdAt)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 23_000]);
    expect(clients.slice(0, 5).every((c) => c.stopped === 1)).toBe(true);
    expect(supervisor.health()).toMatchObject({ ready: false, restarts: 5, lastError: 'start failed: Error: x' });
    clients[5].emit({ type: 'joined', assignedPartitions: 1 });
    expect(supervisor.health()).toMatchObject({ ready: true, restarts: 5 });
  });

  it('jitters each delay within ±jitter', async () => {
    const low = setup([fail('x')], { random: () => 0 });
    await low.supervisor.start();
    expect(low.timers.delays()).toContain(500);
    const high = setup([fail('x')], { random: () => 1 });
    await high.supervisor.start();
    expect(high.timers.delays()).toContain(1_500);
  });

  it('recreates the consumer after a crash the client does not restart from (group coordinator not found)', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    clients[0].emit({ type: 'crashed', error: Object.assign(new Error('coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' }), restart: false });
    expect(supervisor.health()).toMatchObject({ member: false, ready: true, restarts: 1 });
    await timers.advance(1_000);
    expect(clients).toHaveLength(2);
    expect(clients[0].stopped).toBe(1);
    expect(clients[1].started).toBe(1);
    // Late events of the replaced client change nothing.
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    expect(supervisor.health().member).toBe(false);
    clients[1].emit({ type: 'joined', assignedPartitions: 3 });
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
  });

  it('leaves a crash the client restarts from to the client, and counts it', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    clients[0].emit({ type: 'crashed', error: new Error('retries exceeded'), restart: true });
    await timers.advance(5_000);
    expect(clients).toHaveLength(1);
    expect(supervisor.health()).toMatchObject({ member: false, restarts: 1 });
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
  });

  it('recreates a consumer the client promised to restart but that stays out of its group', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    clients[0].emit({ type: 'crashed', error: new Error('retries exceeded'), restart: true });
    await timers.advance(60_000);
    expect(clients).toHaveLength(1);
    await timers.advance(5_000 + 1_000);
    expect(clients).toHaveLength(2);
    expect(clients[0].stopped).toBe(1);
  });

  it('stays ready through a rebalance shorter than the grace, not longer', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    clients[0].emit({ type: 'rebalancing' });
    await timers.advance(10_000);
    expect(supervisor.health()).toMatchObject({ member: false, ready: true });
    await timers.advance(1);
    expect(supervisor.health()).toMatchObject({ member: false, ready: false, reason: 'not a member of its group for 10001 ms' });
    clients[0].emit({ type: 'joined', assignedPartitions: 2 });
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
  });

  it('counts a member whose broker went silent as out of its group once its session lapsed, then not ready after the grace', async () => {
    const { supervisor, clients, timers } = setup([], { sessionTimeoutMs: 6_000, stallMs: 60_000 });
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    await timers.advance(6_000);
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
    await timers.advance(1);
    expect(supervisor.health()).toMatchObject({ member: false, ready: true });
    await timers.advance(10_000);
    expect(supervisor.health()).toMatchObject({ member: false, ready: false, reason: 'not a member of its group for 10001 ms' });
    clients[0].emit({ type: 'active' });
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
  });

  it('is not ready when a member with partitions stops fetching and heartbeating', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 3 });
    await timers.advance(15_000);
    clients[0].emit({ type: 'active' });
    await timers.advance(20_000);
    expect(supervisor.health().ready).toBe(true);
    await timers.advance(1);
    expect(supervisor.health()).toMatchObject({ member: true, ready: false });
  });

  it('counts a member without partitions as ready however long it idles, as long as it heartbeats', async () => {
    const { supervisor, clients, timers } = setup();
    await supervisor.start();
    clients[0].emit({ type: 'joined', assignedPartitions: 0 });
    for (let i = 0; i < 40; i++) {
      await timers.advance(3_000);
      clients[0].emit({ type: 'active' });
    }
    expect(supervisor.health()).toMatchObject({ member: true, ready: true });
  });

  it('stop() cancels a pending restart and stops the current client once', async () => {
    const { supervisor, clients, timers } = setup([fail('x')]);
    await supervisor.start();
    await supervisor.stop();
    await timers.advance(100_000);
    expect(clients).toHaveLength(1);
    expect(supervisor.health()).toMatchObject({ ready: false, reason: 'not started' });
  });

  it('joined() resolves at the next join', async () => {
    const { supervisor, clients } = setup();
    await supervisor.start();
    let joined = false;
    void supervisor.joined().then(() => (joined = true));
    await flush();
    expect(joined).toBe(false);
    clients[0].emit({ type: 'joined', assignedPartitions: 1 });
    await flush();
    expect(joined).toBe(true);
  });
});
