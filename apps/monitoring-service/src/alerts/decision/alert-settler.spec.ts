import { shareOf } from './alert-settler';

describe('shareOf', () => {
  const due = Array.from({ length: 10 }, (_, i) => `P${i}`);

  it('takes at most the maximum, each pair once, all of them when fewer are due', () => {
    const taken = shareOf(due, 4);
    expect(taken).toHaveLength(4);
    expect(new Set(taken).size).toBe(4);
    expect(taken.every((p) => due.includes(p))).toBe(true);
    expect([...shareOf(due, 50)].sort()).toEqual([...due].sort());
  });

  it('takes a different share for a different draw, so replicas looking at once do not all reach for the same pairs', () => {
    expect(shareOf(due, 3, () => 0)).not.toEqual(shareOf(due, 3, () => 0.999));
    expect(due).toEqual(Array.from({ length: 10 }, (_, i) => `P${i}`));
  });
});
