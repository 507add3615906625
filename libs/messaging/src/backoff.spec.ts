import { backoffDelay } from './backoff';

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
