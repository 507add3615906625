import type { RecordFact } from '@wdp/contracts';
import { waitFor } from '@wdp/testing';
import { chromiumAvailability } from '../dashboard/e2e/browser';
import { pdfText } from '../test-support/pdf-text';
import { COMMUNITY, DISTRICT } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

const hire = (period: string, sex: 'F' | 'M'): RecordFact => ({
  kind: 'new-urban-employment', area: COMMUNITY, period, sex, ageBand: '25-29', count: 1, attributes: { employmentForm: 'employee', collegeGraduate: true },
});
const hires = (period: string, sex: 'F' | 'M', count: number) =>
  Array.from({ length: count }, () => recordEvent({ revision: 1, operation: 'recorded', department: 'employment', current: hire(period, sex), previous: null }));

/** Women's share of new urban employment (ECO-01, target about 40 ± 2 %) in 100 hires a year: 40 % in 2021, falling to 25 % in 2025. */
const WOMEN = { 2021: 40, 2022: 38, 2023: 35, 2024: 30, 2025: 25 } as const;

const chromium = chromiumAvailability();
/** Text as compared with a PDF's: NFKC-normalised, as pdfText gives it, and without whitespace, which the extraction puts where cells wrap. */
const flat = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

describe('the final (2025) and mid-term (2023) evaluation of the district plan, in JSON, CSV, HTML and PDF', () => {
  let h: MonitoringHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': h.keys.read } });
  const post = (url: string, body: object) => h.app.inject({ method: 'POST', url, payload: body, headers: { 'x-api-key': h.keys.admin } });
  let finalId: string;
  let midTermId: string;

  beforeAll(async () => {
    h = await startMonitoring('mon_eval_reports');
    await h.publish(Object.entries(WOMEN).flatMap(([year, women]) => [...hires(`${year}-05`, 'F', women), ...hires(`${year}-05`, 'M', 100 - women)]));
    const value = async (sex: string, year: number) =>
      (await h.dataSource.query(`SELECT numerator FROM indicator_value WHERE indicator_code = 'ECO-01' AND area_code = $1 AND sex = $2 AND year = $3`, [DISTRICT, sex, year]))[0]?.numerator;
    // Every year's values, not only the last: the events of different years may be applied in different batches.
    const applied = async () => {
      for (const [year, women] of Object.entries(WOMEN)) {
        if (Number(await value('F', Number(year))) !== women || Number(await value('M', Number(year))) !== 100 - women) return false;
      }
      return true;
    };
    await waitFor(applied, { what: 'the ECO-01 values of 2021–2025' });
    // The settler decides on the whole series: the share moving away from 40 % raises a progress alert about the 2025 data.
    await waitFor(
      async () =>
        Number(
          (await h.dataSource.query(
            `SELECT count(*) AS n FROM alert WHERE indicator_code = 'ECO-01' AND area_code = $1 AND status = 'open' AND kind IN ('deteriorating', 'limited', 'acceleration_needed')`,
            [DISTRICT],
          ))[0].n,
        ) > 0,
      { what: 'an ECO-01 progress alert at the district' },
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('generates both for the district plan, each for its year, and refuses another year for them', async () => {
    const final = await post('/v1/reports', { kind: 'final' });
    expect(final.statusCode).toBe(201);
    expect(final.json()).toMatchObject({ kind: 'final', year: 2025, planId: 'yunyan-district-2021-2025', planVersion: 1 });
    finalId = final.json().id;
    const mid = await post('/v1/reports', { kind: 'mid_term' });
    expect(mid.json()).toMatchObject({ kind: 'mid_term', year: 2023, planId: 'yunyan-district-2021-2025' });
    midTermId = mid.json().id;
    const wrongYear = await post('/v1/reports', { kind: 'final', year: 2024 });
    expect(wrongYear.statusCode).toBe(422);
    expect(wrongYear.json().errors).toEqual([expect.objectContaining({ field: 'year' })]);
    expect((await get('/v1/reports?kind=final')).json().items.map((s: { id: string }) => s.id)).toEqual([finalId]);
  });

  it('JSON: every target judged on the year’s data, the trajectory, the alert history and the missing data', async () => {
    const { report } = (await get(`/v1/reports/${finalId}`)).json();
    const e = report.evaluation;
    expect(e).toMatchObject({ asOf: 2025, plan: { id: 'yunyan-district-2021-2025', period: { start: 2021, end: 2025 } } });
    const eco = e.targets.find((t: { code: string }) => t.code === 'ECO-01');
    expect(eco).toMatchObject({
      verdict: 'not_achieved', gapToTarget: 13, judged: { sex: 'F', year: 2025, value: 25 },
      cell: { value: 25, numerator: 25, denominator: 100, intervalMethod: 'wilson', suppressed: null },
      target: { value: 40, tolerance: 2, year: 2025, valueStatus: 'official' },
    });
    expect(eco.trajectory.map((y: { year: number; values: { F?: { value: number } } }) => [y.year, y.values.F?.value ?? null])).toEqual([[2020, null], ...Object.entries(WOMEN).map(([y, w]) => [Number(y), w])]);
    expect(eco.genderGap.byYear.find((g: { year: number }) => g.year === 2025).gap).toBe(-50);
    // Every target of the plan is there; most have no data in this test and say so.
    expect(e.targets.length).toBe(report.summary.indicators);
    expect(e.summary.no_value).toBeGreaterThan(0);
    expect(e.hardToComplete.map((d: { code: string }) => d.code)).toContain('ECO-01');
    expect(e.hardToComplete.find((d: { code: string }) => d.code === 'ECO-01')).toMatchObject({ yearsAffected: expect.arrayContaining([2025]), open: true });
    expect(e.missingData).toContainEqual(expect.objectContaining({ code: 'HEA-02', year: 2021, sexes: ['T'] }));
    expect(e.missingData.some((m: { code: string }) => m.code === 'ECO-01')).toBe(false);
  });

  it('the mid-term judges the 2023 data and leaves out the alert about 2025', async () => {
    const e = (await get(`/v1/reports/${midTermId}`)).json().report.evaluation;
    expect(e.asOf).toBe(2023);
    expect(e.targets.find((t: { code: string }) => t.code === 'ECO-01')).toMatchObject({ verdict: 'not_achieved', gapToTarget: 3, uncertain: true, judged: { year: 2023, value: 35 } });
    // (An alert decided while only the earlier years had arrived would count: the rule is the data year, not the alert.)
    const years = e.hardToComplete.flatMap((d: { history: { dataYear: number | null }[] }) => d.history.map((a) => a.dataYear));
    expect(years.filter((y: number | null) => y === null || y > 2023)).toEqual([]);
  });

  it('CSV and HTML carry the evaluation, in Chinese and in English', async () => {
    const csv = await get(`/v1/reports/${finalId}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toMatch(/"evaluation_target","ECO-01","[^"]+","percent","about",40,"official",2,2025,"F",2025,25,/);
    expect(csv.body).toContain('"evaluation_alert_history","hard_to_complete","ECO-01"');
    const html = (await get(`/v1/reports/${finalId}?format=html`)).body;
    expect(html).toContain('云岩区妇女发展规划（2021—2025年） · 终期评估报告 (2025)');
    expect(html).toContain('目标实现情况');
    expect((await get(`/v1/reports/${finalId}?format=html&lang=en`)).body).toContain('Targets: achieved or not');
  });

  it('is reproducible: regenerating the final evaluation from its snapshot gives the same content', async () => {
    const res = await h.app.inject({ method: 'POST', url: `/v1/reports/${finalId}/regenerate`, headers: { 'x-api-key': h.keys.read } });
    expect(res.json()).toMatchObject({ identical: true });
  });

  it('a plan’s reports under /v1/plans/{id}/reports: the district plan’s and the national outline’s, each judged against its own targets', async () => {
    const district = await post('/v1/plans/yunyan-district-2021-2025/reports', { kind: 'final' });
    expect(district.statusCode).toBe(201);
    expect(district.json()).toMatchObject({ kind: 'final', year: 2025, planId: 'yunyan-district-2021-2025' });
    const national = await post('/v1/plans/china-national-2021-2030/reports', { kind: 'mid_term' });
    expect(national.statusCode).toBe(201);
    // 2021–2030: the mid-term reads the 2025 data.
    expect(national.json()).toMatchObject({ kind: 'mid_term', year: 2025, planId: 'china-national-2021-2030' });
    const e = (await get(`/v1/reports/${national.json().id}`)).json().report.evaluation;
    const planTargets = (await get('/v1/plans/china-national-2021-2030')).json().targets.map((t: { indicator: string }) => t.indicator).sort();
    expect(e.plan).toMatchObject({ id: 'china-national-2021-2030', level: 'national', period: { start: 2021, end: 2030 } });
    expect(e.targets.map((t: { code: string }) => t.code)).toEqual(planTargets);

    const listed = (await get('/v1/plans/yunyan-district-2021-2025/reports?kind=final')).json();
    expect(listed.items.map((s: { id: string }) => s.id).sort()).toEqual([finalId, district.json().id].sort());
    expect((await get('/v1/plans/china-national-2021-2030/reports')).json().items.map((s: { id: string }) => s.id)).toEqual([national.json().id]);
    expect((await get('/v1/plans/no-such-plan/reports')).statusCode).toBe(404);
    expect((await post('/v1/plans/no-such-plan/reports', { kind: 'final' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: '/v1/plans/china-national-2021-2030/reports', payload: { kind: 'final' }, headers: { 'x-api-key': h.keys.read } })).statusCode).toBe(403);
  });

  it('refuses an unknown format by name', async () => {
    const res = await get(`/v1/reports/${finalId}?format=docx`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'format' })]);
  });

  (chromium.run ? it : it.skip)('PDF: the report printed by Chromium, its text read back — title, a target and its value, in Chinese and English', async () => {
    const zh = await get(`/v1/reports/${finalId}?format=pdf`);
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toBe('application/pdf');
    expect(zh.headers['content-disposition']).toMatch(/^attachment; filename="wdp-final-2025-[0-9a-f]{8}-zh\.pdf"$/);
    expect(zh.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, totalPages } = await pdfText(zh.rawPayload);
    expect(totalPages).toBeGreaterThan(0);
    const zhText = flat(text);
    expect(zhText).toContain(flat('云岩区妇女发展规划（2021—2025年） · 终期评估报告 (2025)'));
    // The verdict row of ECO-01: target, sex, the 2025 value with its interval, the verdict, the distance to go.
    expect(zhText).toMatch(/ECO-01城镇新增就业人口中女性比例percent约40±2\(2025\)女25\[[0-9.]+–[0-9.]+\]未实现13/);

    const en = flat((await pdfText((await get(`/v1/reports/${finalId}?format=pdf&lang=en`)).rawPayload)).text);
    expect(en).toContain(flat("Yunyan District Women's Development Plan (2021–2025) · Final evaluation report (2025)"));
    expect(en).toMatch(/ECO-01Women’sshareofnewurbanemploymentpercentabout40±2\(2025\)F25\[[0-9.]+–[0-9.]+\]notachieved13/);

    const mid = flat((await pdfText((await get(`/v1/reports/${midTermId}?format=pdf`)).rawPayload)).text);
    expect(mid).toContain(flat('中期评估报告 (2023)'));
    // 35 of 100: the interval reaches into 38–42, so the verdict is marked uncertain.
    expect(mid).toMatch(/约40±2\(2025\)女35\[[0-9.]+–[0-9.]+\]未实现·不确定3/);
  }, 300_000);
});
