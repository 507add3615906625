import { backoffDelay, type BackoffOptions } from './backoff';
import { errorText } from './headers';
import { silentMessagingLogger, type MessagingLogger } from './logger';

/**
 * What the consumer client reports, reduced to what group membership and liveness depend on
 * (the kafkajs adapter in inbox-consumer.ts maps its instrumentation events onto these).
 */
export type ConsumerLifecycleEvent =
  | { type: 'joined'; assignedPartitions: number }
  | { type: 'rebalancing' }
  /** A fetch returned, a heartbeat was acknowledged, or a batch started or ended. */
  | { type: 'active' }
  /** `restart`: whether the client restarts by itself (kafkajs does so only for errors it deems retriable). */
  | { type: 'crashed'; error: unknown; restart: boolean }
  | { type: 'stopped' };

/** One incarnation of a consumer: connect, subscribe and run in `start`, leave the group in `stop`. */
export interface ManagedConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates a fresh client each attempt; it reports its lifecycle through `emit`. */
export type ManagedConsumerFactory = (emit: (event: ConsumerLifecycleEvent) => void) => ManagedConsumer;

export interface SupervisorTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConsumerReadinessOptions {
  /**
   * How long the consumer may be out of its group (rebalancing, crashed, restarting) and still count as
   * ready. A normal rebalance takes a few seconds; without a grace readiness would flap on every deploy.
   */
  graceMs?: number;
  /** How long a member with assigned partitions may go without fetching, heartbeating or processing. */
  stallMs?: number;
  /**
   * The group session: a member that has not heartbeated (or fetched) for this long has been dropped by the
   * coordinator, whatever the client believes (a broker that died or froze sends no event).
   */
  sessionTimeoutMs?: number;
}

export interface ConsumerSupervisorOptions extends ConsumerReadinessOptions {
  name: string;
  create: ManagedConsumerFactory;
  /** Delay before restart n (exponential, capped), ±`jitter` of it at random so a fleet does not restart in step. */
  backoff?: BackoffOptions;
  jitter?: number;
  /**
   * Out of the group this long without a join, the consumer is recreated even if the client said it would
   * restart by itself: the client's own restart may itself have died (the crash that is never retried).
   */
  stuckMs?: number;
  /** How often the stuck check runs. */
  checkIntervalMs?: number;
  logger?: MessagingLogger;
  timers?: SupervisorTimers;
  random?: () => number;
}

export interface ConsumerHealth {
  /** The consumer group. */
  name: string;
  /** A member of its group right now (joined, not rebalancing, not crashed, session not lapsed). */
  member: boolean;
  /** Member, or out of the group for less than the grace; and not stalled. */
  ready: boolean;
  /** Why it is not ready (absent when ready). */
  reason?: string;
  assignedPartitions: number;
  /** Restarts since start(), by the client itself or by the supervisor. */
  restarts: number;
  lastError?: string;
}

export const DEFAULT_READINESS = { graceMs: 30_000, stallMs: 60_000 } as const;

/** The real clock, with timers that never keep a process alive that is otherwise done (a pending retry or decision is no reason to). */
export const unrefTimers: SupervisorTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Keeps a consumer in its group for as long as it is started: every failure to start, every crash the client
 * does not recover from itself, and every spell out of the group longer than `stuckMs` leads to a fresh client
 * after an exponential, jittered backoff — forever, never an unhandled rejection. It also answers whether the
 * consumer is healthy (readiness) from the client's own lifecycle events.
 */
export class ConsumerSupervisor {
  private readonly graceMs: number;
  private readonly stallMs: number;
  private readonly sessionMs: number;
  private readonly stuckMs: number;
  private readonly checkIntervalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly jitter: number;
  private readonly timers: SupervisorTimers;
  private readonly random: () => number;
  private readonly logger: MessagingLogger;

  private running = false;
  private current: ManagedConsumer | null = null;
  /** Incremented per client, so late events from a replaced client are ignored. */
  private generation = 0;
  private attemptStartedAt = 0;
  private failures = 0;
  private restartTimer: unknown = null;
  private checkTimer: unknown = null;
  private restarting: Promise<void> | null = null;

  private member = false;
  private everJoined = false;
  private outSince = 0;
  private lastActivityAt = 0;
  private assigned = 0;
  private restarts = 0;
  private lastError: string | undefined;
  private joinWaiters: (() => void)[] = [];

  constructor(private readonly options: ConsumerSupervisorOptions) {
    this.graceMs = options.graceMs ?? DEFAULT_READINESS.graceMs;
    this.stallMs = options.stallMs ?? DEFAULT_READINESS.stallMs;
    this.sessionMs = options.sessionTimeoutMs ?? 30_000;
    this.stuckMs = options.stuckMs ?? 60_000;
    this.checkIntervalMs = options.checkIntervalMs ?? 5_000;
    this.backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.jitter = options.jitter ?? 0.2;
    this.timers = options.timers ?? unrefTimers;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentMessagingLogger;
  }

