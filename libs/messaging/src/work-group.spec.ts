import { GroupFailure, WorkGroup } from './work-group';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkGroup', () => {
  it('runs inputs submitted in one turn of the event loop together, once', async () => {
    const runs: number[][] = [];
    const group = new WorkGroup<number>(async (inputs) => void runs.push(inputs));
    await Promise.all([group.submit(1), group.submit(2), group.submit(3)]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('lets inputs that arrive while a run goes on join the next run, never two runs at once', async () => {
    const runs: number[][] = [];
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new WorkGroup<number>(async (inputs) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      if (inputs[0] === 1) await gate;
      runs.push(inputs);
      active -= 1;
    });
    const first = group.submit(1);
    await tick();
    const later = [group.submit(2), group.submit(3)];
    await tick();
    const last = group.submit(4);
    await tick();
    release();
    await Promise.all([first, ...later, last]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
    expect(maxActive).toBe(1);
  });

  it('rejects every input of a failed run with the failure and the size of its group', async () => {
    const group = new WorkGroup<string>(async (inputs) => {
      if (inputs.includes('bad')) throw new Error('boom');
    });
    const outcomes = await Promise.allSettled([group.submit('good'), group.submit('bad')]);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const failure = (o as PromiseRejectedResult).reason as GroupFailure;
      expect(failure).toBeInstanceOf(GroupFailure);
      expect(failure.size).toBe(2);
      expect((failure.cause as Error).message).toBe('boom');
    }
    // The queue goes on after a failure.
    await expect(group.submit('good')).resolves.toBeUndefined();
  });

  it('queues exclusive work with the runs, in order', async () => {
    const order: string[] = [];
    const group = new WorkGroup<string>(async (inputs) => void order.push(`run ${inputs.join(',')}`));
    const a = group.submit('a');
    const x = group.exclusive(async () => void order.push('exclusive'));
    await Promise.all([a, x]);
    // The run was only scheduled (setImmediate) when the exclusive call was queued, so the exclusive call goes first.
    expect(order).toEqual(['exclusive', 'run a']);
    await expect(group.exclusive(async () => { throw new Error('no'); })).rejects.toThrow('no');
    await expect(group.exclusive(async () => 7)).resolves.toBe(7);
  });
});
