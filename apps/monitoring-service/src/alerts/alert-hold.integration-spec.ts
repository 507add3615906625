import type { RecordFact } from '@wdp/contracts';
import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import { AlertHoldRelease } from '../assessment/alert-hold-release';
import { type MonitoringHarness, recordEvent, startMonitoring, uid } from '../test-support/monitoring-harness';

const TOWN = '520103100';
const VILLAGE = '520103100201';
const VILLAGE2 = '520103100202';
const ELSEWHERE = '520103001001';
// Long enough that the service's own timer never releases a hold during the test: the test moves time on
// by handing the release a later clock.
const HOLD_MS = 600_000;

const births = (area: string, period: string, count: number): RecordFact => ({
  kind: 'live-birth', area, period, sex: 'F', ageBand: '25-29', count, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
});
const death = (area: string, period: string): RecordFact => ({
  kind: 'maternal-death', area, period, ageBand: '30-34', count: 1, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' },
});

describe('alert holds: a condition must hold before it is raised, a recovery before it is resolved', () => {
  let h: MonitoringHarness;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const settled = () => waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'queued pairs decided' });
  const applied = (ids: string[]) =>
    waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [ids]))[0].n) === ids.length, { what: 'events applied' });
  const slot = `indicator_code = 'HEA-02' AND area_code = '${TOWN}' AND sex = 'T' AND kind = 'limited'`;
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
    // HEA-02 (maternal mortality, target ≤ 14) stuck at 20 per 100,000 in the town for four years: limited.
    const lateDeath = death(VILLAGE2, '2023-05');
    const lateDeathId = uid('death');
    const load = [2020, 2021, 2022, 2023].flatMap((y) => [
      recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: births(VILLAGE, `${y}-06`, 25_000), previous: null }),
      ...[1, 2, 3, 4].map(() => recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: death(VILLAGE2, `${y}-05`), previous: null })),
      y === 2023
        ? recordEvent({ recordId: lateDeathId, revision: 1, operation: 'recorded', department: 'health', current: lateDeath, previous: null })
        : recordEvent({ revision: 1, operation: 'recorded', department: 'health', current: death(VILLAGE2, `${y}-05`), previous: null }),
    ]);
    const moved = { ...lateDeath, area: ELSEWHERE };
    const correction = recordEvent({ recordId: lateDeathId, revision: 2, operation: 'revised', department: 'health', previous: lateDeath, current: moved });

    // 1. The load satisfies the condition: the raise waits, nothing is stored as an alert.
    await h.publish(load);
    await applied(load.map((e) => e.id));
    await settled();
    const pending = await waitFor(holdOf, { what: 'the raise held' });
    expect(pending.action).toBe('raise');
    expect(await alertsOf()).toEqual([]);

    // 2. The rest of the load recovers it (2023 falls to 16, on track) within the hold: the raise is dropped.
    await h.publish([correction]);
    await applied([correction.id]);
    await settled();
    expect(await holdOf()).toBeUndefined();
    await release.releaseNow(later(new Date(), 2 * HOLD_MS));
    expect(await alertsOf()).toEqual([]);

    // 3. The condition returns and holds: raised once, when the hold has lasted, not before.
    const back = recordEvent({ recordId: lateDeathId, revision: 3, operation: 'revised', department: 'health', previous: moved, current: lateDeath });
    await h.publish([back]);
    await applied([back.id]);
    await settled();
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
    const ofSlot = messages.map((m) => JSON.parse(m.value!.toString())).filter((e) => e.subject === `HEA-02/${TOWN}/T/limited`);
    expect(ofSlot.map((e) => [e.type, e.data.alertId])).toEqual([['gov.yunyan.monitoring.alert.raised.v1', alert.id]]);
    expect(Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_event WHERE alert_id = $1`, [alert.id]))[0].n)).toBe(1);

    // 4. A recovery is held too: the alert stays open until the recovery has lasted.
    const again = recordEvent({ recordId: lateDeathId, revision: 4, operation: 'revised', department: 'health', previous: lateDeath, current: moved });
    await h.publish([again]);
    await applied([again.id]);
    await settled();
    const recovery = await waitFor(holdOf, { what: 'the resolution held' });
    expect(recovery.action).toBe('resolve');
    expect((await alertsOf())[0].status).toBe('open');
    await release.releaseNow(later(recovery.since, HOLD_MS));
    expect((await alertsOf())[0].status).toBe('resolved');
  }, 90_000);
});
