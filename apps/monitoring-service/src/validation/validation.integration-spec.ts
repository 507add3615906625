import type { ReturnFacts } from '@wdp/contracts';
import { ApiKeyService } from '@wdp/ingestion';
import { waitFor } from '@wdp/testing';
import { birth, DISTRICT, maternalDeath, recorded, STREET } from '../test-support/fixtures';
import { type MonitoringHarness, recordEvent, returnEvent, startMonitoring, uid } from '../test-support/monitoring-harness';
import { ValidationService } from './validation.service';

// Rules across datasets over the real broker and database: departmental data that breaks a rule is found by the
// run after it arrives, with both numbers; an approver overrides it with a reason; a statistics return that would
// break an error rule is refused at submission with nothing written.

const population = (period: string, women: number, men: number): ReturnFacts => ({
  kind: 'resident-population', area: DISTRICT, period, unit: 'persons',
  figures: [{ sex: 'F', value: women }, { sex: 'M', value: men }, { sex: 'T', value: women + men }],
});
const employees = (period: string, women: number): ReturnFacts => ({
  kind: 'employee-headcount', area: DISTRICT, period, unit: 'persons',
  figures: [{ sex: 'F', value: women }, { sex: 'M', value: 100 }, { sex: 'T', value: women + 100 }],
});

interface ViolationView {
  id: string;
  ruleCode: string;
  ruleVersion: number;
  areaCode: string;
  period: string;
  left: number;
  right: number;
  state: string;
  datasets: string[];
  overrideReason: string | null;
}

