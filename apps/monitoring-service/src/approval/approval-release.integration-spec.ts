import { approvalCellKey, approvalEventType, createEvent, type ApprovalChangedEventData, type RecordFact } from '@wdp/contracts';
import { eventHeaders } from '@wdp/messaging';
import { waitFor } from '@wdp/testing';
import { type MonitoringHarness, recordEvent, startMonitoring } from '../test-support/monitoring-harness';

const DISTRICT = '520103';
const VILLAGE = '520103100201';
/** A day: the longest the setting allows. The approval block check and the scheduled run share it, so neither can be what releases a cell here. */
const NEVER = '86400000';

/**
 * Issue 14: a departmental approval held pending validation counts as soon as its violation is overridden, its
 * rule changed or deleted, or a validation run resolves it — re-decided in the transaction that changed the
 * violation — not at the next approval block check (VALIDATION_RUN_INTERVAL_MS). Real broker and database; the
 * timers are set to a day, so only the immediate re-decision can release a cell within the test. Run with the
 * settler (the default: the released cells' pairs are queued) and without (ALERT_SETTLE_MS=0: recomputed in the
 * releasing transaction).
 */
describe.each([
  ['through the settler', 'mon_approval_release', {}],
  ['recomputed in the releasing transaction (ALERT_SETTLE_MS=0)', 'mon_approval_release_now', { ALERT_SETTLE_MS: '0' }],
])('approval release, %s: a held approval counts once its violation is overridden, its rule changed or deleted, or a run resolves it', (_how, database, env) => {
  let h: MonitoringHarness;
  /** Reads with the monitoring reader's key, writes (and unsuppressed values) with the administrator's. */
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key = method === 'GET' ? h.keys.read : h.keys.admin) =>
    h.app.inject({ method, url, headers: { 'x-api-key': key, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload } : {}) });
  const count = async (sql: string, params: unknown[] = []) => Number((await h.dataSource.query(sql, params))[0].n);

  const death = (period: string): RecordFact => ({ kind: 'maternal-death', area: VILLAGE, period, ageBand: '30-34', count: 1, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' } });
  const birth = (period: string): RecordFact => ({ kind: 'live-birth', area: VILLAGE, period, sex: 'F', ageBand: '25-29', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } });
  const publish = async (facts: RecordFact[]) => {
    const events = facts.map((current) => recordEvent({ revision: 1, operation: 'recorded', department: 'health', current, previous: null }));
    await h.publish(events);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)])) === events.length, { what: 'the records applied' });
  };
  /** The health service approved this year's maternal deaths, exactly the `deaths` monitoring holds (it cannot see the rules). */
  const approveDeaths = async (year: string, deaths: number) => {
    const data: ApprovalChangedEventData = {
      department: 'health', datasetType: 'record', kind: 'maternal-death', period: year, area: DISTRICT, state: 'approved', version: 2, fingerprint: { items: deaths, revisionSum: deaths }, comment: null,
    };
    const event = createEvent({ source: 'urn:wdp:health-service', type: approvalEventType('health'), data });
    await h.producer.send([{ topic: h.topics.health, messages: [{ key: approvalCellKey(data), value: JSON.stringify(event), headers: eventHeaders(event) }] }]);
    await waitFor(async () => (await cell(year))?.state === 'approved', { what: `the ${year} approval applied` });
  };
  const cell = async (year: string) => ((await call('GET', `/v1/approvals?department=health&kind=maternal-death&period=${year}`)).json().items as Record<string, unknown>[])[0];
  /** HEA-02 (maternal deaths per 100,000 live births) in the district for a year, as the official (approved) or provisional figures say, once every queued pair is decided. */
  const mmr = async (year: string, view: 'approved' | 'provisional' = 'approved') => {
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM alert_queue`)) === 0, { what: 'queued pairs recomputed' });
    const items = (await call('GET', `/v1/values?indicator=HEA-02&area=${DISTRICT}&sex=T&period=${year}&view=${view}&unsuppressed=true`, undefined, h.keys.admin)).json().items as { value: number | null }[];
    return items[0]?.value ?? null;
  };
  /** Three maternal deaths against one live birth break VR-01 (an error rule) at the town and the district; the approval that arrives is held. */
  const heldYear = async (year: string) => {
    await publish([death(`${year}-03`), death(`${year}-04`), death(`${year}-05`), birth(`${year}-02`)]);
    expect((await call('POST', '/v1/validation/runs')).statusCode).toBe(200);
    const open = (await call('GET', `/v1/validation/violations?rule=VR-01&state=open&period=${year}`)).json().items as { id: string; areaCode: string }[];
    expect(open.map((v) => v.areaCode).sort()).toEqual([DISTRICT, '520103100']);
    const seen = async () => ((await call('GET', `/v1/validation/violations?rule=VR-01&period=${year}`)).json().items as { lastSeenAt: string }[]).map((v) => v.lastSeenAt).sort().join();
    const before = await seen();
    await approveDeaths(year, 3);
    expect(await cell(year)).toMatchObject({ pendingValidation: true, counted: false });
    // The held approval's batch has VR-01 run again a moment after it commits (the data might have resolved it);
    // it still finds the deaths, and the cell stays held.
    await waitFor(async () => (await seen()) !== before, { what: `VR-01 run again after the ${year} approval arrived held` });
    expect(await cell(year)).toMatchObject({ pendingValidation: true, counted: false });
    const provisional = await mmr(year, 'provisional');
    expect(provisional).toBe(300_000);
    expect(await mmr(year)).not.toBe(provisional);
    return { open, provisional };
  };

  beforeAll(async () => {
    h = await startMonitoring(database, {
      APPROVAL_REQUIRED: 'health/records/maternal-death',
      VALIDATION_RUN_INTERVAL_MS: NEVER,
      ...env,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an override through the API releases the cell it held in its own transaction, names it in the answer, and the official value changes', async () => {
    const { open, provisional } = await heldYear('2011');
    // The first override leaves the cell held by the other violation: it releases nothing.
    const first = await call('POST', `/v1/validation/violations/${open[0].id}/override`, { reason: 'deaths of residents of other districts, confirmed' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'overridden', releasedCells: [] });
    expect(await cell('2011')).toMatchObject({ pendingValidation: true, counted: false });

    const second = await call('POST', `/v1/validation/violations/${open[1].id}/override`, { reason: 'deaths of residents of other districts, confirmed' });
    expect(second.json()).toMatchObject({ state: 'overridden', releasedCells: [{ department: 'health', datasetType: 'record', kind: 'maternal-death', period: '2011', area: DISTRICT }] });
    // Counted as the override commits; the settler recomputes HEA-02 from the queue the override wrote.
    expect(await cell('2011')).toMatchObject({ pendingValidation: false, counted: true });
    await waitFor(async () => (await mmr('2011')) === provisional, { what: 'the official HEA-02 of 2011 counts the released deaths' });
    const assessment = (await call('GET', `/v1/assessments/HEA-02?area=${DISTRICT}&sex=T&view=approved`)).json();
    expect(assessment.heldCells).toBe(0);
  });

  it('new data that resolve the violation (more live births) release the cell: the consumer has the rule run again once its batch commits, no schedule involved', async () => {
    const { provisional } = await heldYear('2012');
    // Live births arrive (a dataset approved automatically): three deaths against four births hold VR-01.
    await publish([birth('2012-06'), birth('2012-07'), birth('2012-08')]);
    await waitFor(async () => (await cell('2012'))?.counted === true, { what: 'the 2012 cell released after the births arrived' });
    expect(await cell('2012')).toMatchObject({ pendingValidation: false });
    expect((await call('GET', '/v1/validation/violations?rule=VR-01&state=open&period=2012')).json().items).toEqual([]);
    expect(await mmr('2012')).toBe(await mmr('2012', 'provisional'));
    expect(await mmr('2012')).not.toBe(provisional);
  });

  it('a validation run through the API that resolves a violation releases the cell in the run, counting it in its summary', async () => {
    await heldYear('2015');
    // Corrected where the consumer cannot see it (the figures changed by hand, as a repair script would): only a
    // run can resolve the violation; the one POST /v1/validation/runs starts is the scheduled run's code.
    await h.dataSource.query(`UPDATE record_fact SET count = count + 5 WHERE input_key = 'health/live-birth' AND year = 2015`);
    const run = (await call('POST', '/v1/validation/runs')).json();
    expect(run).toMatchObject({ cellsReleased: 1, cellsHeld: 0 });
    expect(run.resolved).toBeGreaterThanOrEqual(2);
    expect(await cell('2015')).toMatchObject({ pendingValidation: false, counted: true });
  });

  it('a rule changed so that it no longer finds the violation releases the cell as the change commits; deleted, its last violations release theirs', async () => {
    await heldYear('2013');
    const rule = (await call('GET', '/v1/validation/rules/VR-01')).json();
    // Three deaths and one birth hold within a tolerance of 5: the new version, run at once, resolves 2013.
    const changed = await call('PUT', '/v1/validation/rules/VR-01', { ...rule.definition, tolerance: 5, reason: 'Deaths of non-residents are registered here.' });
    expect(changed.statusCode).toBe(200);
    expect(await cell('2013')).toMatchObject({ pendingValidation: false, counted: true });
    expect(await mmr('2013')).toBe(300_000);

    // A strict copy of the old rule, run, holds again the approved years it finds broken (2011's override was of
    // VR-01's violations, 2013 was released by the tolerance), as the run commits; and 2014's approval on arrival.
    const strict = { ...rule.definition, code: 'VR-21', nameEn: 'Maternal deaths at most live births, strictly', reason: 'A strict copy for the review.' };
    expect((await call('POST', '/v1/validation/rules', strict)).statusCode).toBe(201);
    await publish([death('2014-03'), death('2014-04'), birth('2014-02')]);
    expect((await call('POST', '/v1/validation/runs')).json()).toMatchObject({ cellsHeld: 2, cellsReleased: 0 });
    for (const year of ['2011', '2013']) expect(await cell(year)).toMatchObject({ pendingValidation: true, counted: false });
    expect(await mmr('2013')).not.toBe(300_000);
    await approveDeaths('2014', 2);
    expect(await cell('2014')).toMatchObject({ pendingValidation: true, counted: false });
    expect(await mmr('2014')).not.toBe(200_000);

    // Deleted, the rule's violations resolve and the three cells count as the deletion commits.
    expect((await call('DELETE', '/v1/validation/rules/VR-21?reason=The%20review%20is%20over.')).statusCode).toBe(200);
    for (const year of ['2011', '2013', '2014']) expect(await cell(year)).toMatchObject({ pendingValidation: false, counted: true });
    expect(await mmr('2013')).toBe(300_000);
    expect(await mmr('2014')).toBe(200_000);
  });
});
