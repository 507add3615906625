import { CATALOGUE_VERSION, INDICATORS } from '@wdp/indicators';
import { AssessmentService } from '../assessment/assessment.service';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { IndicatorStoreService } from './indicator-store.service';

describe('the indicator catalogue', () => {
  let h: MonitoringHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });
  const patch = (code: string, payload: object, key = h.keys.admin) =>
    h.app.inject({ method: 'PATCH', url: `/v1/indicators/${code}`, headers: { 'x-api-key': key, 'content-type': 'application/json' }, payload });

  beforeAll(async () => {
    h = await startMonitoring('mon_catalogue');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('holds every entry of the plan catalogue, paged, with targets', async () => {
    const first = (await get('/v1/indicators?pageSize=40')).json();
    expect(first).toMatchObject({ page: 1, pageSize: 40, total: INDICATORS.length });
    expect(first.items).toHaveLength(40);
    const health = (await get('/v1/indicators?domain=health&pageSize=500')).json();
    expect(health.items.every((i: { domain: string }) => i.domain === 'health')).toBe(true);
    const mmr = (await get('/v1/indicators/HEA-02')).json();
    expect(mmr).toMatchObject({
      code: 'HEA-02', nameZh: '孕产妇死亡率', comparator: 'at_most', unit: 'per-100k-live-births', factor: 100000,
      target: { value: 14, year: 2025 }, baseline: { year: 2020 }, catalogueVersion: CATALOGUE_VERSION, revision: 1,
      targetHistory: [{ revision: 1, targetValue: 14, source: 'catalogue' }],
    });
    const missing = await get('/v1/indicators/NOPE-99');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await get('/v1/assessments/NOPE-99')).statusCode).toBe(404);
    expect((await patch('NOPE-99', { targetValue: 1, reason: 'test' })).statusCode).toBe(404);
    expect((await get('/v1/values?period=2024-13')).statusCode).toBe(422);
  });

  it('lets an admin change a target and baseline, audited, and keeps the change over a reseed', async () => {
    expect((await patch('HEA-02', { targetValue: 12, reason: 'test' }, h.keys.read)).statusCode).toBe(403);
    expect((await patch('HEA-02', { targetValue: 'low', reason: 'test' })).statusCode).toBe(422);
    expect((await patch('HEA-02', { targetValue: 12, colour: 'red', reason: 'test' })).statusCode).toBe(422);

    const res = await patch('HEA-02', { targetValue: 12, baselineValue: 18.5, reason: 'Mid-term review sets a stricter target' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      changes: [{ field: 'targetValue', old: 14, new: 12 }, { field: 'baselineValue', old: null, new: 18.5 }],
      indicator: { target: { value: 12 }, baseline: { value: 18.5 }, revision: 2, overridden: ['baselineValue', 'targetValue'] },
      recompute: { pairs: 19, failed: [] },
    });
    const audit = (await get('/v1/indicators/HEA-02/audit')).json();
    expect(audit.items.slice(0, 2)).toEqual([
      expect.objectContaining({ field: 'baselineValue', oldValue: null, newValue: 18.5, source: 'api', reason: 'Mid-term review sets a stricter target', changedBy: expect.stringMatching(/^api-key:[0-9a-f]{8} \(statistics\)$/) }),
      expect.objectContaining({ field: 'targetValue', oldValue: 14, newValue: 12, source: 'api' }),
    ]);

    // Seeding the same catalogue again, or a new version that changes HEA-02's target, keeps the admin's values.
    const catalogue = h.app.get(IndicatorStoreService);
    expect(await catalogue.seed()).toMatchObject({ inserted: 0, updated: 0 });
    const next = INDICATORS.map((i) => (i.code === 'HEA-02' ? { ...i, targetValue: 13, nameEn: 'Maternal mortality ratio (MMR)' } : i));
    expect(await catalogue.seed(next, '9.9.9')).toMatchObject({ updated: INDICATORS.length });
    const after = (await get('/v1/indicators/HEA-02')).json();
    expect(after).toMatchObject({ nameEn: 'Maternal mortality ratio (MMR)', target: { value: 12 }, baseline: { value: 18.5 }, catalogueVersion: '9.9.9' });
    expect(after.targetHistory.map((r: { revision: number; targetValue: number; source: string }) => [r.revision, r.targetValue, r.source])).toEqual([
      [1, 14, 'catalogue'],
      [2, 12, 'api'],
    ]);
    await catalogue.seed(); // back to the shipped version for the other tests

    const unchanged = await patch('HEA-02', { targetValue: 12, reason: 'again' });
    expect(unchanged.json()).toMatchObject({ changes: [], recompute: null });
  });

  it('recomputes everything on demand, idempotently', async () => {
    const assessment = h.app.get(AssessmentService);
    const first = await assessment.recomputeAll();
    const second = await assessment.recomputeAll();
    expect(first).toMatchObject({ pairs: INDICATORS.length * 19, failed: [] });
    expect(second).toMatchObject({ alertsRaised: 0, alertsResolved: 0, assessments: first.assessments });
  });
});
