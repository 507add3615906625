import { decisionShare, MAX_FORCED_PER_DECISION, MAX_PAIRS_PER_DECISION, shareOf } from './alert-settler';

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

describe('decisionShare', () => {
  const pairs = (n: number, forced: boolean, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}`, forced }));

  it('takes pairs whose requests are complete before forced ones, and only a few forced ones a decision', () => {
    const due = [...pairs(300, true, 'F'), ...pairs(3, false, 'R')];
    const share = decisionShare(due, MAX_PAIRS_PER_DECISION);
    expect(share.slice(0, 3).map((p) => p.id).sort()).toEqual(['R0', 'R1', 'R2']);
    expect(share.filter((p) => p.forced)).toHaveLength(MAX_FORCED_PER_DECISION);
  });

  it('never exceeds the maximum, and takes no forced pair when the ready ones fill it', () => {
    const share = decisionShare([...pairs(200, false, 'R'), ...pairs(50, true, 'F')], 128);
    expect(share).toHaveLength(128);
    expect(share.every((p) => !p.forced)).toBe(true);
  });
});
