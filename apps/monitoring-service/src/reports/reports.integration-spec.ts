import { approvalCellKey, approvalEventType, type ApprovalChangedEventData, createEvent, type RecordFact } from '@wdp/contracts';
import { ApiKeyService } from '@wdp/ingestion';
import { eventHeaders } from '@wdp/messaging';
import { waitFor } from '@wdp/testing';
import { ApprovalBlockJob } from '../approval/approval-block.job';
import { COMMUNITY, DISTRICT } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

const hire = (period: string, sex: 'F' | 'M'): RecordFact => ({
  kind: 'new-urban-employment', area: COMMUNITY, period, sex, ageBand: '25-29', count: 1, attributes: { employmentForm: 'employee', collegeGraduate: true },
});
/** `count` registrations (one record per person), as the employment service publishes them. */
const hires = (period: string, sex: 'F' | 'M', count: number) =>
  Array.from({ length: count }, () => recordEvent({ revision: 1, operation: 'recorded', department: 'employment', current: hire(period, sex), previous: null }));

describe('reports: frozen snapshots and disclosure control', () => {
  let h: MonitoringHarness;
  let unsuppressedKey: string;
  const get = (url: string, key = h.keys.read) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
  const post = (url: string, body: object, key = h.keys.admin) => h.app.inject({ method: 'POST', url, payload: body, headers: { 'x-api-key': key } });
  const districtValue = async (sex: string, year: number) =>
    (await h.dataSource.query(`SELECT numerator FROM indicator_value WHERE indicator_code = 'ECO-01' AND area_code = $1 AND sex = $2 AND year = $3`, [DISTRICT, sex, year]))[0]?.numerator;

  beforeAll(async () => {
    h = await startMonitoring('mon_reports');
    unsuppressedKey = (await h.app.get(ApiKeyService).issue({ department: 'monitoring', scopes: ['read:monitoring', 'read:unsuppressed'], label: 'test unsuppressed' })).key;
    // Women's share of new urban employment in the district: about 40 % in 2021–2022; in 2023 only 3 women beside 40 men.
    await h.publish([
      ...hires('2021-05', 'F', 40), ...hires('2021-05', 'M', 60),
      ...hires('2022-05', 'F', 41), ...hires('2022-05', 'M', 59),
      ...hires('2023-05', 'F', 3), ...hires('2023-05', 'M', 40),
    ]);
    await waitFor(async () => Number(await districtValue('F', 2023)) === 3 && Number(await districtValue('M', 2023)) === 40, { what: 'ECO-01 values for 2023' });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  let snapshotId: string;
  let firstJson: string;

  it('generates the mid-term evaluation (2023) as a dated snapshot with methodology version and data revision', async () => {
    const res = await post('/v1/reports', { kind: 'mid_term' });
    expect(res.statusCode).toBe(201);
    const meta = res.json();
    expect(meta).toMatchObject({ kind: 'mid_term', year: 2023, methodologyVersion: expect.any(String), dataRevision: expect.stringMatching(/^sha256:/), disclosureK: 5 });
    snapshotId = meta.id;
    expect((await post('/v1/reports', { kind: 'annual' })).statusCode).toBe(422);
    expect((await post('/v1/reports', { kind: 'annual', year: 2024 }, h.keys.read)).statusCode).toBe(403);
  });

  it('suppresses the small cell and its complement so the hidden figure cannot be recovered', async () => {
    const res = await get(`/v1/reports/${snapshotId}`);
    expect(res.statusCode).toBe(200);
    firstJson = res.body;
    const { report } = res.json();
    const eco = report.domains.find((d: { domain: string }) => d.domain === 'economy').indicators.find((i: { code: string }) => i.code === 'ECO-01');
    expect(eco.values.F).toMatchObject({ suppressed: 'small_cell', value: null, numerator: null, denominator: null });
    expect(eco.values.M).toMatchObject({ suppressed: 'complementary', value: null, numerator: null, denominator: null });
    expect(eco.values.T).toBeUndefined();
    expect(eco.gap.currentDistance).toBeNull();
    // Completeness: employment's registrations arrived for 2023; the statistics bureau filed nothing.
    const employment = report.completeness.find((d: { department: string }) => d.department === 'employment');
    expect(employment.submitted.map((s: { source: string }) => s.source)).toContain('employment/new-urban-employment');
    const statistics = report.completeness.find((d: { department: string }) => d.department === 'statistics');
    expect(statistics.submitted).toEqual([]);
    expect(statistics.missing.map((m: { source: string }) => m.source)).toContain('statistics/resident-population');
    // Nowhere in the published document (JSON, CSV, HTML) do 3, 40 or 43 (or the shares) appear for ECO-01 in 2023.
    const gap = report.genderGaps.find((g: { code: string }) => g.code === 'ECO-01');
    expect(gap).toMatchObject({ female: { value: null }, male: { value: null }, currentDistance: null });
    const csv = (await get(`/v1/reports/${snapshotId}?format=csv`)).body;
    // The indicator table comes first; the mid-term's evaluation tables follow, each after a blank line.
    const [indicatorTable, ...evaluationTables] = csv.split('\r\n\r\n');
    const ecoRows = indicatorTable.split('\r\n').filter((l) => l.includes(',"ECO-01",'));
    expect(ecoRows).toHaveLength(2);
    for (const row of ecoRows) expect(row).toMatch(/,"(F|M)",,,,"(small_cell|complementary)",/);
    const trajectory2023 = evaluationTables.join('\r\n').split('\r\n').filter((l) => l.startsWith('"evaluation_trajectory","ECO-01",') && l.includes(',2023,'));
    expect(trajectory2023).toHaveLength(2);
    for (const row of trajectory2023) expect(row).toMatch(/,2023,"(F|M)",,,,,,,"(small_cell|complementary)",$/);
    const html = await get(`/v1/reports/${snapshotId}?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('中期评估报告');
    expect(html.body).not.toContain(String(((3 / 43) * 100).toFixed(2)));
    const en = await get(`/v1/reports/${snapshotId}?format=html&lang=en`);
    expect(en.body).toContain('Mid-term evaluation report');
  });

  it('gives unsuppressed figures only to the elevated scope', async () => {
    expect((await get(`/v1/reports/${snapshotId}?unsuppressed=true`)).statusCode).toBe(403);
    const res = await get(`/v1/reports/${snapshotId}?unsuppressed=true`, unsuppressedKey);
    expect(res.statusCode).toBe(200);
    const eco = res.json().report.domains.find((d: { domain: string }) => d.domain === 'economy').indicators.find((i: { code: string }) => i.code === 'ECO-01');
    expect(eco.values.F).toMatchObject({ numerator: 3, denominator: 43, suppressed: null });
  });

  it('gives every indicator and sex the status /v1/assessments gives it at the district (none where that sex is not assessed)', async () => {
    const { report } = (await get(`/v1/reports/${snapshotId}?unsuppressed=true`, unsuppressedKey)).json();
    const cells: { code: string; sex: string; status: string | null }[] = report.domains.flatMap((d: { indicators: { code: string; values: Record<string, { status: string | null }> }[] }) =>
      d.indicators.flatMap((i) => Object.entries(i.values).map(([sex, c]) => ({ code: i.code, sex, status: c.status }))),
    );
    expect(cells.find((c) => c.code === 'ECO-01' && c.sex === 'M')).toEqual({ code: 'ECO-01', sex: 'M', status: null });
    for (const cell of cells) {
      const items = (await get(`/v1/assessments?indicator=${cell.code}&area=${DISTRICT}&sex=${cell.sex}`)).json().items;
      expect({ ...cell, status: items[0]?.status ?? null }).toEqual(cell);
    }
  });

  it('the public values endpoint suppresses the same cells, at every area level, whatever the page asks for', async () => {
    const page = (await get(`/v1/values?indicator=ECO-01&period=2023`)).json();
    const f = page.items.filter((v: { sex: string }) => v.sex === 'F');
    expect(f.length).toBeGreaterThanOrEqual(2); // the street and the district
    for (const v of page.items) {
      expect(v).toMatchObject({ value: null, numerator: null, denominator: null, suppressed: v.sex === 'F' ? 'small_cell' : 'complementary' });
    }
    // Asking for the men alone does not lift the complementary suppression.
    const men = (await get(`/v1/values?indicator=ECO-01&area=${DISTRICT}&sex=M&period=2023`)).json();
    expect(men.items).toEqual([expect.objectContaining({ value: null, suppressed: 'complementary' })]);
    // Earlier years rest on enough records and are published as they are.
    const y2021 = (await get(`/v1/values?indicator=ECO-01&area=${DISTRICT}&sex=F&period=2021`)).json();
    expect(y2021.items[0]).toMatchObject({ numerator: 40, denominator: 100 });
    expect(y2021.items[0].suppressed).toBeUndefined();
    expect((await get(`/v1/values?indicator=ECO-01&period=2023&unsuppressed=true`)).statusCode).toBe(403);
    const raw = (await get(`/v1/values?indicator=ECO-01&area=${DISTRICT}&sex=F&period=2023&unsuppressed=true`, unsuppressedKey)).json();
    expect(raw.items[0]).toMatchObject({ numerator: 3, denominator: 43 });
  });

  it('a report regenerated later from the same snapshot is identical, while a new report sees the new data', async () => {
    await h.publish([...hires('2023-06', 'F', 10), ...hires('2022-06', 'M', 5)]);
    await waitFor(async () => Number(await districtValue('F', 2023)) === 13, { what: 'the new 2023 figures' });

    const regenerated = await post(`/v1/reports/${snapshotId}/regenerate`, {}, h.keys.read);
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json()).toMatchObject({ identical: true });
    expect(regenerated.json().regeneratedContentHash).toBe(regenerated.json().storedContentHash);
    expect((await get(`/v1/reports/${snapshotId}`)).body).toBe(firstJson);

    const later = (await post('/v1/reports', { kind: 'mid_term' })).json();
    const first = (await get(`/v1/reports/${snapshotId}`)).json().snapshot;
    expect(later.dataRevision).not.toBe(first.dataRevision);
    const eco = (await get(`/v1/reports/${later.id}`)).json().report.domains.find((d: { domain: string }) => d.domain === 'economy').indicators.find((i: { code: string }) => i.code === 'ECO-01');
    expect(eco.values.F).toMatchObject({ numerator: 13, denominator: 53, suppressed: null });
    const list = (await get('/v1/reports?kind=mid_term')).json();
    expect(list.total).toBe(2);
  });

  it('shows the approval state of the data and the validation violations of its years: a departmental approval held by a broken rule, then the override', async () => {
    // 2024 in the district: three maternal deaths against one live birth breaks VR-01 (an error rule).
    const death: RecordFact = { kind: 'maternal-death', area: COMMUNITY, period: '2024-03', ageBand: '30-34', count: 1, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' } };
    const birth: RecordFact = { kind: 'live-birth', area: COMMUNITY, period: '2024-02', sex: 'F', ageBand: '25-29', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } };
    const records = [death, death, death, birth].map((current) => recordEvent({ revision: 1, operation: 'recorded', department: 'health', current, previous: null }));
    await h.publish(records);
    const applied = async (ids: string[]) => Number((await h.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [ids]))[0].n) === ids.length;
    await waitFor(() => applied(records.map((e) => e.id)), { what: 'the 2024 records applied' });
    expect((await post('/v1/validation/runs', {})).statusCode).toBeLessThan(300);

    // The health service approved its 2024 maternal deaths (it cannot see the rules) and its live births are submitted.
    const approval = (data: Omit<ApprovalChangedEventData, 'department' | 'datasetType' | 'period' | 'area' | 'comment'>) => {
      const event = createEvent({ source: 'urn:wdp:health-service', type: approvalEventType('health'), data: { department: 'health', datasetType: 'record', period: '2024', area: DISTRICT, comment: null, ...data } as ApprovalChangedEventData });
      return { key: approvalCellKey(event.data), value: JSON.stringify(event), headers: eventHeaders(event), id: event.id };
    };
    const messages = [approval({ kind: 'maternal-death', state: 'approved', version: 2, fingerprint: { items: 3, revisionSum: 3 } }), approval({ kind: 'live-birth', state: 'submitted', version: 1, fingerprint: null })];
    await h.producer.send([{ topic: h.topics.health, messages: messages.map(({ id: _id, ...m }) => m) }]);
    await waitFor(() => applied(messages.map((m) => m.id)), { what: 'the approval events applied' });

    const generate = async () => {
      const res = await post('/v1/reports', { kind: 'annual', year: 2024 });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const held = await generate();
    const { report } = (await get(`/v1/reports/${held}`)).json();
    expect(report.approval.years).toEqual({ from: 2024, to: 2024 });
    const deaths = report.approval.datasets.find((d: { kind: string }) => d.kind === 'maternal-death');
    expect(deaths).toMatchObject({ department: 'health', datasetType: 'record', cells: 1, byState: { pending_validation: 1, approved: 0 } });
    expect(report.approval.notApproved).toEqual([
      { department: 'health', datasetType: 'record', kind: 'live-birth', period: '2024', area: DISTRICT, state: 'submitted' },
      { department: 'health', datasetType: 'record', kind: 'maternal-death', period: '2024', area: DISTRICT, state: 'pending_validation' },
    ]);
    // Both sides count fewer than k records: published withheld, shown to the elevated scope.
    const vr01 = report.violations.filter((v: { ruleCode: string; areaCode: string }) => v.ruleCode === 'VR-01' && v.areaCode === DISTRICT);
    expect(vr01).toEqual([expect.objectContaining({ period: '2024', severity: 'error', state: 'open', operator: '<=', left: null, right: null, suppressed: 'small_cell' })]);
    const raw = (await get(`/v1/reports/${held}?unsuppressed=true`, unsuppressedKey)).json().report.violations;
    expect(raw.find((v: { ruleCode: string; areaCode: string }) => v.ruleCode === 'VR-01' && v.areaCode === DISTRICT)).toMatchObject({ left: 3, right: 1, suppressed: null });
    const csv = (await get(`/v1/reports/${held}?format=csv`)).body;
    expect(csv).toContain(`"approval_not_approved","health","record","maternal-death","2024","${DISTRICT}","pending_validation","已审核，校验未通过暂不计入"`);
    expect(csv).toMatch(new RegExp(`"violations","VR-01",\\d+,"[^"]+","error","${DISTRICT}","2024",,"<=",,"small_cell","open"`));
    const html = (await get(`/v1/reports/${held}?format=html&lang=en`)).body;
    expect(html).toContain('<h2>Approval of the data</h2>');
    expect(html).toContain('<td>approved, pending validation</td>');
    expect(html).toContain('<h2>Validation rule violations across datasets</h2>');

    // Overridden with a reason: the last override counts the cell as it commits (the timer's fallback check finds
    // nothing left to change), and a new report says so; the first is frozen.
    const open = (await get('/v1/validation/violations?rule=VR-01&state=open&period=2024')).json().items as { id: string }[];
    for (const v of open) expect((await post(`/v1/validation/violations/${v.id}/override`, { reason: 'deaths of residents of other districts, confirmed' })).statusCode).toBe(200);
    expect(await h.app.get(ApprovalBlockJob).recheck()).toBe(0);
    const later = (await get(`/v1/reports/${await generate()}`)).json().report;
    expect(later.approval.notApproved.map((c: { kind: string }) => c.kind)).toEqual(['live-birth']);
    expect(later.approval.datasets.find((d: { kind: string }) => d.kind === 'maternal-death').byState).toMatchObject({ approved: 1, pending_validation: 0 });
    expect(later.violations.find((v: { ruleCode: string; areaCode: string }) => v.ruleCode === 'VR-01' && v.areaCode === DISTRICT))
      .toMatchObject({ state: 'overridden', overrideReason: 'deaths of residents of other districts, confirmed' });
    expect((await post(`/v1/reports/${held}/regenerate`, {}, h.keys.read)).json()).toMatchObject({ identical: true });

    // The mid-term evaluation looked back over the plan period up to 2023: employment's registrations, approved automatically.
    const midTerm = (await get(`/v1/reports/${snapshotId}`)).json().report.approval;
    expect(midTerm.years).toEqual({ from: 2021, to: 2023 });
    expect(midTerm.datasets.find((d: { kind: string }) => d.kind === 'new-urban-employment')).toMatchObject({ department: 'employment', cells: 3, byState: { automatic: 3 } });
  });
});
