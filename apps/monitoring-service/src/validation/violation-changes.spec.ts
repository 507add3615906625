import type { EntityManager } from 'typeorm';
import { ViolationChanges, type ViolationSink } from './violation-changes';

describe('ViolationChanges: where validation hands on the violations it changed', () => {
  const manager = {} as EntityManager;
  const scope = { datasets: ['health/maternal-death'], areaCode: '520103', period: '2024' };

  it('hands changed violations to the registered sink, in the caller’s transaction, and its answer back', async () => {
    const changes = new ViolationChanges();
    const sink: ViolationSink = { violationsChanged: jest.fn(async () => ({ released: [{ department: 'health', datasetType: 'record' as const, kind: 'maternal-death', period: '2024', area: '520103' }], held: [] })) };
    changes.register(sink);
    expect((await changes.hand(manager, [scope])).released).toHaveLength(1);
    expect(sink.violationsChanged).toHaveBeenCalledWith(manager, [scope]);
  });

  it('asks nothing when nothing changed', async () => {
    const changes = new ViolationChanges();
    const sink: ViolationSink = { violationsChanged: jest.fn() };
    changes.register(sink);
    expect(await changes.hand(manager, [])).toEqual({ released: [], held: [] });
    expect(sink.violationsChanged).not.toHaveBeenCalled();
  });

  it('fails loudly without a sink (approvals would wait for the timer) and takes only one', () => {
    const changes = new ViolationChanges();
    expect(() => changes.hand(manager, [scope])).toThrow(/no violation sink/);
    changes.register({ violationsChanged: jest.fn() });
    expect(() => changes.register({ violationsChanged: jest.fn() })).toThrow(/already registered/);
  });
});
