import { backoffDelay, EQUAL_JITTER, retryAfterMs } from './backoff';

describe('backoffDelay', () => {
  const opts = { baseMs: 100, maxMs: 1_000 };
  it('doubles from baseMs per attempt', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, opts))).toEqual([100, 200, 400, 800]);
  });
  it('is capped at maxMs', () => {
    expect(backoffDelay(5, opts)).toBe(1_000);
    expect(backoffDelay(1_000, opts)).toBe(1_000);
  });
  it('is 0 for attempts below 1 or not finite', () => {
    expect(backoffDelay(0, opts)).toBe(0);
    expect(backoffDelay(-3, opts)).toBe(0);
    expect(backoffDelay(Number.NaN, opts)).toBe(0);
  });
});

// Webhook deliveries: equal jitter (moved here from the monitoring service's webhooks.spec.ts with the helper).
describe('backoffDelay with equal jitter', () => {
  const retryDelayMs = (attempt: number, baseMs: number, maxMs: number, random: () => number) => backoffDelay(attempt, { baseMs, maxMs, jitter: EQUAL_JITTER }, random);

  it('doubles per attempt between half and the full exponential delay', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(4, 1000, 60_000, () => 0)).toBe(4000);
  });

  it('is capped at the maximum however many attempts', () => {
    expect(retryDelayMs(50, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});

describe('backoffDelay with a jitter either side', () => {
  it('spreads the capped delay over [low, high] × delay, in whole ms', () => {
    const opts = { baseMs: 250, maxMs: 10_000, jitter: [0.75, 1.25] as const };
    expect(backoffDelay(1, opts, () => 0)).toBe(188); // 187.5 rounded
    expect(backoffDelay(1, opts, () => 1)).toBe(313);
    expect(backoffDelay(20, opts, () => 1)).toBe(12_500); // the cap applies before the jitter
  });
  it('is never negative, whatever the spread', () => {
    expect(backoffDelay(1, { baseMs: 100, maxMs: 100, jitter: [-1, 1] }, () => 0)).toBe(0);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds as ms, capped', () => {
    expect(retryAfterMs('2', 30_000)).toBe(2_000);
    expect(retryAfterMs(' 0 ', 30_000)).toBe(0);
    expect(retryAfterMs('120', 30_000)).toBe(30_000);
  });
  it('leaves anything else to the backoff', () => {
    for (const header of [null, undefined, '', '1.5', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT']) expect(retryAfterMs(header, 30_000)).toBeUndefined();
  });
});
