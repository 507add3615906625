import { ApiKeyService } from '@wdp/ingestion';
import { waitFor } from '@wdp/testing';
import { MONITORED_PLAN_ID } from '../plans/monitored-plan';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

const TOWN = '520103100';
const KIND = 'people-congress-deputies';
const CELL = { datasetType: 'return', kind: KIND, period: '2023', area: TOWN };
const figures = (women: number) => [{ sex: 'F', value: women }, { sex: 'M', value: 1000 - women }, { sex: 'T', value: 1000 }];

interface Row { sex: string; year: number | null; status: string; summary: { currentValue: number | null }; provisional?: boolean; components?: unknown }
interface Page { view: string; heldCells: number; items: Row[] }
interface PlanPage { view: string; heldCells: number; items: { rows: Row[] }[] }

/**
 * The provisional view of assessments on the real broker and database: a period of a dataset that needs approval
 * (women's share of the town's deputies, DEC-03) changes the provisional assessment, flagged, and not the official
 * one, until it is approved.
 */
describe('provisional assessments: a held period changes the provisional assessment, not the official one', () => {
  let h: MonitoringHarness;
  let approver: string;
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });
  const post = (url: string, key: string, payload: object) => h.app.inject({ method: 'POST', url, headers: { 'x-api-key': key, 'content-type': 'application/json' }, payload });
  const settled = () => waitFor(async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'queued pairs recomputed' });
  const cell = async () => ((await get(`/v1/approvals?department=statistics&kind=${KIND}&period=2023`)).json().items as { received: { items: number }; counted: boolean }[])[0];
  const women = (rows: readonly Row[]) => rows.find((r) => r.sex === 'F');
  const LIST = `/v1/assessments?indicator=DEC-03&area=${TOWN}`;
  const DETAIL = `/v1/assessments/DEC-03?area=${TOWN}`;
  const PLAN = `/v1/plans/${MONITORED_PLAN_ID}/assessments?indicator=DEC-03&area=${TOWN}&asOf=2023`;

  beforeAll(async () => {
    h = await startMonitoring('mon_provisional_assessments', { APPROVAL_REQUIRED: `statistics/returns/${KIND}` });
    approver = (await h.app.get(ApiKeyService).issue({ department: 'statistics', scopes: ['approve:statistics', 'read:statistics'], label: 'bureau approver' })).key;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('held: the provisional rows carry the period, flagged, each page says its view and the held cells; approved: both views agree, nothing flagged', async () => {
    expect((await post(`/v1/returns/${KIND}`, h.keys.statistics, { area: TOWN, period: '2023', figures: figures(300) })).statusCode).toBe(201);
    await waitFor(async () => (await cell())?.received.items === 1, { what: 'the return received' });
    await settled();

    const official = (await get(LIST)).json() as Page;
    const provisional = (await get(`${LIST}&view=provisional`)).json() as Page;
    expect(official).toMatchObject({ view: 'approved', heldCells: 1 });
    expect(women(official.items)?.summary.currentValue ?? null).toBeNull();
    expect(women(official.items)?.provisional).toBeUndefined();
    expect(provisional).toMatchObject({ view: 'provisional', heldCells: 1 });
    expect(women(provisional.items)).toMatchObject({ year: 2023, summary: { currentValue: 30 }, provisional: true });

    // Unfiltered, every indicator in every assessed area is assessed on request, paged like the stored ones.
    const everything = await get('/v1/assessments?view=provisional&limit=5');
    expect(everything.statusCode).toBe(200);
    expect(everything.json()).toMatchObject({ view: 'provisional', pageSize: 5 });
    expect(everything.json().items).toHaveLength(5);
    expect(everything.json().total).toBeGreaterThan(5);
    const detail = (await get(`${DETAIL}&view=provisional`)).json() as Page;
    expect(detail.view).toBe('provisional');
    expect(women(detail.items)).toMatchObject({ year: 2023, provisional: true, components: expect.any(Object) });
    const plan = (await get(`${PLAN}&view=provisional`)).json() as PlanPage;
    const officialPlan = (await get(PLAN)).json() as PlanPage;
    expect(plan).toMatchObject({ view: 'provisional', heldCells: 1 });
    expect(women(plan.items[0].rows)).toMatchObject({ summary: { currentValue: 30 }, provisional: true });
    expect(officialPlan.view).toBe('approved');
    expect(women(officialPlan.items[0].rows)?.summary.currentValue ?? null).toBeNull();

    expect((await post('/v1/submissions/submit', h.keys.statistics, CELL)).statusCode).toBe(200);
    expect((await post('/v1/submissions/approve', approver, CELL)).statusCode).toBe(200);
    await waitFor(async () => (await cell())?.counted === true, { what: 'the approval counted' });
    await settled();

    const after = (await get(LIST)).json() as Page;
    const afterProvisional = (await get(`${LIST}&view=provisional`)).json() as Page;
    expect(after).toMatchObject({ view: 'approved', heldCells: 0 });
    expect(women(after.items)).toMatchObject({ year: 2023, summary: { currentValue: 30 } });
    expect(afterProvisional.heldCells).toBe(0);
    expect(afterProvisional.items.length).toBeGreaterThan(0);
    expect(afterProvisional.items.every((r) => r.provisional === false)).toBe(true);
    expect(women(((await get(`${PLAN}&view=provisional`)).json() as PlanPage).items[0].rows)?.provisional).toBe(false);
  });

  it.each([LIST, DETAIL, PLAN])('refuses an unknown view with a 422 naming view: %s', async (url) => {
    const res = await get(`${url}&view=draft`);
    expect(res.statusCode).toBe(422);
    expect((res.json().errors as { field: string }[]).map((e) => e.field)).toEqual(['view']);
  });
});
