import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { AlertPlan1765400700000 } from '../database/alert-plan.migrations';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

// The town: women's share of its People's Congress deputies falling from 30 % to 22 % (1,000 deputies): deteriorating.
const TOWN = '520103100';
const DISTRICT_PLAN = 'yunyan-district-2021-2025';

interface Alert { id: string; planId: string; planVersion: number | null }

describe('alerts name the plan they are about (real Kafka and PostgreSQL)', () => {
  let h: MonitoringHarness;
  let alert: Alert;
  let planVersion: number;
  const get = (url: string, key = h.keys.read) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });

  beforeAll(async () => {
    h = await startMonitoring('mon_alert_plan', { WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.1/32' });
    for (const [period, women] of [['2020', 30], ['2021', 28], ['2022', 26], ['2023', 24], ['2024', 22]] as const) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/returns/people-congress-deputies',
        headers: { 'x-api-key': h.keys.statistics, 'content-type': 'application/json' },
        payload: { area: TOWN, period, figures: [{ sex: 'F', value: women * 10 }, { sex: 'M', value: 1000 - women * 10 }, { sex: 'T', value: 1000 }] },
      });
      expect(res.statusCode).toBe(201);
    }
    alert = await waitFor(async () => ((await get(`/v1/alerts?indicator=DEC-03&area=${TOWN}&sex=F&kind=deteriorating&status=open`)).json().items as Alert[])[0], {
      what: 'the deteriorating alert for DEC-03',
    });
    planVersion = (await get(`/v1/plans/${DISTRICT_PLAN}`)).json().version;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('says which plan and version an alert is about, in the API and in its event', async () => {
    expect(planVersion).toBeGreaterThanOrEqual(1);
    expect((await get(`/v1/alerts/${alert.id}`)).json()).toMatchObject({ planId: DISTRICT_PLAN, planVersion });
    const events = await collectTopic(testInfra().kafkaBrokers, h.topics.alerts, { until: (ms) => ms.some((m) => JSON.parse(m.value!.toString()).data.alertId === alert.id) });
    const raised = events.map((m) => JSON.parse(m.value!.toString())).find((e) => e.data.alertId === alert.id);
    expect(raised.data.plan).toEqual({ id: DISTRICT_PLAN, version: planVersion });
  });

  it('filters the alerts by plan: the monitored plan has them, another plan none, a malformed id is a 422 naming plan', async () => {
    const ids = async (plan: string) => ((await get(`/v1/alerts?plan=${plan}&status=open`)).json().items as Alert[]).map((a) => a.id);
    expect(await ids(DISTRICT_PLAN)).toContain(alert.id);
    expect(await ids('china-national-2021-2030')).toEqual([]);
    const bad = await get('/v1/alerts?plan=Not%20A%20Plan');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'plan' })]);
  });

  it('refuses a subscription filter naming a malformed plan id, and takes one naming plans', async () => {
    const post = (plans: unknown) =>
      h.app.inject({
        method: 'POST', url: '/v1/subscriptions', headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' },
        payload: { name: 'plan filter', channel: 'webhook', url: 'http://127.0.0.1:9/wdp', filter: { plans } },
      });
    const bad = await post(['Not A Plan']);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([expect.stringMatching(/^filter\.plans/)]);
    const good = await post([DISTRICT_PLAN]);
    expect(good.statusCode).toBe(201);
    expect(good.json().filter).toMatchObject({ plans: [DISTRICT_PLAN] });
  });

  it('backfills the alerts raised before alerts named their plan with the district plan and its version', async () => {
    const runner = h.dataSource.createQueryRunner();
    try {
      const migration = new AlertPlan1765400700000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows: { plan_id: string; plan_version: number | null }[] = await h.dataSource.query(`SELECT DISTINCT plan_id, plan_version FROM alert`);
    expect(rows).toEqual([{ plan_id: DISTRICT_PLAN, plan_version: planVersion }]);
  });
});
