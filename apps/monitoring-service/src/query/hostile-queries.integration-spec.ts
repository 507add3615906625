import { randomUUID } from 'node:crypto';
import { PROBLEM_CONTENT_TYPE } from '@wdp/platform';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

/** Inputs of the hostile run that were 500s or accepted by the monitoring service: now a 4xx problem each. */
describe('monitoring service: hostile queries and bodies', () => {
  let h: MonitoringHarness;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, key: string, payload?: string) =>
    h.app.inject({ method, url, headers: { 'x-api-key': key, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload }) });
  const fieldsOf = (res: { json(): { errors?: { field: string }[] } }) => res.json().errors?.map((e) => e.field);

  beforeAll(async () => {
    h = await startMonitoring('mon_hostile_queries');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(['1e20', '99999999999999999999', '1e308', '1948', '2101'])('GET /v1/reports?year=%s is a 422 naming year', async (year) => {
    const res = await call('GET', `/v1/reports?year=${year}`, h.keys.read);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(fieldsOf(res)).toEqual(['year']);
  });

  it('a NUL byte in a filter is a 422 naming it', async () => {
    const res = await call('GET', '/v1/values?area=a%00b', h.keys.read);
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['area']);
  });

  it('refuses targets outside the indicator’s unit (DEC-02 is a percent), and stores nothing', async () => {
    const audited = async () => (await call('GET', '/v1/indicators/DEC-02/audit', h.keys.read)).json().total;
    const before = await audited();
    const hostile = await call('PATCH', '/v1/indicators/DEC-02', h.keys.admin, JSON.stringify({ targetValue: 1e308, tolerance: -1e308, reason: 'hostile' }));
    expect(hostile.statusCode).toBe(422);
    expect(fieldsOf(hostile)?.sort()).toEqual(['targetValue', 'tolerance']);
    const overHundred = await call('PATCH', '/v1/indicators/DEC-02', h.keys.admin, JSON.stringify({ targetValue: 101, reason: 'a share above 100 %' }));
    expect(overHundred.statusCode).toBe(422);
    expect(fieldsOf(overHundred)).toEqual(['targetValue']);
    expect(await audited()).toBe(before);
    expect((await call('PATCH', '/v1/indicators/DEC-02', h.keys.admin, JSON.stringify({ targetValue: 40, tolerance: 2, reason: 'plausible' }))).statusCode).toBe(200);
  });

  it('PATCH /v1/subscriptions/{id} with a null body is a 422, not an empty update', async () => {
    const res = await call('PATCH', `/v1/subscriptions/${randomUUID()}`, h.keys.admin, 'null');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: '(body)', reason: 'must be a JSON object' }]);
  });

  it('POST /v1/alerts/stream-tokens refuses a body (10,000 levels deep or not) and issues with none or {}', async () => {
    const deep = await call('POST', '/v1/alerts/stream-tokens', h.keys.read, `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(deep.statusCode).toBe(422);
    expect(deep.json().errors).toEqual([{ field: '(body)', reason: expect.stringContaining('no request body') }]);
    expect((await call('POST', '/v1/alerts/stream-tokens', h.keys.read)).statusCode).toBe(201);
    expect((await call('POST', '/v1/alerts/stream-tokens', h.keys.read, '{}')).statusCode).toBe(201);
  });
});
