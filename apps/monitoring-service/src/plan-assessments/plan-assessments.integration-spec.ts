import { PLAN_FORMAT, type PlanDocument } from '@wdp/plans';
import { PROBLEM_CONTENT_TYPE } from '@wdp/platform';
import { waitFor } from '@wdp/testing';
import { birth, COMMUNITY, DISTRICT, maternalDeath, recorded, STREET } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

// Maternal deaths per 100,000 live births at the district: 20 in 2020 falling to 10 in 2025 (20,000 births a year).
const DEATHS: Record<number, number> = { 2020: 4, 2021: 4, 2022: 3, 2023: 3, 2024: 2, 2025: 2 };

const cityPlan = (over: Partial<PlanDocument> = {}): PlanDocument => ({
  schema: PLAN_FORMAT,
  id: 'test-guiyang-2021-2025',
  version: 1,
  status: 'adopted',
  name: { zh: '测试贵阳市妇女发展规划（2021—2025年）', en: 'Test Guiyang plan (2021–2025)' },
  level: 'city',
  area: '520100',
  period: { start: 2021, end: 2025 },
  baselineYear: 2020,
  source: { title: '测试贵阳市妇女发展规划', issuer: '贵阳市人民政府' },
  targets: [{ indicator: 'HEA-02', comparator: 'at_most', value: 12, valueStatus: 'official', targetYear: 2025, source: { clause: 'main-goal', number: 2, text: '孕产妇死亡率控制在12/10万以下' } }],
  ...over,
});

/** A draft whose target the district's values miss by far: were drafts assessed for alerts, HEA-02 would raise one. */
const strictDraft = cityPlan({
  id: 'test-strict-draft-2026-2030',
  status: 'draft',
  period: { start: 2026, end: 2030 },
  baselineYear: 2020,
  targets: [{ indicator: 'HEA-02', comparator: 'at_most', value: 1, valueStatus: 'official', targetYear: 2026 }],
});

interface Row { sex: string; year: number | null; status: string; components?: unknown }
interface Item { indicatorCode: string; areaCode: string; status: string; window: { from: number; to: number }; target: { targetYear: number; value: number | null }; rows: Row[] }

