import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { AlertHoldRelease } from './decision/alert-hold-release';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

const TOWN = '520103100';
// Long enough that the service's own timer never releases a hold during the test: the test moves time on
// by handing the release a later clock.
const HOLD_MS = 600_000;

describe('alert holds: a condition must hold before it is raised, a recovery before it is resolved', () => {
  let h: MonitoringHarness;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  // The settler stores the assessment and decides its alerts in one transaction: once the status shows, so does the decision.
  const status = async () => (await query<{ status: string }>(`SELECT status FROM assessment WHERE indicator_code = 'DEC-03' AND area_code = $1 AND sex = 'F'`, [TOWN]))[0]?.status;
  const decided = (expected: (s: string | undefined) => boolean, what: string) => waitFor(async () => expected(await status()), { what });
  const deputies = async (period: string, women: number, id?: string) => {
    const res = await h.app.inject({
      method: id ? 'PUT' : 'POST',
      url: `/v1/returns/people-congress-deputies${id ? `/${id}` : ''}`,
      headers: { 'x-api-key': h.keys.statistics, 'content-type': 'application/json' },
      // Seats out of 10,000, so that a few points are clear of the share's 95 % interval.
      payload: { area: TOWN, period, figures: [{ sex: 'F', value: women * 100 }, { sex: 'M', value: (100 - women) * 100 }, { sex: 'T', value: 10_000 }] },
    });
    expect(res.statusCode).toBe(id ? 200 : 201);
    return res.json().id as string;
  };
  const slot = `indicator_code = 'DEC-03' AND area_code = '${TOWN}' AND sex = 'F' AND kind = 'deteriorating'`;
  const holdOf = async () => (await query<{ action: string; since: Date }>(`SELECT action, since FROM alert_hold WHERE ${slot}`))[0];
  const alertsOf = () => query<{ id: string; status: string; raised_at: Date }>(`SELECT id, status, raised_at FROM alert WHERE ${slot}`);
  const later = (since: Date, ms: number) => new Date(since.getTime() + ms);

  beforeAll(async () => {
    h = await startMonitoring('mon_alert_hold', { ALERT_RAISE_HOLD_MS: String(HOLD_MS), ALERT_RESOLVE_HOLD_MS: String(HOLD_MS) });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a load that satisfies a condition and recovers within the hold publishes nothing; one that holds is raised once', async () => {
    const release = h.app.get(AlertHoldRelease);
    // DEC-03 (women's share of People's Congress deputies) in the town: 30, 28, 25 % — deteriorating. Filed
    // through monitoring's own returns API, so it travels outbox → topic → consumer → settler like any load.
    await deputies('2020', 30);
    await deputies('2021', 28);
    const last = await deputies('2022', 25);

    // 1. The load satisfies the condition: the raise waits, nothing is stored as an alert.
    await decided((s) => s === 'deteriorating', 'DEC-03 deteriorating');
    const pending = await waitFor(holdOf, { what: 'the raise held' });
    expect(pending.action).toBe('raise');
    expect(await alertsOf()).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/wdp_monitoring_alert_holds\{action="raise"\} [1-9]/);

    // 2. The rest of the load recovers it (the 2022 return revised to 33 %) within the hold: the raise is dropped.
    await deputies('2022', 33, last);
    await decided((s) => s !== undefined && s !== 'deteriorating', 'DEC-03 recovered');
    expect(await holdOf()).toBeUndefined();
    await release.releaseNow(later(new Date(), 2 * HOLD_MS));
    expect(await alertsOf()).toEqual([]);

    // 3. The condition returns and holds: raised once, when the hold has lasted, not before.
    await deputies('2022', 25, last);
    await decided((s) => s === 'deteriorating', 'DEC-03 deteriorating again');
    const { since } = await waitFor(holdOf, { what: 'the raise held again' });
    await release.releaseNow(later(since, HOLD_MS - 1));
    expect(await alertsOf()).toEqual([]);
    await release.releaseNow(later(since, HOLD_MS));
    const [alert] = await alertsOf();
    expect(alert).toMatchObject({ status: 'open', raised_at: later(since, HOLD_MS) });
    await release.releaseNow(later(since, 3 * HOLD_MS));
    expect(await alertsOf()).toHaveLength(1);
    expect(await holdOf()).toBeUndefined();

    // On the topic, the slot's first event is this raise: the dropped one never left.
    const messages = await collectTopic(testInfra().kafkaBrokers, h.topics.alerts, { until: (ms) => ms.some((m) => JSON.parse(m.value!.toString()).data.alertId === alert.id) });
    const ofSlot = messages.map((m) => JSON.parse(m.value!.toString())).filter((e) => e.subject === `DEC-03/${TOWN}/F/deteriorating`);
    expect(ofSlot.map((e) => [e.type, e.data.alertId])).toEqual([['gov.yunyan.monitoring.alert.raised.v1', alert.id]]);
    expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_event WHERE alert_id = $1`, [alert.id]))[0].n)).toBe(1);

    // 4. A recovery is held too: the alert stays open until the recovery has lasted.
    await deputies('2022', 33, last);
    await decided((s) => s !== 'deteriorating', 'DEC-03 recovered again');
    const recovery = await waitFor(holdOf, { what: 'the resolution held' });
    expect(recovery.action).toBe('resolve');
    expect((await alertsOf())[0].status).toBe('open');
    await release.releaseNow(later(recovery.since, HOLD_MS));
    expect((await alertsOf())[0].status).toBe('resolved');
  }, 90_000);
});
