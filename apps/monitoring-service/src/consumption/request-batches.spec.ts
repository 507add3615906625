import { batchArrivals, requestsBySource, sourceOf } from './request-batches';

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

describe('requestsBySource', () => {
  it('keeps the requests of records, returns and approval states apart, each once, none for events of no batch', () => {
    const events = [
      { source: sourceOf('record-batch'), event: ev('r2', 6) },
      { source: sourceOf('return'), event: ev('s1', 1) },
      { source: sourceOf('record'), event: ev('r1', 1) },
      { source: sourceOf('record-batch'), event: ev('r2', 6) },
      { source: sourceOf('approval'), event: ev('r2', 6) },
      { source: sourceOf('ignored'), event: ev('x', 1) },
      { source: sourceOf('return'), event: ev() },
    ];
    expect(requestsBySource(events)).toEqual({ record: ['r1', 'r2'], return: ['s1'], approval: ['r2'] });
  });
});
