import { type CloudEvent, inBatch, type RecordEventData, type RecordFact } from '@wdp/contracts';
import { createKafkaProducer, eventHeaders, type EventProducer } from '@wdp/messaging';
import { testInfra, waitFor } from '@wdp/testing';
import { AREAS } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

// One request of new-urban-employment records (ECO-01, women's share of new jobs, target 40 ± 2) for a
// street: 40 % women every year, spread over the topic's six partitions. Most men's records sit on the last
// partition, so until it is read the share reads 80 %.
const PARTITIONS = 6;
const DELAYED = 5;
const YEARS = [2020, 2021, 2022, 2023];

const hire = (area: string, year: number, sex: 'F' | 'M'): RecordFact => ({
  kind: 'new-urban-employment', area, period: `${year}-04`, sex, ageBand: '25-29', count: 1,
  attributes: { employmentForm: 'employee', collegeGraduate: false, hardToEmploy: false },
});

interface Placed {
  event: CloudEvent<RecordEventData>;
  partition: number;
}

/** The request's events, each on the partition the test puts it on. */
function request(area: string): Placed[] {
  const placed: { fact: RecordFact; partition: number }[] = [];
  for (const year of YEARS) {
    for (let i = 0; i < 8; i++) placed.push({ fact: hire(area, year, 'F'), partition: i % DELAYED });
    for (let i = 0; i < 12; i++) placed.push({ fact: hire(area, year, 'M'), partition: i < 2 ? (year + i) % DELAYED : DELAYED });
  }
  const events = inBatch(placed.map(({ fact }) => recordEvent({ revision: 1, operation: 'recorded', department: 'employment', current: fact, previous: null })));
  return events.map((event, i) => ({ event, partition: placed[i].partition }));
}

describe('alert decisions wait for complete requests', () => {
  let h: MonitoringHarness;
  let producer: EventProducer;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const applied = async (events: Placed[]) =>
    Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((p) => p.event.id)]))[0].n) === events.length;
  const queueEmpty = async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0;
  const alertsOf = (area: string) =>
    query<{ indicator: string; sex: string; kind: string; status: string }>(
      `SELECT indicator_code AS indicator, sex, kind, status FROM alert WHERE area_code = $1 ORDER BY 1, 2, 3, 4`,
      [area],
    );
  const progress = (batchId: string) =>
    query<{ expected: number; arrived: number; complete: boolean }>(`SELECT expected, arrived, completed_at IS NOT NULL AS complete FROM request_progress WHERE batch_id = $1`, [batchId]);
  const send = async (events: Placed[]) => {
    await producer.send([{
      topic: h.topics.employment,
      messages: events.map(({ event, partition }) => ({ partition, key: event.data.recordId, value: JSON.stringify(event), headers: eventHeaders(event) })),
    }]);
  };

  beforeAll(async () => {
    // Holds before raising or resolving (if configured) would hide a flap; this test looks at decisions.
    h = await startMonitoring('mon_complete', { ALERT_RAISE_HOLD_MS: '0', ALERT_RESOLVE_HOLD_MS: '0' });
    producer = createKafkaProducer({ brokers: testInfra().kafkaBrokers, clientId: 'test-complete-requests', idempotent: false });
    await producer.connect();
  }, 60_000);
  afterAll(async () => {
    await producer?.disconnect();
    await h?.close();
  });

  it('raises nothing from a request read in part that its complete application would not raise, and nothing flaps', async () => {
    const [streetAtOnce, streetDelayed] = ['520103001', '520103002'];
    const community = (street: string) => AREAS.children(street)[0].code;

    // The reference: the whole request arrives at once.
    const atOnce = request(community(streetAtOnce));
    expect(new Set(atOnce.map((p) => p.partition)).size).toBe(PARTITIONS);
    await send(atOnce);
    await waitFor(() => applied(atOnce), { what: 'the reference request applied' });
    await waitFor(queueEmpty, { what: 'the reference request decided' });
    const reference = await alertsOf(streetAtOnce);
    const districtReference = await alertsOf('520103');

    // The same request for another street, its last partition read only after the rest had time to settle.
    const delayed = request(community(streetDelayed));
    const batchId = delayed[0].event.wdpbatch!;
    const early = delayed.filter((p) => p.partition !== DELAYED);
    await send(early);
    await send(early.slice(0, 1)); // a redelivery: the inbox skips it, so it does not count as an arrival
    await waitFor(() => applied(early), { what: 'five partitions of the delayed request applied' });
    await waitFor(() => h.consumer.stats()!.duplicates >= 1, { what: 'the redelivery consumed' });
    // Longer than the quiet period and the maximum wait of a complete request: the old rule decided here.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await progress(batchId)).toEqual([{ expected: delayed.length, arrived: early.length, complete: false }]);
    expect(await queueEmpty()).toBe(false);
    expect(await alertsOf(streetDelayed)).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^wdp_monitoring_requests_incomplete 1$/m);

    await send(delayed.filter((p) => p.partition === DELAYED));
    await waitFor(() => applied(delayed), { what: 'the delayed request applied in full' });
    await waitFor(queueEmpty, { what: 'the delayed request decided' });
    expect(await progress(batchId)).toEqual([{ expected: delayed.length, arrived: delayed.length, complete: true }]);

    // The same alerts as the request applied at once, none raised and resolved on the way; the district,
    // which summed both streets, still shows what it showed after the reference request.
    expect(await alertsOf(streetDelayed)).toEqual(reference);
    expect(await alertsOf('520103')).toEqual(districtReference);
    expect((await query(`SELECT 1 FROM alert WHERE status <> 'open'`)).length).toBe(0);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^wdp_monitoring_requests_incomplete 0$/m);
  }, 90_000);
});
