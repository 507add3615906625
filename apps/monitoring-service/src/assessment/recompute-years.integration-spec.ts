import type { CloudEvent, RecordFact, ReturnFacts } from '@wdp/contracts';
import { waitFor } from '@wdp/testing';
import { type MonitoringHarness, recordEvent, returnEvent, startMonitoring, uid } from '../test-support/monitoring-harness';

// Streets of the district, each with one community, so every scenario has series of its own.
const DISTRICT = '520103';
const STREET = '520103001';
const COMMUNITY = '520103001001';
const QUIET_STREET = '520103002';
const QUIET_COMMUNITY = '520103002001';

const HISTORY = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];

const births = (area: string, period: string, count: number): RecordFact => ({
  kind: 'live-birth', area, period, sex: 'F', ageBand: '25-29', count, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
});
const death = (area: string, period: string): RecordFact => ({
  kind: 'maternal-death', area, period, ageBand: '30-34', count: 1, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' },
});
const recorded = (current: RecordFact, recordId?: string) => recordEvent({ recordId, revision: 1, operation: 'recorded', department: 'health', current, previous: null });
const lifeExpectancy = (period: string, female: number): ReturnFacts => ({
  kind: 'life-expectancy', area: DISTRICT, period, unit: 'years', figures: [{ sex: 'F', value: female }, { sex: 'M', value: female - 5 }],
});

interface ValueRow {
  key: string;
  year: number;
  value: number;
  computedAt: string;
}

