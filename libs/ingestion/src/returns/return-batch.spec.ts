import type { ReturnFacts } from '@wdp/contracts';
import { atReturn, batchPathOf, classifyReturns, repeatedReturns, type PreparedBatchReturn } from './return-batch';
import type { ReturnRow } from './return.repository';

const prepared = (index: number, kind: string, area: string, period: string, hash = `h${index}`): PreparedBatchReturn => ({
  index, kind, hash, payload: {}, facts: { kind, area, period } as unknown as ReturnFacts,
});
const stored = (kind: string, area: string, period: string, contentHash: string, status: 'active' | 'withdrawn' = 'active') =>
  ({ id: `${kind}-${area}-${period}`, kind, area, period, contentHash, status }) as unknown as ReturnRow;

describe('a batch of returns', () => {
  it('names each error by its return in the batch, and reads the name back', () => {
    expect(atReturn(2, [{ field: 'figures[0].value', reason: 'x' }, { field: '(body)', reason: 'y' }])).toEqual([
      { field: 'returns[2].figures[0].value', reason: 'x' }, { field: 'returns[2]', reason: 'y' },
    ]);
    expect(batchPathOf('returns[2].figures[0].value')).toEqual({ index: 2, field: 'figures[0].value' });
    expect(batchPathOf('returns[2]')).toEqual({ index: 2, field: '(body)' });
    expect(batchPathOf('Idempotency-Key')).toBeUndefined();
  });

  it('refuses the same return (kind, area, period) twice, at the later one', () => {
    const list = [prepared(0, 'a', '1', '2024'), prepared(1, 'a', '2', '2024'), prepared(2, 'b', '1', '2024'), prepared(3, 'a', '1', '2024')];
    expect(repeatedReturns(list)).toEqual([{ field: 'returns[3].period', reason: expect.stringMatching(/^repeats the return of returns\[0\]/) }]);
  });

  it('creates new returns, leaves the same figures unchanged, and makes different figures or a withdrawn return a conflict', () => {
    const list = [prepared(0, 'a', '1', '2024'), prepared(1, 'a', '2', '2024', 'same'), prepared(2, 'a', '3', '2024'), prepared(3, 'a', '4', '2024', 'same')];
    const c = classifyReturns(list, [stored('a', '2', '2024', 'same'), stored('a', '3', '2024', 'other'), stored('a', '4', '2024', 'same', 'withdrawn'), stored('b', '1', '2024', 'h0')]);
    expect(c.toCreate.map((p) => p.index)).toEqual([0]);
    expect(c.unchanged.map((u) => u.prepared.index)).toEqual([1]);
    expect(c.conflicts.map((u) => [u.prepared.index, u.existing.id])).toEqual([[2, 'a-3-2024'], [3, 'a-4-2024']]);
  });
});
