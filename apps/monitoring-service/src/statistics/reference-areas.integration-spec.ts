import type { RecordFact } from '@wdp/contracts';
import { PLAN_FORMAT, type PlanDocument } from '@wdp/plans';
import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { DISTRICT } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

const CITY = '520100';
const COUNTRY = '100000';

/** A city plan with a target on DEC-03 (women's share of People's Congress deputies), which returns feed. */
const cityPlan: PlanDocument = {
  schema: PLAN_FORMAT,
  id: 'test-city-deputies-2021-2025',
  version: 1,
  status: 'adopted',
  name: { zh: '测试贵阳市规划（2021—2025年）', en: 'Test Guiyang plan (2021–2025)' },
  level: 'city',
  area: CITY,
  period: { start: 2021, end: 2025 },
  baselineYear: 2020,
  source: { title: '测试贵阳市规划', issuer: '贵阳市人民政府' },
  targets: [{ indicator: 'DEC-03', comparator: 'at_least', value: 30, valueStatus: 'official', targetYear: 2025, source: { clause: 'main-goal', number: 3, text: '测试：人大代表中女性比例达到30%' } }],
};

interface Value { areaCode: string; sex: string; period: string; value: number }

describe('areas above the district: values from the statistics bureau’s returns only (real Kafka and PostgreSQL)', () => {
  let h: MonitoringHarness;
  const get = (url: string, key = h.keys.read) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const recomputed = () => waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'queued pairs recomputed' });
  // Women's share of the deputies, in per cent, of 1,000 deputies.
  const fileReturn = (area: string, period: string, women: number) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/returns/people-congress-deputies',
      headers: { 'x-api-key': h.keys.statistics, 'content-type': 'application/json' },
      payload: { area, period, figures: [{ sex: 'F', value: women * 10 }, { sex: 'M', value: 1000 - women * 10 }, { sex: 'T', value: 1000 }] },
    });
  const values = async (area: string, view = '') =>
    ((await get(`/v1/values?indicator=DEC-03&area=${area}&sex=F${view}`)).json().items as Value[]).map((v) => [v.period, v.value]);
  const districtState = () =>
    Promise.all([
      query(`SELECT indicator_code, sex, year, value FROM indicator_value WHERE area_code = $1 ORDER BY 1, 2, 3`, [DISTRICT]),
      query(`SELECT indicator_code, sex, status, alert_kinds, components FROM assessment WHERE area_code = $1 ORDER BY 1, 2`, [DISTRICT]),
      query(`SELECT indicator_code, sex, kind, status FROM alert WHERE area_code = $1 ORDER BY 1, 2, 3`, [DISTRICT]),
    ]);

  beforeAll(async () => {
    h = await startMonitoring('mon_reference_areas');
    for (const [period, women] of [['2021', 30], ['2022', 29], ['2023', 28], ['2024', 27]] as const) {
      expect((await fileReturn(DISTRICT, period, women)).statusCode).toBe(201);
    }
    await waitFor(async () => (await values(DISTRICT)).length === 4, { what: 'the district’s DEC-03 values' });
    await recomputed();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('accepts the city’s and the country’s returns and serves their values, leaving the district’s figures as they were', async () => {
    const before = await districtState();
    expect(before[1].length).toBeGreaterThan(0);
    for (const [period, women] of [['2021', 20], ['2022', 21], ['2023', 22], ['2024', 23]] as const) {
      expect((await fileReturn(CITY, period, women)).statusCode).toBe(201);
    }
    expect((await fileReturn(COUNTRY, '2024', 26)).statusCode).toBe(201);
    await waitFor(async () => (await values(CITY)).length === 4 && (await values(COUNTRY)).length === 1, { what: 'the city’s and the country’s values' });
    await recomputed();

    expect(await values(CITY)).toEqual([['2021', 20], ['2022', 21], ['2023', 22], ['2024', 23]]);
    expect(await values(COUNTRY)).toEqual([['2024', 26]]);
    expect(await values(CITY, '&view=provisional')).toEqual(await values(CITY));
    // Nothing rolled up either way: the district's values, assessments and alerts are what they were.
    expect(await districtState()).toEqual(before);
    expect(await values(DISTRICT)).toEqual([['2021', 30], ['2022', 29], ['2023', 28], ['2024', 27]]);
  });

  it('assesses no area above the district and raises no alert for it', async () => {
    await recomputed();
    expect((await get(`/v1/assessments?area=${CITY}`)).json().total).toBe(0);
    const [{ n }] = await query<{ n: string }>(`SELECT count(*) AS n FROM alert WHERE area_code = ANY($1)`, [[CITY, '520000', COUNTRY]]);
    expect(Number(n)).toBe(0);
    expect((await get(`/v1/alerts?area=${CITY}`)).json().items).toEqual([]);
  });

  it('shows, next to the district’s value under a city plan, the city’s own value from its returns', async () => {
    const imported = await h.app.inject({
      method: 'POST', url: '/v1/admin/plans?reason=test', headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' }, payload: JSON.stringify(cityPlan),
    });
    expect(imported.statusCode).toBe(201);
    const res = await get('/v1/indicators/DEC-03/plan-assessments?asOf=2024');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { plan: { id: string }; areaCode: string; planArea: { areaCode: string; values: { sex: string; year: number; value: number }[] } | null }[];
    const city = items.find((i) => i.plan.id === cityPlan.id)!;
    expect(city.areaCode).toBe(DISTRICT);
    expect(city.planArea?.areaCode).toBe(CITY);
    expect(city.planArea?.values.filter((v) => v.sex === 'F')).toEqual([2021, 2022, 2023, 2024].map((year, i) => ({ sex: 'F', year, value: 20 + i })));
    expect(items.find((i) => i.plan.id === 'yunyan-district-2021-2025')?.planArea).toBeNull();
  });

  it('refuses a return for an area it does not know, naming the field, and a record for the city', async () => {
    const unknown = await fileReturn('530100', '2024', 20);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'area' })]);

    // Records are held for the district's own areas only: a departmental record for the city is a dead letter.
    const births: RecordFact = { kind: 'live-birth', area: CITY, period: '2024-03', sex: 'F', ageBand: '25-29', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } };
    const bad = recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: births, previous: null });
    await h.publish([bad]);
    const dead = await collectTopic(testInfra().kafkaBrokers, `${h.topics.health}.dlq`, { until: (ms) => ms.some((m) => m.headers.ce_id === bad.id), timeoutMs: 30_000 });
    expect(dead.find((m) => m.headers.ce_id === bad.id)!.headers.dlq_error).toMatch(/unknown area 520100/);
    const [{ n }] = await query<{ n: string }>(`SELECT count(*) AS n FROM record_fact WHERE area_code = $1`, [CITY]);
    expect(Number(n)).toBe(0);
  });
});