// A batch recomputes its pairs' values from the earliest year it changed (or the plan's 2020 baseline,
// if that is earlier), not the whole stored series; older values are left as they are. Whatever the
// path, the stored state must be what a full recompute produces.
describe.each([
  ['settled by AlertSettler', {}],
  ['recomputed in the batch (ALERT_SETTLE_MS=0)', { ALERT_SETTLE_MS: '0' }],
])('values recomputed from the changed year, %s', (_mode, env: Record<string, string>) => {
  let h: MonitoringHarness;
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  const applied = async (events: CloudEvent[]) => {
    const ids = events.map((e) => e.id);
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [ids]))[0].n) === ids.length, { what: 'events applied' });
    // The batch queued its pairs in its own transaction; the settler empties the queue in the one that recomputes them.
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'queued pairs recomputed' });
  };
  const values = (indicator: string, area: string) =>
    query<ValueRow>(
      `SELECT indicator_code || '/' || area_code || '/' || sex || '/' || year AS key, year, value, computed_at::text AS "computedAt"
         FROM indicator_value WHERE indicator_code = $1 AND area_code = $2 ORDER BY sex, year`,
      [indicator, area],
    );
  const byKey = (rows: ValueRow[]) => new Map(rows.map((r) => [r.key, r]));

  beforeAll(async () => {
    h = await startMonitoring(`mon_years${env.ALERT_SETTLE_MS ?? ''}`, env);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const oldDeath = uid('death');
  const revisedReturn = uid('ret');

  it('leaves the values of years before the window alone when a batch changes only a recent year', async () => {
    const history = [
      ...HISTORY.flatMap((y) => [recorded(births(COMMUNITY, `${y}-06`, 10_000)), recorded(births(QUIET_COMMUNITY, `${y}-06`, 8_000))]),
      ...HISTORY.map((y) => recorded(death(COMMUNITY, `${y}-05`), y === 2015 ? oldDeath : undefined)),
      ...HISTORY.map((y) => returnEvent({ returnId: y === 2016 ? revisedReturn : uid('ret'), revision: 1, operation: 'submitted', department: 'health', current: lifeExpectancy(String(y), 80 + (y - 2014) / 10), previous: null })),
    ];
    await h.publish(history);
    await applied(history);
    const before = byKey(await values('HEA-02', STREET));
    expect([...before.values()].map((r) => r.year)).toEqual(HISTORY);
    expect(before.get(`HEA-02/${STREET}/T/2024`)!.value).toBe(10);

    const recent = [recorded(births(COMMUNITY, '2024-07', 10_000))];
    await h.publish(recent);
    await applied(recent);
    const after = byKey(await values('HEA-02', STREET));
    expect(after.get(`HEA-02/${STREET}/T/2024`)!.value).toBe(5);
    for (const [key, row] of after) {
      // Before the window: not rewritten (same row, same computed_at). From it: rewritten.
      if (row.year < 2020) expect(row).toEqual(before.get(key));
      else expect(row.computedAt).not.toBe(before.get(key)!.computedAt);
    }
  });

  it('recomputes a revised historical year, and only from that year on', async () => {
    const before = byKey(await values('HEA-02', STREET));
    const le = byKey(await values('HEA-01', DISTRICT));
    const revision = [
      // The 2015 death was really in 2016: 2015 drops to none, 2016 has two.
      recordEvent({ recordId: oldDeath, revision: 2, operation: 'revised', department: 'health', current: death(COMMUNITY, '2016-02'), previous: death(COMMUNITY, '2015-05') }),
      returnEvent({ returnId: revisedReturn, revision: 2, operation: 'revised', department: 'health', current: lifeExpectancy('2016', 79), previous: lifeExpectancy('2016', 80.2) }),
    ];
    await h.publish(revision);
    await applied(revision);
    const after = byKey(await values('HEA-02', STREET));
    expect(after.get(`HEA-02/${STREET}/T/2015`)!.value).toBe(0);
    expect(after.get(`HEA-02/${STREET}/T/2016`)!.value).toBe(20);
    expect(after.get(`HEA-02/${STREET}/T/2014`)).toEqual(before.get(`HEA-02/${STREET}/T/2014`));
    const leAfter = byKey(await values('HEA-01', DISTRICT));
    expect(leAfter.get(`HEA-01/${DISTRICT}/F/2016`)!.value).toBe(79);
    expect(leAfter.get(`HEA-01/${DISTRICT}/F/2015`)).toEqual(le.get(`HEA-01/${DISTRICT}/F/2015`));
  });

  it('recomputes every year of a ratio whose record numerator reports for the first time', async () => {
    // No maternal death in the quiet street so far: no rates at all rather than a run of false zeros.
    expect(await values('HEA-02', QUIET_STREET)).toEqual([]);
    const first = [recorded(death(QUIET_COMMUNITY, '2024-03'))];
    await h.publish(first);
    await applied(first);
    // Now it reports: years without deaths are zeros, back to the first year of births.
    const rates = await values('HEA-02', QUIET_STREET);
    expect(rates.map((r) => [r.year, r.value])).toEqual(HISTORY.map((y) => [y, y === 2024 ? 12.5 : 0]));
  });

  it('stores exactly what a full recompute stores', async () => {
    const snapshot = () => query(`SELECT indicator_code, area_code, sex, year, status, alert_kinds, components FROM assessment ORDER BY 1, 2, 3`);
    const allValues = () => query(`SELECT indicator_code, area_code, sex, year, value, numerator, denominator FROM indicator_value ORDER BY 1, 2, 3, 4`);
    const before = await snapshot();
    const valuesBefore = await allValues();
    expect(valuesBefore.length).toBeGreaterThan(0);
    const res = await h.app.inject({ method: 'POST', url: '/v1/admin/recompute', headers: { 'x-api-key': h.keys.admin } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ failed: [] });
    expect(await allValues()).toEqual(valuesBefore);
    // The full pass also writes rows (insufficient data) for pairs no event touched; the touched ones are identical.
    const touched = new Set(before.map((r) => `${r.indicator_code}/${r.area_code}/${r.sex}`));
    expect((await snapshot()).filter((r) => touched.has(`${r.indicator_code}/${r.area_code}/${r.sex}`))).toEqual(before);
  });
});
