import { concurrentDecisions, parseDecisions, sharesOf } from './decision-log';

const line = (o: object) => JSON.stringify({ level: 20, context: 'AlertSettler', ...o });

describe('the settlers decision log', () => {
  it('reads the decision lines of a replica log and skips other and cut lines', () => {
    const log = [
      line({ msg: 'alert decision', pairs: ['HEA-01 520103', 'HEA-02 520103'], claimedAt: 10, decidedAt: 20 }),
      line({ msg: 'request completed' }),
      '{"level":20,"msg":"alert decision","pairs":["HEA-0',
      line({ msg: 'alert decision', pairs: ['HEA-03 520103'], claimedAt: 30, decidedAt: 31 }),
    ].join('\n');
    expect(parseDecisions('monitoring-1', log)).toEqual([
      { replica: 'monitoring-1', pairs: ['HEA-01 520103', 'HEA-02 520103'], claimedAt: 10, decidedAt: 20 },
      { replica: 'monitoring-1', pairs: ['HEA-03 520103'], claimedAt: 30, decidedAt: 31 },
    ]);
  });

  it('finds a pair decided by two replicas at once, and only that', () => {
    const a = { replica: 'monitoring-1', pairs: ['P', 'Q'], claimedAt: 100, decidedAt: 200 };
    const b = { replica: 'monitoring-2', pairs: ['Q', 'R'], claimedAt: 150, decidedAt: 250 };
    const c = { replica: 'monitoring-2', pairs: ['P'], claimedAt: 201, decidedAt: 300 };
    expect(concurrentDecisions([a, c])).toEqual([]);
    expect(concurrentDecisions([c, b, a])).toEqual([{ pair: 'Q', first: a, second: b }]);
  });

  it('finds an overlap hidden behind a short decision in between', () => {
    const long = { replica: 'monitoring-1', pairs: ['P'], claimedAt: 0, decidedAt: 1000 };
    const short = { replica: 'monitoring-2', pairs: ['P'], claimedAt: 10, decidedAt: 20 };
    const later = { replica: 'monitoring-2', pairs: ['P'], claimedAt: 500, decidedAt: 600 };
    expect(concurrentDecisions([long, short, later]).map((o) => o.second)).toEqual([short, later]);
  });

  it('counts each replica share of the pairs decided', () => {
    const shares = sharesOf([
      { replica: 'monitoring-1', pairs: ['P', 'Q'], claimedAt: 0, decidedAt: 1 },
      { replica: 'monitoring-2', pairs: ['R'], claimedAt: 0, decidedAt: 1 },
      { replica: 'monitoring-1', pairs: ['S'], claimedAt: 2, decidedAt: 3 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ 'monitoring-1': { pairs: 3, decisions: 2 }, 'monitoring-2': { pairs: 1, decisions: 1 } });
  });
});
