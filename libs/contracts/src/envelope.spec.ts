import { batchOf, createEvent, inBatch } from './envelope';

const event = (n: number) => createEvent({ source: 'urn:wdp:test', type: 'gov.yunyan.test.thing.recorded.v1', data: { n } });

describe('request batches on events', () => {
  it('stamps every event of one request with one fresh id and the request’s event count', () => {
    const stamped = inBatch([event(1), event(2), event(3)]);
    expect(new Set(stamped.map((e) => e.wdpbatch)).size).toBe(1);
    expect(stamped.map((e) => e.wdpbatchsize)).toEqual([3, 3, 3]);
    expect(stamped.map((e) => batchOf(e))).toEqual(stamped.map(() => ({ id: stamped[0].wdpbatch, size: 3 })));
    expect(inBatch([event(4)])[0].wdpbatch).not.toBe(stamped[0].wdpbatch);
  });

  it('reads events without the attributes (older producers, replays) as belonging to no batch', () => {
    expect(batchOf(event(1))).toBeNull();
  });

  it('ignores attributes it cannot use rather than holding decisions on them', () => {
    for (const [wdpbatch, wdpbatchsize] of [['b', 0], ['b', 1.5], ['b', -1], ['', 2], ['x'.repeat(101), 2], ['b', '2'], [7, 2]] as const) {
      expect(batchOf({ wdpbatch, wdpbatchsize } as never)).toBeNull();
    }
  });
});
