import { dueForDecision } from './alert-settler';

describe('dueForDecision', () => {
  it('waits while events keep arriving, then decides once the queue is quiet', () => {
    expect(dueForDecision({ pending: 0, oldestMs: 0, idleMs: 0 }, 250, 1000)).toBe(false);
    expect(dueForDecision({ pending: 3, oldestMs: 400, idleMs: 100 }, 250, 1000)).toBe(false);
    expect(dueForDecision({ pending: 3, oldestMs: 400, idleMs: 260 }, 250, 1000)).toBe(true);
  });

  it('never lets a continuous stream hold a decision back longer than the maximum wait', () => {
    expect(dueForDecision({ pending: 1, oldestMs: 1000, idleMs: 5 }, 250, 1000)).toBe(true);
  });
});
