import type { QueuedPairAge } from './alert-queue.repository';
import { duePairs, type SettleRule, shareOf } from './alert-settler';

const RULE: SettleRule = { settleMs: 250, maxWaitMs: 1000, incompleteMaxWaitMs: 60_000 };
const age = (indicatorCode: string, waitedMs: number, idleMs: number, incomplete = false): QueuedPairAge => ({ indicatorCode, areaCode: '520103', waitedMs, idleMs, incomplete });
const codes = (ages: QueuedPairAge[]) => duePairs(ages, RULE).map((p) => p.indicatorCode);

describe('duePairs', () => {
  it('waits while a pair keeps changing, then decides it once its own data is quiet', () => {
    expect(codes([])).toEqual([]);
    expect(codes([age('H-01', 400, 100)])).toEqual([]);
    expect(codes([age('H-01', 400, 260)])).toEqual(['H-01']);
  });

  it('never lets a continuous stream hold a decision back longer than the maximum wait', () => {
    expect(codes([age('H-01', 1000, 5)])).toEqual(['H-01']);
  });

  it('decides a quiet pair however busy the others are (one busy indicator does not delay the rest)', () => {
    expect(codes([age('EMP-01', 600, 10), age('DEC-03', 300, 300), age('EDU-02', 999, 0)])).toEqual(['DEC-03']);
  });

  it('holds a pair a request touched until the whole request is in, however quiet or long it has waited', () => {
    expect(codes([age('ECO-01', 5_000, 5_000, true)])).toEqual([]);
    expect(codes([age('ECO-01', 59_999, 59_999, true), age('ECO-02', 5_000, 5_000)])).toEqual(['ECO-02']);
  });

  it('decides a pair whose request never completes after the bounded wait, and says it was forced', () => {
    expect(duePairs([age('ECO-01', 60_000, 10, true), age('ECO-02', 2_000, 2_000)], RULE)).toEqual([
      { indicatorCode: 'ECO-01', areaCode: '520103', forced: true },
      { indicatorCode: 'ECO-02', areaCode: '520103', forced: false },
    ]);
  });

  it('returns pairs only, so the claim deletes exactly those', () => {
    expect(duePairs([age('H-01', 2000, 2000)], RULE)).toEqual([{ indicatorCode: 'H-01', areaCode: '520103', forced: false }]);
  });
});

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
