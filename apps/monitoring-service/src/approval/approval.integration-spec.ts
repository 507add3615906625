import { approvalCellKey, approvalEventType, createEvent, type ApprovalChangedEventData, type RecordFact } from '@wdp/contracts';
import { ApiKeyService } from '@wdp/ingestion';
import { eventHeaders } from '@wdp/messaging';
import { waitFor } from '@wdp/testing';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';
import { ApprovalBlockJob } from './approval-block.job';

// The town, and a year no other scenario of this suite's database uses.
const TOWN = '520103100';
const KIND = 'people-congress-deputies';
const URL = `/v1/returns/${KIND}`;
const CELL = { datasetType: 'return', kind: KIND, period: '2023', area: TOWN };
const figures = (women: number) => [{ sex: 'F', value: women }, { sex: 'M', value: 1000 - women }, { sex: 'T', value: 1000 }];

/**
 * Review and approval end to end, through the real broker and database: the statistics bureau files a return of a
 * dataset that needs approval (APPROVAL_REQUIRED) with the monitoring service, whose own consumer counts it.
 */
describe('approval: provisional until approved, locked once approved, unlocked with a reason', () => {
  let h: MonitoringHarness;
  let approver: string;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, key: string, payload?: object) =>
    h.app.inject({ method, url, headers: { 'x-api-key': key, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload } : {}) });
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => h.dataSource.query(sql, params);
  /** The official (approved) value of DEC-03, women's share in %, for the town in 2023, once every queued pair is decided. */
  const officialValue = async () => {
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { what: 'queued pairs recomputed' });
    const items = (await call('GET', `/v1/values?indicator=DEC-03&area=${TOWN}&sex=F&period=2023`, h.keys.read)).json().items as { value: number | null }[];
    return items[0]?.value ?? null;
  };
  const monitoringCell = async () => {
    const items = (await call('GET', `/v1/approvals?department=statistics&kind=${KIND}&period=2023`, h.keys.read)).json().items as Record<string, unknown>[];
    return items[0];
  };

  beforeAll(async () => {
    h = await startMonitoring('mon_approval', { APPROVAL_REQUIRED: `statistics/returns/${KIND},health/records/live-birth` });
    approver = (await h.app.get(ApiKeyService).issue({ department: 'statistics', scopes: ['approve:statistics', 'read:statistics'], label: 'bureau approver' })).key;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('submit a period → provisional only; approve → the official figure appears; a correction of the locked period is refused with nothing written; unlock with a reason → corrected → approved again', async () => {
    const filed = await call('POST', URL, h.keys.statistics, { area: TOWN, period: '2023', figures: figures(300) });
    expect(filed.statusCode).toBe(201);
    const id = filed.json().id as string;

    // Received, held: the cell is a draft, monitoring has the return, the official figures do not count it.
    await waitFor(async () => (await monitoringCell())?.received !== undefined && ((await monitoringCell())!.received as { items: number }).items === 1, { what: 'the return received' });
    expect(await monitoringCell()).toMatchObject({ state: 'draft', counted: false });
    expect(await officialValue()).toBeNull();
    // The monitoring team still sees it early, flagged as provisional.
    const provisional = (await call('GET', `/v1/values?indicator=DEC-03&area=${TOWN}&sex=F&period=2023&view=provisional`, h.keys.read)).json();
    expect(provisional).toMatchObject({ view: 'provisional', items: [{ period: '2023', value: 30 }] });
    expect((await call('GET', `/v1/values?indicator=DEC-03&area=${TOWN}&period=2023`, h.keys.read)).json().view).toBe('approved');
    const unbounded = await call('GET', '/v1/values?view=provisional&period=2023-Q1', h.keys.read);
    expect(unbounded.statusCode).toBe(422);
    expect((unbounded.json().errors as { field: string }[]).map((e) => e.field)).toEqual(['indicator', 'period']);

    // The writer submits; it cannot approve. The approver cannot write.
    expect((await call('POST', '/v1/submissions/submit', h.keys.statistics, CELL)).json()).toMatchObject({ state: 'submitted', changed: true });
    expect((await call('POST', '/v1/submissions/approve', h.keys.statistics, CELL)).statusCode).toBe(403);
    expect((await call('PUT', `${URL}/${id}`, approver, { area: TOWN, period: '2023', figures: figures(310) })).statusCode).toBe(403);
    const approved = await call('POST', '/v1/submissions/approve', approver, CELL);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', fingerprint: { items: 1, revisionSum: 1 } });

    await waitFor(async () => (await monitoringCell())?.counted === true, { what: 'the approval counted' });
    expect(await officialValue()).toBe(30);

    // The locked period refuses a correction and a withdrawal, naming the period and area; nothing is written.
    const outboxBefore = (await query<{ n: string }>(`SELECT count(*) AS n FROM outbox`))[0].n;
    const refused = await call('PUT', `${URL}/${id}`, h.keys.statistics, { area: TOWN, period: '2023', figures: figures(330) });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().detail).toContain(`2023 in ${TOWN}`);
    expect(refused.json().errors).toEqual([{ field: 'period', reason: expect.stringContaining('approved and locked') }]);
    expect((await h.app.inject({ method: 'DELETE', url: `${URL}/${id}?reason=mistake`, headers: { 'x-api-key': h.keys.statistics } })).statusCode).toBe(409);
    expect((await query<{ revision: number }>(`SELECT revision FROM statistical_returns WHERE id = $1`, [id]))[0].revision).toBe(1);
    expect((await query<{ n: string }>(`SELECT count(*) AS n FROM outbox`))[0].n).toBe(outboxBefore);

    // Unlocking needs the approver and a reason, and is audited.
    expect((await call('POST', '/v1/submissions/unlock', approver, CELL)).statusCode).toBe(422);
    expect((await call('POST', '/v1/submissions/unlock', h.keys.statistics, { ...CELL, reason: 'x' })).statusCode).toBe(403);
    const unlocked = await call('POST', '/v1/submissions/unlock', approver, { ...CELL, reason: 'the 2023 count of deputies was revised' });
    expect(unlocked.json()).toMatchObject({ state: 'draft', comment: 'the 2023 count of deputies was revised' });
    const [audit] = await query<{ detail: { reason?: string; comment?: string; from: string } }>(`SELECT detail FROM audit_log WHERE action = 'submission.unlock'`);
    expect(audit.detail).toMatchObject({ from: 'approved', comment: 'the 2023 count of deputies was revised' });
    await waitFor(async () => (await monitoringCell())?.counted === false, { what: 'the unlock held the cell again' });
    expect(await officialValue()).toBeNull();

    // Corrected, submitted, approved again: the official figure is the corrected one, counted once.
    expect((await call('PUT', `${URL}/${id}`, h.keys.statistics, { area: TOWN, period: '2023', figures: figures(330) })).statusCode).toBe(200);
    expect((await call('POST', '/v1/submissions/submit', h.keys.statistics, CELL)).statusCode).toBe(200);
    expect((await call('POST', '/v1/submissions/approve', approver, CELL)).json()).toMatchObject({ state: 'approved', fingerprint: { items: 1, revisionSum: 2 } });
    await waitFor(async () => (await monitoringCell())?.counted === true, { what: 'the second approval counted' });
    expect(await officialValue()).toBe(33);
    expect(await monitoringCell()).toMatchObject({ received: { items: 1, revisionSum: 2 }, fingerprint: { items: 1, revisionSum: 2 } });
  });

  it('refuses what skips review or names no cell of the department, and lists the states', async () => {
    const other = { ...CELL, period: '2022' };
    expect((await call('POST', '/v1/submissions/approve', approver, other)).statusCode).toBe(409);
    const bad = await call('POST', '/v1/submissions/submit', h.keys.statistics, { datasetType: 'record', kind: 'nope', period: '20x3', area: '999', extra: 1 });
    expect(bad.statusCode).toBe(422);
    const unknown = await call('POST', '/v1/submissions/submit', h.keys.statistics, { datasetType: 'return', kind: 'nope', period: '2023', area: '999' });
    expect(unknown.statusCode).toBe(422);
    expect((unknown.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['area', 'kind']);
    const listed = await call('GET', `/v1/submissions?kind=${KIND}`, h.keys.statistics);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual(expect.arrayContaining([expect.objectContaining({ ...CELL, state: 'approved' })]));
    expect((await h.app.get(ApiKeyService).issue({ department: 'statistics', scopes: ['write:statistics', 'approve:statistics'], label: 'both' }).catch((e: Error) => e)) instanceof Error).toBe(true);
  });

  it('holds a departmental approval while a validation error about its data is open, and counts it once the violation is overridden', async () => {
    const VILLAGE = '520103100201';
    const death = (period: string): RecordFact => ({ kind: 'maternal-death', area: VILLAGE, period, ageBand: '30-34', count: 1, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' } });
    const birth: RecordFact = { kind: 'live-birth', area: VILLAGE, period: '2016-02', sex: 'F', ageBand: '25-29', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } };
    const records = [death('2016-03'), death('2016-04'), death('2016-05'), birth].map((current) => recordEvent({ revision: 1, operation: 'recorded', department: 'health', current, previous: null }));
    await h.publish(records);
    // Three maternal deaths against one live birth in 2016 breaks VR-01 (an error rule) at the town and the district.
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [records.map((e) => e.id)]))[0].n) === records.length, { what: 'the records applied' });
    expect((await call('POST', '/v1/validation/runs', h.keys.admin)).statusCode).toBeLessThan(300);
    const open = (await call('GET', '/v1/validation/violations?rule=VR-01&state=open&period=2016', h.keys.read)).json().items as { id: string }[];
    expect(open.length).toBeGreaterThan(0);

    // The health service approved its 2016 maternal deaths, exactly what monitoring holds: it cannot see the rules.
    const data: ApprovalChangedEventData = {
      department: 'health', datasetType: 'record', kind: 'maternal-death', period: '2016', area: '520103', state: 'approved', version: 2, fingerprint: { items: 3, revisionSum: 3 }, comment: null,
    };
    const event = createEvent({ source: 'urn:wdp:health-service', type: approvalEventType('health'), data });
    await h.producer.send([{ topic: h.topics.health, messages: [{ key: approvalCellKey(data), value: JSON.stringify(event), headers: eventHeaders(event) }] }]);
    const cell = async () => ((await call('GET', '/v1/approvals?department=health&kind=maternal-death&period=2016', h.keys.read)).json().items as Record<string, unknown>[])[0];
    await waitFor(async () => (await cell())?.state === 'approved', { what: 'the approval applied' });
    expect(await cell()).toMatchObject({ received: { items: 3, revisionSum: 3 }, pendingValidation: true, counted: false });
    // Delivered again (a relay retry), and an older version overtaken on the way: neither changes the cell.
    const older = createEvent({ source: 'urn:wdp:health-service', type: approvalEventType('health'), data: { ...data, state: 'submitted', version: 1, fingerprint: null } });
    await h.producer.send([{ topic: h.topics.health, messages: [event, older].map((e) => ({ key: approvalCellKey(data), value: JSON.stringify(e), headers: eventHeaders(e) })) }]);
    await waitFor(async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM inbox WHERE event_id = $1`, [older.id]))[0].n) === 1, { what: 'the older version consumed' });
    expect(await cell()).toMatchObject({ state: 'approved', version: 2, pendingValidation: true });

    // Overridden with a reason, the violation no longer blocks: the last override counts the cell as it commits
    // (approval-release.integration-spec.ts), and the timer's fallback check finds nothing left to change.
    for (const v of open) {
      expect((await call('POST', `/v1/validation/violations/${v.id}/override`, h.keys.admin, { reason: 'deaths of residents of other districts, confirmed' })).statusCode).toBe(200);
    }
    expect(await cell()).toMatchObject({ pendingValidation: false, counted: true });
    expect(await h.app.get(ApprovalBlockJob).recheck()).toBe(0);
  });
});
