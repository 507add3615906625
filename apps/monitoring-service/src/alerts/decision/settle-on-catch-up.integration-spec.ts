import { type CloudEvent, inBatch, type RecordEventData, type RecordFact } from '@wdp/contracts';
import { eventHeaders } from '@wdp/messaging';
import { waitFor } from '@wdp/testing';
import { AssessmentService } from '../../assessment/assessment.service';
import type { RecomputePair } from '../../assessment/recompute-scope';
import { AREAS } from '../../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../../test-support/monitoring-harness';

// The settler decides a pair once its data has been quiet ALERT_SETTLE_MS and the consumer has caught up. Here the
// maximum wait, the longer quiet time that applies while the consumer is behind and the fallback poll are a minute,
// so a pair decided within the test's waits was decided because the consumer caught up (woken by its last batch,
// or by the timer armed for the quiet time), and a pair not decided was held.
const ENV = { ALERT_SETTLE_MS: '100', ALERT_SETTLE_BEHIND_MS: '60000', ALERT_MAX_WAIT_MS: '60000', ALERT_SETTLER_POLL_MS: '60000', ALERT_INCOMPLETE_MAX_WAIT_MS: '600000' };
/** More than one fetch of a partition holds (4 MiB): the consumer reads it in several batches, behind until the last. */
const BACKLOG = 20_000;

const birth = (area: string, i: number): RecordFact => ({
  kind: 'live-birth', area, period: `2024-${String((i % 12) + 1).padStart(2, '0')}`, sex: i % 2 ? 'F' : 'M', ageBand: '25-29', count: 1,
  attributes: { deliveryPlace: 'hospital', deliveryMode: i % 3 ? 'vaginal' : 'caesarean' },
});
const hire = (area: string, year: number, sex: 'F' | 'M'): RecordFact => ({
  kind: 'new-urban-employment', area, period: `${year}-04`, sex, ageBand: '25-29', count: 1,
  attributes: { employmentForm: 'employee', collegeGraduate: false, hardToEmploy: false },
});

const caughtUp = (h: MonitoringHarness) => Object.values(h.consumer.stats()?.lag ?? { stopped: 1 }).every((n) => n === 0);

interface Decision {
  pairs: string[];
  /** Events the consumer had applied (committed) when the decision began. */
  applied: number;
  caughtUp: boolean;
}

describe('alert decisions on a consumer caught up', () => {
  let h: MonitoringHarness;
  const decisions: Decision[] = [];
  const applied = () => h.consumer.stats()?.processed ?? NaN;
  const decidedIndicators = () => new Set(decisions.flatMap((d) => d.pairs.map((p) => p.split(' ')[0])));
  const send = async (topic: string, events: CloudEvent<RecordEventData>[], partition?: number) => {
    for (let i = 0; i < events.length; i += 1000) {
      await h.producer.send([{
        topic,
        messages: events.slice(i, i + 1000).map((e) => ({ partition, key: e.data.recordId, value: JSON.stringify(e), headers: eventHeaders(e) })),
      }]);
    }
  };

  beforeAll(async () => {
    h = await startMonitoring('mon_catch_up', ENV);
    const assessment = h.app.get(AssessmentService);
    const recompute = AssessmentService.prototype.recompute;
    jest.spyOn(assessment, 'recompute').mockImplementation(function (this: AssessmentService, manager, pairs: readonly RecomputePair[], ...rest) {
      decisions.push({ pairs: pairs.map((p) => `${p.indicatorCode} ${p.areaCode}`), applied: applied(), caughtUp: caughtUp(h) });
      return recompute.call(assessment, manager, pairs, ...rest);
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('holds a quiet pair while the consumer works through a backlog, and decides it once the consumer has caught up', async () => {
    const communities = AREAS.areas.filter((a) => a.level === 'community').map((a) => a.code);
    // The consumer stopped (as for a deployment) while a backlog builds on one partition, followed by one
    // employment record, quiet from the moment it is applied: its pairs (ECO-…) share nothing with the births'
    // (HEA-…). Back, the consumer's first fetch sees all of it: it is behind until its last batch of births.
    await h.consumer.onApplicationShutdown();
    const backlog = Array.from({ length: BACKLOG }, (_, i) =>
      recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: birth(communities[i % communities.length], i), previous: null }));
    await send(h.topics.health, backlog, 0);
    const quiet = recordEvent({ revision: 1, operation: 'recorded', department: 'employment', current: hire(communities[0], 2024, 'F'), previous: null });
    await send(h.topics.employment, [quiet]);
    await h.consumer.onApplicationBootstrap();
    await h.consumer.ready(30_000);

    await waitFor(() => decidedIndicators().has('ECO-01'), { timeoutMs: 30_000, what: 'the employment pair decided' });
    await waitFor(async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { timeoutMs: 30_000, what: 'the queue empty' });
    expect(applied()).toBe(BACKLOG + 1);
    // Not one decision while any of it was still to be applied: the employment pair, quiet for seconds meanwhile,
    // waited for the last batch of births.
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) expect({ applied: d.applied, caughtUp: d.caughtUp }).toEqual({ applied: BACKLOG + 1, caughtUp: true });
  }, 180_000);

  it('holds a pair of an incomplete request however long it is quiet with the consumer caught up, and decides it once the request is complete', async () => {
    decisions.length = 0;
    const street = AREAS.areas.find((a) => a.level === 'street')!.code;
    const community = AREAS.children(street)[0].code;
    const events = inBatch([2022, 2023].flatMap((year) => [hire(community, year, 'F'), hire(community, year, 'M')])
      .map((fact) => recordEvent({ revision: 1, operation: 'recorded', department: 'employment', current: fact, previous: null })));
    const [first, rest] = [events.slice(0, 2), events.slice(2)];
    await send(h.topics.employment, first, 1);
    await waitFor(async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [first.map((e) => e.id)]))[0].n) === first.length, {
      what: 'the first part applied',
    });
    // Ten times the quiet time, caught up all along.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(caughtUp(h)).toBe(true);
    expect(decisions).toEqual([]);
    expect(Number((await h.dataSource.query(`SELECT count(*) AS n FROM alert_queue`))[0].n)).toBeGreaterThan(0);

    await send(h.topics.employment, rest, 2);
    await waitFor(() => decidedIndicators().has('ECO-01'), { timeoutMs: 30_000, what: 'the completed request decided' });
    expect(decisions.flatMap((d) => d.pairs)).toContain(`ECO-01 ${street}`);
  }, 60_000);
});
