import type { ReturnFacts } from '@wdp/contracts';
import { waitFor } from '@wdp/testing';
import { DISTRICT } from '../test-support/fixtures';
import { type MonitoringHarness, returnEvent, startMonitoring, uid } from '../test-support/monitoring-harness';

// EDU-07 (women's participation in lifelong education, to increase) is a survey share taken from a
// return: women's participation falls from 12 of 40 respondents to 8 of 40 — a fall a survey of 40
// cannot tell from chance.
const WOMEN = [12, 11, 10, 8];
const YEARS = [2020, 2021, 2022, 2023];
const survey = (year: number, women: number): ReturnFacts => ({
  kind: 'lifelong-learning-participation', area: DISTRICT, period: String(year), unit: 'percent',
  figures: [
    { sex: 'F', value: (women / 40) * 100, numerator: women, denominator: 40 },
    { sex: 'M', value: 30, numerator: 12, denominator: 40 },
    { sex: 'T', value: ((women + 12) / 80) * 100, numerator: women + 12, denominator: 80 },
  ],
});

describe('a return’s observed share carries the counts it was filed with', () => {
  let h: MonitoringHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });

  beforeAll(async () => {
    h = await startMonitoring('mon_obs_intervals');
    await h.publish(YEARS.map((y, i) => returnEvent({ returnId: uid('ret'), revision: 1, operation: 'submitted', department: 'education', current: survey(y, WOMEN[i]), previous: null })));
    await waitFor(async () => (await get(`/v1/assessments/EDU-07?area=${DISTRICT}&sex=F`)).json().items?.[0]?.summary?.currentYear === 2023, { what: 'EDU-07 assessed through 2023' });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists each year with its numerator, denominator and Wilson interval in /v1/values, none withheld', async () => {
    const res = await get(`/v1/values?indicator=EDU-07&area=${DISTRICT}&sex=F&from=2020&to=2023`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { period: string; value: number; numerator: number; denominator: number; lower: number; upper: number; intervalMethod: string; suppressed?: string }[];
    expect(items.map((v) => [v.period, v.numerator, v.denominator])).toEqual(YEARS.map((y, i) => [String(y), WOMEN[i], 40]));
    // 8 of 40: Wilson [10.5 %, 34.8 %]. A submitted aggregate is not a small cell for its numerator.
    expect(items[3]).toMatchObject({ value: 20, intervalMethod: 'wilson', lower: expect.closeTo(10.5, 0), upper: expect.closeTo(34.8, 0) });
    expect(items.every((v) => v.suppressed === undefined)).toBe(true);
  });

  it('gives the assessment the interval, so a fall within the noise of 40 respondents is insufficient_evidence', async () => {
    const item = (await get(`/v1/assessments/EDU-07?area=${DISTRICT}&sex=F`)).json().items[0];
    expect(item.summary).toMatchObject({ currentValue: 20, currentLower: expect.closeTo(10.5, 0), currentUpper: expect.closeTo(34.8, 0) });
    expect(item.components.progress.components.uncertainty.pointStatus).toBe('deteriorating');
    expect(item.status).toBe('insufficient_evidence');
    expect(item.alertKinds).not.toContain('deteriorating');
  });
});
