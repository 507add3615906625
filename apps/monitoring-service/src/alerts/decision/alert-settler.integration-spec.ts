import { waitFor } from '@wdp/testing';
import { type MonitoringHarness, startMonitoring } from '../../test-support/monitoring-harness';
import { AlertQueueRepository, pairKey } from './alert-queue.repository';
import { AlertSettler, MAX_PAIRS_PER_DECISION, type SettleRule } from './alert-settler';
import { AssessmentService } from '../../assessment/assessment.service';
import type { RecomputePair } from '../../assessment/recompute-scope';

// Two monitoring instances on one database, as two replicas run: their settlers share the queued pairs
// through per-pair locks. The test makes every decision itself (the timers would wait 10 s for quiet data).
const NOW: SettleRule = { settleMs: 0, behindSettleMs: 0, maxWaitMs: 0, incompleteMaxWaitMs: 0 };
const QUIET = { ALERT_SETTLE_MS: '10000', ALERT_MAX_WAIT_MS: '60000' };

interface Replica {
  h: MonitoringHarness;
  settler: AlertSettler;
  /** Every pair this replica recomputed, one entry per recompute. */
  decided: string[];
  /** Holds this replica's next recompute (its pairs locked, its transaction open) until `release()`. */
  pauseNext(): { entered: Promise<void>; release(): void };
}

function replica(h: MonitoringHarness): Replica {
  const assessment = h.app.get(AssessmentService);
  const real = AssessmentService.prototype.recompute;
  const decided: string[] = [];
  let pause: { entered: () => void; gate: Promise<void> } | null = null;
  jest.spyOn(assessment, 'recompute').mockImplementation(async function (this: AssessmentService, manager, pairs: readonly RecomputePair[], ...rest) {
    decided.push(...pairs.map(pairKey));
    const p = pause;
    pause = null;
    if (p) {
      p.entered();
      await p.gate;
    }
    return real.call(assessment, manager, pairs, ...rest);
  });
  return {
    h,
    settler: h.app.get(AlertSettler),
    decided,
    pauseNext() {
      let entered!: () => void;
      let release!: () => void;
      const enteredP = new Promise<void>((r) => (entered = r));
      pause = { entered, gate: new Promise<void>((r) => (release = r)) };
      return { entered: enteredP, release };
    },
  };
}

describe('alert settlers on two replicas', () => {
  let a: Replica;
  let b: Replica;
  const queued = async () => Number((await a.h.dataSource.query(`SELECT count(*) AS n FROM alert_queue`))[0].n);

  beforeAll(async () => {
    const first = await startMonitoring('settler_a', QUIET);
    // The second instance works on the first one's database (its own is left empty and dropped at close).
    const second = await startMonitoring('settler_b', { ...QUIET, DATABASE_NAME: first.db.name });
    a = replica(first);
    b = replica(second);
  }, 120_000);
  afterAll(async () => {
    await b?.h.close();
    await a?.h.close();
  });

  const enqueueAll = async () => {
    const pairs = a.h.app.get(AssessmentService).allPairs();
    expect(pairs.length).toBeGreaterThan(2 * MAX_PAIRS_PER_DECISION);
    await a.h.app.get(AlertQueueRepository).enqueue(a.h.dataSource.manager, [{ pairs: pairs.map((p) => ({ ...p, fromYear: null })), batchIds: [] }]);
    return pairs.map(pairKey);
  };

  it('decides each queued pair exactly once, both replicas deciding, one while the other is mid-decision', async () => {
    const all = await enqueueAll();
    const paused = a.pauseNext();
    const first = a.settler.decideDue(NOW);
    await paused.entered;
    // a holds its pairs in an open transaction; under one global lock b would wait here until a commits.
    const meanwhile = await b.settler.decideDue(NOW);
    expect(meanwhile.decided).toBeGreaterThan(0);
    expect(b.decided.filter((k) => a.decided.includes(k))).toEqual([]);
    paused.release();
    await first;
    while ((await queued()) > 0) await Promise.all([a.settler.decideDue(NOW), b.settler.decideDue(NOW)]);

    const everyDecision = [...a.decided, ...b.decided];
    expect(new Set(everyDecision).size).toBe(everyDecision.length);
    expect([...everyDecision].sort()).toEqual([...all].sort());
    expect(a.decided.length).toBeGreaterThan(0);
    expect(b.decided.length).toBeGreaterThan(0);
  }, 120_000);

  it('makes a full recompute wait for a settler mid-decision, and both commit', async () => {
    a.decided.length = 0;
    await enqueueAll();
    const paused = a.pauseNext();
    const settling = a.settler.decideDue(NOW);
    await paused.entered;
    const full = b.h.app.get(AssessmentService).recomputeAll();
    // The full recompute queues on the pairs' lock the settler holds shared, rather than recomputing its pairs beside it.
    await waitFor(
      async () =>
        Number(
          (
            await a.h.dataSource.query(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
            )
          )[0].n,
        ) > 0,
      { what: 'the full recompute waiting for the settler' },
    );
    paused.release();
    const [settled, summary] = await Promise.all([settling, full]);
    expect(settled.decided).toBeGreaterThan(0);
    expect(summary.failed).toEqual([]);
    await a.h.dataSource.query(`DELETE FROM alert_queue`);
  }, 120_000);
});
