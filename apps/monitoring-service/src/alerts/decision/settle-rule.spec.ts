import type { QueuedPairAge } from './alert-queue.repository';
import { dueInMs, duePairs, heldForCatchUp, nextDueInMs, type SettleRule } from './settle-rule';

const RULE: SettleRule = { settleMs: 100, behindSettleMs: 250, maxWaitMs: 1000, incompleteMaxWaitMs: 60_000 };
const age = (indicatorCode: string, waitedMs: number, idleMs: number, incomplete = false): QueuedPairAge => ({ indicatorCode, areaCode: '520103', waitedMs, idleMs, incomplete });
const codes = (ages: QueuedPairAge[], caughtUp = true) => duePairs(ages, RULE, caughtUp).map((p) => p.indicatorCode);

describe('duePairs', () => {
  it('waits while a pair keeps changing, then decides it once its own data is quiet and the consumer has caught up', () => {
    expect(codes([])).toEqual([]);
    expect(codes([age('H-01', 400, 99)])).toEqual([]);
    expect(codes([age('H-01', 400, 100)])).toEqual(['H-01']);
  });

  it('holds a quiet pair longer while the consumer is behind (more of a burst may still be on the topics)', () => {
    expect(codes([age('H-01', 400, 200)], false)).toEqual([]);
    expect(codes([age('H-01', 400, 200)], true)).toEqual(['H-01']);
    expect(codes([age('H-01', 400, 250)], false)).toEqual(['H-01']);
  });

  it('never lets a continuous stream, or a consumer that never catches up, hold a decision back longer than the maximum wait', () => {
    expect(codes([age('H-01', 1000, 5)])).toEqual(['H-01']);
    expect(codes([age('H-01', 999, 200)], false)).toEqual([]);
    expect(codes([age('H-01', 1000, 200)], false)).toEqual(['H-01']);
  });

  it('decides a quiet pair however busy the others are (one busy indicator does not delay the rest)', () => {
    expect(codes([age('EMP-01', 600, 10), age('DEC-03', 300, 300), age('EDU-02', 999, 0)])).toEqual(['DEC-03']);
  });

  it('holds a pair a request touched until the whole request is in, however quiet, long waited or caught up', () => {
    expect(codes([age('ECO-01', 5_000, 5_000, true)])).toEqual([]);
    expect(codes([age('ECO-01', 59_999, 59_999, true), age('ECO-02', 5_000, 5_000)])).toEqual(['ECO-02']);
  });

  it('decides a pair whose request never completes after the bounded wait, caught up or not, and says it was forced', () => {
    for (const caughtUp of [true, false]) {
      expect(duePairs([age('ECO-01', 60_000, 10, true), age('ECO-02', 2_000, 2_000)], RULE, caughtUp)).toEqual([
        { indicatorCode: 'ECO-01', areaCode: '520103', forced: true },
        { indicatorCode: 'ECO-02', areaCode: '520103', forced: false },
      ]);
    }
  });
});

describe('dueInMs', () => {
  it('is the quiet time left when caught up, capped by the maximum wait', () => {
    expect(dueInMs(age('H-01', 0, 0), RULE, true)).toBe(100);
    expect(dueInMs(age('H-01', 300, 40), RULE, true)).toBe(60);
    expect(dueInMs(age('H-01', 950, 0), RULE, true)).toBe(50);
  });

  it('is the longer quiet time left while the consumer is behind, capped by the maximum wait', () => {
    expect(dueInMs(age('H-01', 300, 200), RULE, false)).toBe(50);
    expect(dueInMs(age('H-01', 900, 0), RULE, false)).toBe(100);
  });

  it('is the completeness hold left for a pair of an incomplete request, whatever its quiet or the consumer', () => {
    expect(dueInMs(age('ECO-01', 2_000, 2_000, true), RULE, true)).toBe(58_000);
    expect(dueInMs(age('ECO-01', 2_000, 2_000, true), RULE, false)).toBe(58_000);
  });
});

describe('nextDueInMs', () => {
  it('is when the first pair not due yet becomes due; pairs due now and an empty queue ask for nothing', () => {
    expect(nextDueInMs([], RULE, true)).toBe(Infinity);
    expect(nextDueInMs([age('H-01', 2_000, 2_000)], RULE, true)).toBe(Infinity);
    expect(nextDueInMs([age('H-01', 2_000, 2_000), age('H-02', 10, 10), age('H-03', 30, 30)], RULE, true)).toBe(70);
    expect(nextDueInMs([age('H-02', 10, 10), age('ECO-01', 100, 100, true)], RULE, false)).toBe(240);
  });
});

describe('heldForCatchUp', () => {
  it('is true only while the consumer is behind and some pair would be due if it were not', () => {
    expect(heldForCatchUp([age('H-01', 300, 200)], RULE, false)).toBe(true);
    expect(heldForCatchUp([age('H-01', 300, 200)], RULE, true)).toBe(false);
    expect(heldForCatchUp([age('H-01', 300, 300)], RULE, false)).toBe(false);
    expect(heldForCatchUp([age('H-01', 300, 50)], RULE, false)).toBe(false);
    // Due anyway (maximum wait), or held for its request rather than for the consumer.
    expect(heldForCatchUp([age('H-01', 1_000, 300), age('ECO-01', 300, 300, true)], RULE, false)).toBe(false);
  });
});
