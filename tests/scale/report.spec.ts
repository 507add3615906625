import { failures, formatReport, type ScaleFigures } from './report';

const passing: ScaleFigures = {
  records: 200_000,
  accepted: 240_000,
  counted: 240_000,
  eventsCreated: 240_000,
  eventsApplied: 240_000,
  statuses: { '201': 480, network: 3 },
  abandoned: 0,
  faults: ['kill -9 broker 2', 'kill -9 monitoring-2', 'kill -9 health-2'],
  rebalances: [{ what: 'replica died', seconds: 31.2 }, { what: 'replica returned', seconds: 3.4 }],
  throughput: [
    { replicas: 1, units: 40_000, seconds: 20 },
    { replicas: 2, units: 40_000, seconds: 16 },
  ],
  shares: { 'monitoring-1': { pairs: 300, decisions: 40 }, 'monitoring-2': { pairs: 100, decisions: 20 } },
  concurrentDecisions: [],
  duplicateAlertEvents: 0,
  alertsRaised: 4,
  alertTopicResent: 0,
  queuedPairs: 0,
  underReplicatedTopics: [],
  topicsChecked: 15,
  load: '1.9 → 2.4 on 2 cores',
};

describe('test:scale verdict', () => {
  it('passes a run with nothing lost, nothing twice and every fault injected', () => {
    expect(failures(passing)).toEqual([]);
  });

  it.each<[string, Partial<ScaleFigures>, RegExp]>([
    ['a lost record', { counted: 239_999 }, /1 accepted record units lost/],
    ['a record counted twice', { counted: 240_002 }, /2 record units counted twice/],
    ['an event applied twice or never', { eventsApplied: 239_000 }, /240000 events created, 239000 applied/],
    ['a pair decided by two replicas at once', { concurrentDecisions: ['HEA-01 520103'] }, /decided by two at once: HEA-01 520103/],
    ['an alert raised twice', { duplicateAlertEvents: 1 }, /1 alert transitions logged twice/],
    ['a pair never decided', { queuedPairs: 2 }, /2 pairs never decided/],
    ['a topic with one replica', { underReplicatedTopics: ['wdp.health.events.v1'] }, /wdp.health.events.v1/],
    ['a fault that was not injected', { faults: ['kill -9 broker 2'] }, /only 1 of the 3 faults/],
    ['an abandoned batch', { abandoned: 1 }, /1 batches abandoned/],
  ])('fails %s', (_what, change, message) => {
    const found = failures({ ...passing, ...change });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('reports throughput per replica count, rebalance times and each settler share', () => {
    const text = formatReport(passing);
    expect(text).toContain('throughput, 1 monitoring replica   2,000 units/s (40,000 in 20.0 s)');
    expect(text).toContain('throughput, 2 monitoring replicas  2,500 units/s (40,000 in 16.0 s)');
    expect(text).toMatch(/rebalance: replica died\s+31\.2 s/);
    expect(text).toMatch(/settler share, monitoring-1\s+300 pairs in 40 decisions \(75 %\)/);
    expect(text).toMatch(/result\s+ok$/);
    expect(formatReport({ ...passing, counted: 1 })).toMatch(/result\s+FAILED: 239999 accepted record units lost/);
  });
});