  /** Starts the first attempt and returns once it succeeded or its retry is scheduled; never throws. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.outSince = this.timers.now();
    this.scheduleCheck();
    await this.attempt();
  }

  /** Cancels pending restarts and stops the current client (waiting for its in-flight batch). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    if (this.checkTimer !== null) this.timers.clearTimeout(this.checkTimer);
    this.restartTimer = this.checkTimer = null;
    await this.restarting?.catch(() => undefined);
    const c = this.current;
    this.current = null;
    this.generation += 1;
    this.leave();
    if (c) await c.stop();
  }

  /** Resolves at the next join (at once if a member now). */
  joined(): Promise<void> {
    if (this.member) return Promise.resolve();
    return new Promise((resolve) => this.joinWaiters.push(resolve));
  }

  health(): ConsumerHealth {
    const now = this.timers.now();
    const idleMs = now - this.lastActivityAt;
    const lapsed = this.member && idleMs > this.sessionMs;
    const member = this.member && !lapsed;
    const base = { name: this.options.name, member, assignedPartitions: this.assigned, restarts: this.restarts, lastError: this.lastError };
    if (member) {
      if (this.assigned > 0 && idleMs > this.stallMs) {
        return { ...base, ready: false, reason: `no fetch, heartbeat or batch for ${idleMs} ms with ${this.assigned} partitions assigned` };
      }
      return { ...base, ready: true };
    }
    if (!this.running) return { ...base, ready: false, reason: 'not started' };
    const outMs = now - (lapsed ? this.lastActivityAt + this.sessionMs : this.outSince);
    if (!this.everJoined) return { ...base, ready: false, reason: `has not joined its group yet (${outMs} ms)` };
    if (outMs > this.graceMs) return { ...base, ready: false, reason: `not a member of its group for ${outMs} ms` };
    return { ...base, ready: true };
  }

  private async attempt(): Promise<void> {
    if (!this.running) return;
    const generation = ++this.generation;
    this.attemptStartedAt = this.timers.now();
    const client = this.options.create((event) => {
      if (generation === this.generation) this.onEvent(event);
    });
    this.current = client;
    try {
      await client.start();
    } catch (err) {
      if (generation !== this.generation) return; // stopped or replaced meanwhile
      this.restartLater(`start failed: ${errorText(err)}`);
    }
  }

  private onEvent(event: ConsumerLifecycleEvent): void {
    const now = this.timers.now();
    switch (event.type) {
      case 'joined':
        this.member = this.everJoined = true;
        this.assigned = event.assignedPartitions;
        this.lastActivityAt = now;
        this.failures = 0;
        for (const resolve of this.joinWaiters.splice(0)) resolve();
        return;
      case 'active':
        this.lastActivityAt = now;
        return;
      case 'rebalancing':
      case 'stopped':
        this.leave();
        return;
      case 'crashed':
        this.leave();
        this.lastError = errorText(event.error);
        if (event.restart) {
          this.restarts += 1;
          this.logger.warn('consumer crashed; the client restarts it', { groupId: this.options.name, error: this.lastError });
        } else {
          this.restartLater(this.lastError);
        }
        return;
    }
  }

  private leave(): void {
    if (this.member) this.outSince = this.timers.now();
    this.member = false;
  }

  /** Replaces the client after a backoff; a second call while one is pending changes nothing. */
  private restartLater(why: string): void {
    if (!this.running || this.restartTimer !== null || this.restarting) return;
    this.leave();
    this.failures += 1;
    this.restarts += 1;
    this.lastError = why;
    const delay = this.delay(this.failures);
    this.logger.error('consumer is not in its group; restarting it', { groupId: this.options.name, error: why, retryCount: this.failures, retryTime: delay });
    const stale = this.current;
    this.current = null;
    this.generation += 1;
    this.restarting = (stale ? stale.stop() : Promise.resolve())
      .catch(() => undefined) // a crashed client may fail to disconnect; it is dropped either way
      .finally(() => {
        this.restarting = null;
        if (!this.running) return;
        this.restartTimer = this.timers.setTimeout(() => {
          this.restartTimer = null;
          void this.attempt();
        }, delay);
      });
  }

  private delay(attempt: number): number {
    return backoffDelay(attempt, { ...this.backoff, jitter: [1 - this.jitter, 1 + this.jitter] }, this.random);
  }

  private scheduleCheck(): void {
    this.checkTimer = this.timers.setTimeout(() => {
      this.checkTimer = null;
      if (!this.running) return;
      this.checkStuck();
      this.scheduleCheck();
    }, this.checkIntervalMs);
  }

  /** Exposed for tests: what the periodic check does. */
  checkStuck(): void {
    if (this.restartTimer !== null || this.restarting) return;
    const now = this.timers.now();
    if (this.member && now - this.lastActivityAt <= this.sessionMs) return;
    const out = this.member ? this.lastActivityAt + this.sessionMs : this.outSince;
    const outMs = now - Math.max(out, this.attemptStartedAt);
    if (outMs > this.stuckMs) this.restartLater(`not a member of its group for ${outMs} ms`);
  }
}
