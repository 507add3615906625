import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import type { Clock } from '../assessment/clock';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';
import { birth, COMMUNITY, DISTRICT, OTHER_COMMUNITY, OTHER_STREET, recorded, STREET } from '../test-support/fixtures';
import { CompletenessService } from './completeness.service';

const LIVE_BIRTH = 'health/live-birth';
// Monthly, due 15 days after the month: March 2024 is due by the end of 15 April, China time.
const MARCH_DUE = '2024-04-15T16:00:00.000Z';

describe('completeness and timeliness over the real broker and database', () => {
  let h: MonitoringHarness;
  let completeness: CompletenessService;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });
  const lateAlerts = () =>
    query<{ id: string; area_code: string; status: string; components: { dataset: string; missing: { period: string }[] } }>(`SELECT id, area_code, status, components FROM alert WHERE kind = 'late_dataset' ORDER BY raised_at`);

  /**
   * `perMonth` births a month sent while monitoring's clock reads `at`, so their arrival is stamped with it; waits until
   * each month has arrived in its street.
   */
  async function send(at: string, births: { community: string; period: string }[], perMonth = 1): Promise<void> {
    // The arrival time is monitoring's clock when the batch is applied: fixed here, so the test does not depend on today.
    (completeness as unknown as { clock: Clock }).clock = () => new Date(at);
    await h.publish(births.flatMap((b) => Array.from({ length: perMonth }, () => recordEvent(recorded(birth({ area: b.community, period: b.period }))))));
    const streets = births.map((b) => b.community.slice(0, STREET.length));
    await waitFor(
      async () => {
        const [{ n }] = await query<{ n: string }>(
          `SELECT count(*) AS n FROM dataset_arrival a JOIN unnest($1::text[], $2::text[]) AS k (area_code, period) USING (area_code, period) WHERE a.dataset = $3 AND a.last_at = $4`,
          [streets, births.map((b) => b.period), LIVE_BIRTH, at],
        );
        return Number(n) === births.length;
      },
      { what: `births arrived at ${at}` },
    );
  }

  beforeAll(async () => {
    h = await startMonitoring('mon_completeness');
    completeness = h.app.get(CompletenessService);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers bad filters with problems naming the field, and only with the read scope', async () => {
    const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) => res.json().errors?.map((e) => e.field);
    for (const [q, field] of [
      ['period=2024-13', 'period'],
      ['department=police', 'department'],
      ['dataset=..%2Fetc', 'dataset'],
      ['asOf=yesterday', 'asOf'],
      ['area=520103001001', 'area'],
      ['dataset=health/no-such-kind', 'dataset'],
    ]) {
      const res = await get(`/v1/completeness?${q}`);
      expect([res.statusCode, fieldsOf(res)]).toEqual([422, [field]]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await h.app.inject({ method: 'GET', url: '/v1/completeness' })).statusCode).toBe(401);
  });

  it('a street missing a deadline the rest of the district met raises one alert; its data arriving resolves it', async () => {
    // Both streets send five births a month from March 2023 to February 2024 on 10 March (a year in a row, enough
    // that a month without any would be news), January late (due 15 February), February on time.
    const year = Array.from({ length: 12 }, (_, i) => (i < 10 ? `2023-${String(i + 3).padStart(2, '0')}` : `2024-0${i - 9}`));
    await send('2024-03-10T00:00:00.000Z', [COMMUNITY, OTHER_COMMUNITY].flatMap((community) => year.map((period) => ({ community, period }))), 5);
    // Only the other street sends March, on time.
    await send('2024-04-10T00:00:00.000Z', [{ community: OTHER_COMMUNITY, period: '2024-03' }]);

    const asOf = '2024-04-20T00:00:00.000Z';
    const march = (await get(`/v1/completeness?dataset=${encodeURIComponent(LIVE_BIRTH)}&period=2024-03&asOf=${asOf}`)).json();
    expect(march.asOf).toBe(asOf);
    expect(march.items).toHaveLength(1);
    const areas = new Map<string, { status: string; firstArrivalAt: string | null }>(march.items[0].areas.map((a: { areaCode: string }) => [a.areaCode, a]));
    expect(march.items[0]).toMatchObject({ department: 'health', dataset: LIVE_BIRTH, datasetType: 'records', period: '2024-03', dueBy: MARCH_DUE, received: 2, onTime: 2, late: 0 });
    expect(march.items[0].expected).toBe(areas.size);
    expect([areas.get(DISTRICT)?.status, areas.get(OTHER_STREET)?.status, areas.get(STREET)?.status]).toEqual(['on_time', 'on_time', 'missing']);
    expect(march.totals).toMatchObject({ expected: areas.size, received: 2, missing: areas.size - 2 });

    const january = (await get(`/v1/completeness?dataset=${encodeURIComponent(LIVE_BIRTH)}&period=2024-01&area=${STREET}&asOf=${asOf}`)).json();
    expect(january.items[0]).toMatchObject({ expected: 1, received: 1, onTime: 0, late: 1, completenessRate: 1, timelinessRate: 0 });
    expect(january.items[0].areas).toEqual([{ areaCode: STREET, status: 'late', firstArrivalAt: '2024-03-10T00:00:00.000Z', lastArrivalAt: '2024-03-10T00:00:00.000Z' }]);

    // The deadline passed on 15 April: one alert, for the dataset in the street, however many indicators wait for births.
    expect(await completeness.checkLateDatasets(new Date(asOf))).toEqual({ raised: 1, resolved: 0 });
    const [raised, ...more] = await lateAlerts();
    expect(more).toEqual([]);
    expect(raised).toMatchObject({ area_code: STREET, status: 'open', components: { dataset: LIVE_BIRTH, missing: [{ period: '2024-03' }] } });
    // Checking again changes nothing: still one alert.
    expect(await completeness.checkLateDatasets(new Date(asOf))).toEqual({ raised: 0, resolved: 0 });

    // The street's March arrives, late: the alert resolves, and the period counts as received late.
    await send('2024-04-25T00:00:00.000Z', [{ community: COMMUNITY, period: '2024-03' }]);
    const after = '2024-04-26T00:00:00.000Z';
    expect(await completeness.checkLateDatasets(new Date(after))).toEqual({ raised: 0, resolved: 1 });
    expect(await lateAlerts()).toEqual([expect.objectContaining({ id: raised.id, status: 'resolved' })]);
    const log = await query<{ transition: string }>(`SELECT transition FROM alert_event WHERE alert_id = $1 ORDER BY seq`, [raised.id]);
    expect(log.map((e) => e.transition)).toEqual(['raised', 'resolved']);
    // Published like any alert: raised then resolved on the alerts topic, naming the dataset.
    const isResolution = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).type.endsWith('.resolved.v1');
    const published = (await collectTopic(testInfra().kafkaBrokers, h.topics.alerts, { until: (ms) => ms.some(isResolution) }))
      .map((m) => JSON.parse(m.value!.toString()))
      .filter((e) => e.data.alertId === raised.id);
    expect(published.map((e) => [e.type, e.data.kind, e.data.components.dataset])).toEqual([
      ['gov.yunyan.monitoring.alert.raised.v1', 'late_dataset', LIVE_BIRTH],
      ['gov.yunyan.monitoring.alert.resolved.v1', 'late_dataset', LIVE_BIRTH],
    ]);
    const street = (await get(`/v1/completeness?dataset=${encodeURIComponent(LIVE_BIRTH)}&period=2024-03&area=${STREET}&asOf=${after}`)).json();
    expect(street.items[0].areas[0]).toMatchObject({ status: 'late', firstArrivalAt: '2024-04-25T00:00:00.000Z' });

    // As of before it arrived, the answer is what it was then.
    const then = (await get(`/v1/completeness?dataset=${encodeURIComponent(LIVE_BIRTH)}&period=2024-03&area=${STREET}&asOf=${asOf}`)).json();
    expect(then.items[0].areas[0]).toMatchObject({ status: 'missing', firstArrivalAt: null });
  });

  it('puts the report year’s completeness and timeliness in a report, as the API gives it when the snapshot is taken', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/reports', payload: { kind: 'annual', year: 2024 }, headers: { 'x-api-key': h.keys.admin } });
    expect(res.statusCode).toBe(201);
    const { id, generatedAt } = res.json() as { id: string; generatedAt: string };
    const { totals } = (await get(`/v1/completeness?dataset=${encodeURIComponent(LIVE_BIRTH)}&period=2024&asOf=${generatedAt}`)).json();
    const csv = (await get(`/v1/reports/${id}?format=csv`)).body;
    const row = csv.split('\r\n').find((l) => l.startsWith(`"timeliness","health",`) && l.includes(`"${LIVE_BIRTH}"`))!;
    expect(row.split(',').slice(-7).map(Number)).toEqual([totals.expected, totals.received, totals.onTime, totals.late, totals.missing, totals.completenessRate, totals.timelinessRate]);
    expect(totals.received).toBeGreaterThan(0);
    expect((await get(`/v1/reports/${id}?format=html`)).body).toContain('数据报送完整性与及时性');
  });
});
