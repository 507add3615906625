import { batchArrivals } from './request-batches';

const ev = (wdpbatch?: string, wdpbatchsize?: number) => ({ wdpbatch, wdpbatchsize });

describe('batchArrivals', () => {
  it('counts each request’s events in this transaction, in batch-id order', () => {
    expect(batchArrivals([ev('b', 5), ev('a', 2), ev('b', 5), ev('a', 2), ev('b', 5)])).toEqual([
      { batchId: 'a', expected: 2, arrived: 2 },
      { batchId: 'b', expected: 5, arrived: 3 },
    ]);
  });

  it('leaves out events of no batch (older producers, replays): they hold nothing back', () => {
    expect(batchArrivals([ev(), ev(undefined, 3), ev('a', 0)])).toEqual([]);
  });

  it('keeps the largest size when events of one batch disagree, so a request is never complete early', () => {
    expect(batchArrivals([ev('a', 2), ev('a', 4)])).toEqual([{ batchId: 'a', expected: 4, arrived: 2 }]);
  });
});