describe('plan assessments as of an evaluation year (real Kafka and PostgreSQL)', () => {
  let h: MonitoringHarness;
  const get = (url: string, key = h.keys.read) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
  const importPlan = (doc: PlanDocument) =>
    h.app.inject({ method: 'POST', url: '/v1/admin/plans?reason=test', headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' }, payload: JSON.stringify(doc) });
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const alerts = () => query<{ key: string }>(`SELECT indicator_code || '/' || area_code || '/' || sex || '/' || kind || '/' || status AS key FROM alert ORDER BY 1`);

  beforeAll(async () => {
    h = await startMonitoring('mon_plan_assessments');
    const events = Object.entries(DEATHS).flatMap(([year, deaths]) => [
      recordEvent(recorded(birth({ period: `${year}-03`, count: 20_000 }))),
      ...Array.from({ length: deaths }, () => recordEvent(recorded(maternalDeath({ period: `${year}-05`, area: COMMUNITY })))),
    ]);
    await h.publish(events);
    const ids = events.map((e) => e.id);
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [ids]))[0].n) === ids.length, { what: 'events applied' });
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'pairs assessed' });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('gives the district plan, as of its final year, the stored assessments of the same data', async () => {
    const res = await get(`/v1/plans/yunyan-district-2021-2025/assessments?asOf=final&indicator=HEA-02&components=true`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ asOf: 2025, plan: { id: 'yunyan-district-2021-2025', level: 'district', monitored: true } });
    const district = (body.items as Item[]).find((i) => i.areaCode === DISTRICT)!;
    expect(district).toMatchObject({ target: { targetYear: 2025, value: 14 }, window: { from: 2020, to: 2025 } });
    const stored = (await get(`/v1/assessments/HEA-02?area=${DISTRICT}`)).json().items as Row[];
    expect(stored.length).toBeGreaterThan(0);
    expect(district.rows.map(({ sex, year, status, components }) => ({ sex, year, status, components }))).toEqual(
      stored.map(({ sex, year, status, components }) => ({ sex, year, status, components })),
    );
    expect(district.rows[0].components).toMatchObject({ progress: { components: { currentYear: 2025, currentValue: 10 } } });
  });

  it('assesses a plan imported through the registry on the existing data, the same way twice', async () => {
    expect((await importPlan(cityPlan())).statusCode).toBe(201);
    const url = `/v1/plans/test-guiyang-2021-2025/assessments?asOf=2025&area=${DISTRICT}`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    const [item] = first.json().items as Item[];
    expect(item).toMatchObject({ indicatorCode: 'HEA-02', areaCode: DISTRICT, target: { value: 12, targetYear: 2025 } });
    expect(item.rows[0]).toMatchObject({ sex: 'T', year: 2025 });
    expect(item.status).not.toBe('no_target_set');
    expect((await get(url)).json()).toEqual(first.json());
  });

  it('uses no data after the evaluation year: as of the mid-term the 2023 value is the current one', async () => {
    const res = await get(`/v1/plans/test-guiyang-2021-2025/assessments?asOf=mid-term&area=${STREET}&components=true`);
    const [item] = res.json().items as Item[];
    expect(res.json().asOf).toBe(2023);
    expect(item.window).toEqual({ from: 2020, to: 2023 });
    expect(item.rows[0]).toMatchObject({ year: 2023, components: { progress: { components: { currentYear: 2023, currentValue: 15 } } } });
  });

  it('shows one indicator under every plan that targets it, each with its own status', async () => {
    const res = await get(`/v1/indicators/HEA-02/plan-assessments?asOf=2025`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as (Item & { plan: { id: string; level: string; status: string }; asOf: number })[];
    const byPlan = new Map(items.map((i) => [i.plan.id, i]));
    expect(byPlan.get('yunyan-district-2021-2025')).toMatchObject({ plan: { level: 'district' }, asOf: 2025, target: { value: 14, targetYear: 2025 } });
    expect(byPlan.get('china-national-2021-2030')).toMatchObject({ plan: { level: 'national' }, asOf: 2025, target: { value: 12, targetYear: 2030 } });
    expect(byPlan.get('test-guiyang-2021-2025')).toMatchObject({ plan: { level: 'city' }, target: { value: 12 } });
    // The district's successor is a draft whose targets wait to be set: assessed on its own period, no target invented.
    expect(byPlan.get('yunyan-district-2026-2030')).toMatchObject({ plan: { status: 'draft' }, asOf: 2026, status: 'no_target_set', target: { value: null, valueStatus: 'to-be-set' } });
    expect(items[0].plan.level).toBe('national');
    expect(new Set(items.map((i) => i.areaCode))).toEqual(new Set([DISTRICT]));
  });

  it('raises no alert for a draft plan’s target, however far the values miss it: alerts follow the monitored district plan only', async () => {
    await h.app.inject({ method: 'POST', url: '/v1/admin/recompute', headers: { 'x-api-key': h.keys.admin } });
    const before = await alerts();
    expect((await importPlan(strictDraft)).statusCode).toBe(201);
    const [missed] = (await get(`/v1/plans/${strictDraft.id}/assessments?asOf=2026&area=${DISTRICT}`)).json().items as Item[];
    expect(missed.target).toMatchObject({ value: 1, valueStatus: 'official' });
    expect(['achieved', 'on_track', 'no_target_set']).not.toContain(missed.status);
    const recompute = await h.app.inject({ method: 'POST', url: '/v1/admin/recompute', headers: { 'x-api-key': h.keys.admin } });
    expect(recompute.statusCode).toBe(200);
    expect(await alerts()).toEqual(before);
    expect((await alerts()).filter((a) => a.key.startsWith(`HEA-02/${DISTRICT}/T/`) && !a.key.includes('/missing_data/'))).toEqual([]);
  });

  it.each([
    ['/v1/plans/yunyan-district-2021-2025/assessments?asOf=2019', 422, 'asOf'],
    ['/v1/plans/yunyan-district-2021-2025/assessments?asOf=2031', 422, 'asOf'],
    ['/v1/plans/yunyan-district-2021-2025/assessments?asOf=soon', 422, 'asOf'],
    ['/v1/plans/yunyan-district-2021-2025/assessments?area=999999', 404, 'area'],
    ['/v1/plans/yunyan-district-2021-2025/assessments?indicator=XXX-99', 404, 'indicator'],
    ['/v1/plans/yunyan-district-2021-2025/assessments?sex=X', 422, 'sex'],
    ['/v1/indicators/HEA-02/plan-assessments?asOf=20x5', 422, 'asOf'],
    ['/v1/indicators/HEA-02/plan-assessments?area=520100', 404, 'area'],
  ])('GET %s is a %d problem naming %s', async (url, status, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect([...new Set(res.json().errors.map((e: { field: string }) => e.field))]).toEqual([field]);
  });

  it('answers 404 for a plan or indicator it does not hold, and 403 to a key without the read scope', async () => {
    expect((await get('/v1/plans/no-such-plan/assessments')).statusCode).toBe(404);
    // A NUL byte is refused before it reaches PostgreSQL (the platform's screen).
    expect((await get('/v1/plans/a%00b/assessments')).statusCode).toBe(422);
    expect((await get('/v1/indicators/XXX-99/plan-assessments')).statusCode).toBe(404);
    expect((await get('/v1/plans/yunyan-district-2021-2025/assessments', h.keys.statistics)).statusCode).toBe(403);
  });
});
