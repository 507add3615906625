import { EarliestWake, type WakeTimers } from './earliest-wake';

/** A clock and timers moved by hand. */
function manualTimers() {
  let now = 1_000;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  const timers: WakeTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      pending.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (h) => pending.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [h, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now) {
        pending.delete(h);
        t.fn();
      }
    }
  };
  return { timers, advance, armed: () => pending.size };
}

describe('EarliestWake', () => {
  it('fires once, at the earliest time asked for, whatever order the asks came in', () => {
    const t = manualTimers();
    const fired: number[] = [];
    const wake = new EarliestWake(() => fired.push(t.timers.now()), t.timers);
    wake.in(500);
    wake.in(100);
    wake.in(300);
    expect(t.armed()).toBe(1);
    expect(wake.pendingMs()).toBe(100);
    t.advance(99);
    expect(fired).toEqual([]);
    t.advance(1);
    expect(fired).toEqual([1_100]);
    t.advance(1_000);
    expect(fired).toEqual([1_100]);
    expect(wake.pendingMs()).toBe(Infinity);
  });

  it('is armed again by a later ask once it has fired', () => {
    const t = manualTimers();
    let fired = 0;
    const wake = new EarliestWake(() => fired++, t.timers);
    wake.in(10);
    t.advance(10);
    wake.in(10);
    t.advance(10);
    expect(fired).toBe(2);
  });

  it('fires at once for a time already past, and asks for nothing with Infinity', () => {
    const t = manualTimers();
    let fired = 0;
    const wake = new EarliestWake(() => fired++, t.timers);
    wake.in(Infinity);
    expect(t.armed()).toBe(0);
    wake.in(-20);
    expect(wake.pendingMs()).toBe(0);
    t.advance(0);
    expect(fired).toBe(1);
  });

  it('rounds a fraction of a millisecond up, so it never fires before the time asked for', () => {
    const t = manualTimers();
    const wake = new EarliestWake(() => undefined, t.timers);
    wake.in(0.2);
    expect(wake.pendingMs()).toBe(1);
  });

  it('fires nothing once cancelled', () => {
    const t = manualTimers();
    let fired = 0;
    const wake = new EarliestWake(() => fired++, t.timers);
    wake.in(50);
    wake.cancel();
    t.advance(100);
    expect(fired).toBe(0);
    expect(t.armed()).toBe(0);
  });
});
