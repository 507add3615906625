import { unrefTimers, type SupervisorTimers } from '@wdp/messaging';

/** The clock and timers EarliestWake runs on (tests pass fake ones). */
export type WakeTimers = SupervisorTimers;

/**
 * One timer, armed for the earliest time anyone asked for: asking for a later time than the one armed changes
 * nothing, asking for an earlier one moves it. Once it fires it is disarmed until asked again.
 */
export class EarliestWake {
  private handle: unknown = null;
  private at = Infinity;

  constructor(
    private readonly fire: () => void,
    private readonly timers: WakeTimers = unrefTimers,
  ) {}

  /** Fires in `ms` (now if 0 or less) unless already armed to fire sooner; Infinity (or NaN) asks for nothing. */
  in(ms: number): void {
    if (!(ms < Infinity)) return;
    const delay = Math.max(0, Math.ceil(ms));
    const at = this.timers.now() + delay;
    if (at >= this.at) return;
    this.cancel();
    this.at = at;
    this.handle = this.timers.setTimeout(() => {
      this.handle = null;
      this.at = Infinity;
      this.fire();
    }, delay);
  }

  cancel(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.at = Infinity;
  }

  /** Milliseconds until it fires (Infinity: not armed). */
  pendingMs(): number {
    return this.at === Infinity ? Infinity : Math.max(0, this.at - this.timers.now());
  }
}