describe('validation rules across datasets', () => {
  let h: MonitoringHarness;
  let keys: ApiKeyService;
  const employees2024 = uid('ret');
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, key: string, payload?: object) =>
    h.app.inject({ method, url, payload, headers: { 'x-api-key': key, ...(payload ? { 'content-type': 'application/json' } : {}) } });
  const issue = async (scopes: string[]) => (await keys.issue({ department: 'statistics', scopes, label: `validation test ${scopes.join(' ')}` })).key;
  const violations = async (query: string): Promise<ViolationView[]> => {
    const res = await call('GET', `/v1/validation/violations?${query}`, h.keys.read);
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };
  const count = async (sql: string, params: unknown[]) => Number((await h.dataSource.query(sql, params))[0].n);

  beforeAll(async () => {
    h = await startMonitoring('mon_validation');
    keys = h.app.get(ApiKeyService);
    // 2023: three maternal deaths against two live births in one street (health); 2024: the statistics bureau's
    // population return, then the employment bureau's, whose women employees outnumber the whole population.
    await h.publish([
      ...[1, 2, 3].map((i) => recordEvent(recorded(maternalDeath({ period: `2023-0${i}` })))),
      ...[1, 2].map((i) => recordEvent(recorded(birth({ period: `2023-0${i}` })))),
      returnEvent({ returnId: uid('ret'), revision: 1, operation: 'submitted', department: 'statistics', current: population('2024', 2000, 2000), previous: null }),
      returnEvent({ returnId: employees2024, revision: 1, operation: 'submitted', department: 'employment', current: employees('2024', 5000), previous: null }),
      returnEvent({ returnId: uid('ret'), revision: 1, operation: 'submitted', department: 'employment', current: employees('2025', 5000), previous: null }),
    ]);
    await waitFor(
      async () =>
        (await count(`SELECT count(*) AS n FROM observation WHERE area_code = $1 AND sex = 'T'`, [DISTRICT])) === 3 &&
        (await count(`SELECT coalesce(sum(count), 0) AS n FROM record_fact WHERE input_key = 'health/maternal-death' AND area_code = $1 AND period = '2023'`, [DISTRICT])) === 3 &&
        (await count(`SELECT coalesce(sum(count), 0) AS n FROM record_fact WHERE input_key = 'health/live-birth' AND area_code = $1 AND period = '2023'`, [DISTRICT])) === 2,
      { what: 'records and returns applied' },
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('seeds the four example rules, readable with read:monitoring', async () => {
    const res = await call('GET', '/v1/validation/rules', h.keys.read);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((r: { code: string; version: number; enabled: boolean }) => [r.code, r.version, r.enabled])).toEqual([
      ['VR-01', 1, true], ['VR-02', 1, true], ['VR-03', 1, true], ['VR-04', 1, true],
    ]);
  });

  it('finds what breaks a rule in the run after the data arrived, with both sides’ numbers, rule version, area and period', async () => {
    expect((await call('POST', '/v1/validation/runs', h.keys.read)).statusCode).toBe(403);
    const run = await call('POST', '/v1/validation/runs', h.keys.admin);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ rules: 4, violations: 3 });

    const deaths = await violations('rule=VR-01');
    expect(deaths.map((v) => [v.areaCode, v.period, v.left, v.right, v.state, v.ruleVersion])).toEqual(
      expect.arrayContaining([[DISTRICT, '2023', 3, 2, 'open', 1], [STREET, '2023', 3, 2, 'open', 1]]),
    );
    expect(deaths).toHaveLength(2);
    const [women] = await violations('rule=VR-02');
    expect(women).toMatchObject({ areaCode: DISTRICT, period: '2024', left: 5000, right: 4000, state: 'open', datasets: ['employment/employee-headcount', 'statistics/resident-population'] });
    expect((await violations('department=employment&state=open')).map((v) => v.ruleCode)).toEqual(['VR-02']);
    expect(await violations('dataset=health/live-birth&area=520103&period=2023')).toHaveLength(1);
    expect((await call('GET', '/v1/validation/violations?state=closed', h.keys.read)).statusCode).toBe(422);
  });

  it('blocks approval of the datasets a broken error rule reads until an approver of one of them overrides it with a reason', async () => {
    const validation = h.app.get(ValidationService);
    const cell = { department: 'employment', dataset: 'employee-headcount', period: '2024', area: DISTRICT };
    const [women] = await violations('rule=VR-02');
    expect((await validation.blockingViolations(cell)).map((v) => v.id)).toEqual([women.id]);
    expect(await validation.blockingViolations({ ...cell, period: '2023' })).toEqual([]);

    const url = `/v1/validation/violations/${women.id}/override`;
    // At monitoring the statistics bureau approves (approve:statistics); its approver may override a rule that
    // reads its returns, not one over departmental records alone (VR-01: the administrator's), and its submitter
    // (write:statistics) may not override at all.
    const approver = await issue(['approve:statistics']);
    const [deaths] = await violations('rule=VR-01');
    expect((await call('POST', `/v1/validation/violations/${deaths.id}/override`, approver, { reason: 'checked with the bureau' })).statusCode).toBe(403);
    expect((await call('POST', url, h.keys.read, { reason: 'checked with the bureau' })).statusCode).toBe(403);
    expect((await call('POST', url, h.keys.statistics, { reason: 'checked with the bureau' })).statusCode).toBe(403);
    const noReason = await call('POST', url, approver, {});
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toContain('reason');

    const done = await call('POST', url, approver, { reason: 'Employees of district enterprises include commuters from other districts.' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: 'overridden', overrideReason: 'Employees of district enterprises include commuters from other districts.', overriddenBy: expect.stringMatching(/^statistics:/) });
    expect(await validation.blockingViolations(cell)).toEqual([]);
    expect((await call('POST', url, approver, { reason: 'again' })).statusCode).toBe(409);
    const audit = await h.dataSource.query(`SELECT action, actor, old_state, new_state, reason FROM validation_violation_audit WHERE violation_id = $1`, [women.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'override', old_state: 'open', new_state: 'overridden', actor: expect.stringMatching(/^statistics:/) })]);

    // The next run finds the same numbers: the override holds.
    expect((await call('POST', '/v1/validation/runs', h.keys.admin)).statusCode).toBe(200);
    expect((await violations('rule=VR-02'))[0].state).toBe('overridden');

    // The employment bureau revises its return to other numbers that still break the rule: the override vouched
    // for 5,000, not for 5,500, so the violation reopens (and blocks again), logged as a reopening.
    await h.publish([returnEvent({ returnId: employees2024, revision: 2, operation: 'revised', department: 'employment', current: employees('2024', 5500), previous: employees('2024', 5000) })]);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM observation WHERE return_id = $1 AND revision = 2`, [employees2024])) > 0, { what: 'the revision applied' });
    expect((await call('POST', '/v1/validation/runs', h.keys.admin)).statusCode).toBe(200);
    expect(await violations('rule=VR-02')).toEqual([expect.objectContaining({ id: women.id, state: 'open', left: 5500, right: 4000 })]);
    expect((await validation.blockingViolations(cell)).map((v) => v.id)).toEqual([women.id]);
    const log = await h.dataSource.query(`SELECT action, old_state, new_state FROM validation_violation_audit WHERE violation_id = $1 ORDER BY id`, [women.id]);
    expect(log).toEqual([
      { action: 'override', old_state: 'open', new_state: 'overridden' },
      { action: 'reopen', old_state: 'overridden', new_state: 'open' },
    ]);
  });

  it('resolves a violation once the data no longer break the rule', async () => {
    await h.publish([1, 2].map((i) => recordEvent(recorded(birth({ period: `2023-1${i}` })))));
    await waitFor(
      async () => (await count(`SELECT coalesce(sum(count), 0) AS n FROM record_fact WHERE input_key = 'health/live-birth' AND area_code = $1 AND period = '2023'`, [DISTRICT])) === 4,
      { what: 'two more live births applied' },
    );
    const run = (await call('POST', '/v1/validation/runs', h.keys.admin)).json();
    expect(run.resolved).toBe(2);
    expect((await violations('rule=VR-01')).map((v) => [v.areaCode, v.state, v.left, v.right])).toEqual(
      expect.arrayContaining([[DISTRICT, 'resolved', 3, 2], [STREET, 'resolved', 3, 2]]),
    );
  });

  it('refuses a statistics return that breaks an error rule, naming the rule and both numbers, with nothing written', async () => {
    const before = await count(`SELECT count(*) AS n FROM statistical_returns`, []);
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox WHERE topic = $1`, [h.topics.statistics]);
    const res = await call('POST', '/v1/returns/resident-population', h.keys.statistics, { area: DISTRICT, period: '2025', figures: [{ sex: 'F', value: 2000 }, { sex: 'M', value: 2000 }, { sex: 'T', value: 4000 }] });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.errors).toEqual([{ field: 'figures', reason: expect.stringMatching(/VR-02 .*520103.*2025.*left 5000 <= 4000/) }]);
    expect(body.violations).toEqual([expect.objectContaining({ rule: 'VR-02', ruleVersion: 1, severity: 'error', areaCode: DISTRICT, period: '2025', left: 5000, right: 4000 })]);
    expect(await count(`SELECT count(*) AS n FROM statistical_returns`, [])).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE topic = $1`, [h.topics.statistics])).toBe(outboxBefore);
  });

  it('accepts a return that breaks only a warning rule, listing the warning in the 201 answer', async () => {
    const rule = {
      code: 'VR-90', reason: 'Population should not jump between years.', nameEn: 'Resident population within 10 % of the year before',
      left: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T' } }], operator: 'yoy_within', tolerance: 10, severity: 'warning', areaLevels: ['district'],
    };
    expect((await call('POST', '/v1/validation/rules', h.keys.admin, rule)).statusCode).toBe(201);
    const res = await call('POST', '/v1/returns/resident-population', h.keys.statistics, { area: DISTRICT, period: '2025', figures: [{ sex: 'F', value: 3000 }, { sex: 'M', value: 3000 }, { sex: 'T', value: 6000 }] });
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings).toEqual([expect.objectContaining({ rule: 'VR-90', severity: 'warning', period: '2025', left: 6000, right: 4000 })]);

    // A revision is checked the same way: back down to 4,000 would put the women employees above the total again.
    const revised = await call('PUT', `/v1/returns/resident-population/${res.json().id}`, h.keys.statistics, { area: DISTRICT, period: '2025', figures: [{ sex: 'F', value: 2000 }, { sex: 'M', value: 2000 }, { sex: 'T', value: 4000 }] });
    expect(revised.statusCode).toBe(422);
    expect(revised.json().violations).toEqual([expect.objectContaining({ rule: 'VR-02', left: 5000, right: 4000 })]);
    const [stored] = await h.dataSource.query(`SELECT revision FROM statistical_returns WHERE id = $1`, [res.json().id]);
    expect(stored.revision).toBe(1);
  });

  it('keeps rules as versioned, audited data that only an administrator writes, refusing bad definitions by field', async () => {
    const rule = { reason: 'Tightened after the 2024 review.', nameEn: 'Maternal deaths cannot exceed live births', left: [{ operand: { department: 'health', recordKind: 'maternal-death' } }], operator: '<', right: [{ operand: { department: 'health', recordKind: 'live-birth' } }], severity: 'error' };
    expect((await call('PUT', '/v1/validation/rules/VR-01', h.keys.read, rule)).statusCode).toBe(403);
    const unknown = await call('PUT', '/v1/validation/rules/VR-01', h.keys.admin, { ...rule, right: [{ operand: { department: 'health', recordKind: 'live-birth', where: { deliveryPlace: 'home' } } }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ field: 'right[0].operand.where', reason: expect.stringContaining('is not an input the catalogue aggregates') }]);
    const badOperator = await call('PUT', '/v1/validation/rules/VR-01', h.keys.admin, { ...rule, operator: '≤' });
    expect(badOperator.json().errors.map((e: { field: string }) => e.field)).toEqual(['operator']);
    const malformed = await call('POST', '/v1/validation/rules', h.keys.admin, { ...rule, code: 'VR-91', left: 'maternal-death <= live-birth' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors.map((e: { field: string }) => e.field)).toEqual(['left']);
    expect((await call('GET', '/v1/validation/rules/VR-91', h.keys.read)).statusCode).toBe(404);

    const changed = await call('PUT', '/v1/validation/rules/VR-01', h.keys.admin, rule);
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ code: 'VR-01', version: 2, definition: { operator: '<' } });
    const versions = (await call('GET', '/v1/validation/rules/VR-01/versions', h.keys.read)).json().items;
    expect(versions.map((v: { version: number; changedBy: string; reason: string }) => [v.version, v.changedBy, v.reason])).toEqual([
      [1, 'seed', expect.any(String)], [2, expect.stringMatching(/^statistics:/), 'Tightened after the 2024 review.'],
    ]);
    expect(versions[1].previous.operator).toBe('<=');

    const deleted = await call('DELETE', '/v1/validation/rules/VR-01?reason=Replaced%20by%20a%20quarterly%20rule.', h.keys.admin);
    expect(deleted.json()).toMatchObject({ version: 3, enabled: false });
    expect((await violations('rule=VR-01&state=open'))).toEqual([]);
    expect((await call('PUT', '/v1/validation/rules/VR-01', h.keys.admin, rule)).statusCode).toBe(409);
  });
});
