import type { QueuedPairAge } from './alert-queue.repository';
import { duePairs } from './alert-settler';

const age = (indicatorCode: string, waitedMs: number, idleMs: number): QueuedPairAge => ({ indicatorCode, areaCode: '520103', waitedMs, idleMs });
const codes = (ages: QueuedPairAge[]) => duePairs(ages, 250, 1000).map((p) => p.indicatorCode);

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

  it('returns pairs only, so the claim deletes exactly those', () => {
    expect(duePairs([age('H-01', 2000, 2000)], 250, 1000)).toEqual([{ indicatorCode: 'H-01', areaCode: '520103' }]);
  });
});
