import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { INDICATORS } from '@wdp/indicators';
import { DISTRICT_PLAN_ID, districtPlan, type PlanDocument, serializePlan, validatePlan } from '@wdp/plans';
import { residentIdCheckChar } from '@wdp/platform';
import { waitFor } from '@wdp/testing';
import { parse } from 'yaml';
import { AssessmentService } from '../assessment/assessment.service';
import { demoEvents, publishInBatches } from '../dashboard/e2e/demo-events';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { PlanImportService } from './plan-import.service';
import { PlanRegistryService } from './plan-registry.service';

/** A city plan of the tests' own, a draft with one target. */
const cityDraft = (): PlanDocument => ({
  schema: 'wdp-plan/1',
  id: 'test-city-2021-2025',
  version: 1,
  status: 'draft',
  name: { zh: '测试市妇女发展规划（2021—2025年）', en: "Test City Women's Development Plan (2021–2025)" },
  level: 'city',
  area: '520100',
  period: { start: 2021, end: 2025 },
  baselineYear: 2020,
  source: { title: '测试市妇女发展规划（2021—2025年）', issuer: '测试市人民政府' },
  targets: [{ indicator: 'HEA-02', comparator: 'at_most', value: 12, valueStatus: 'official', targetYear: 2025 }],
});

const ROOT = path.resolve(__dirname, '../../../..');

/** `npm run plan -- <args>` as a process, the way an administrator runs it (asynchronously: this process serves the API it calls). */
async function planCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/plan/plan.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SWCRC: 'true' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

const SOURCE = { clause: 'main-goal' as const, number: 2, text: '孕产妇死亡率控制在12/10万以下。' };

describe('the plan registry', () => {
  let h: MonitoringHarness;
  const get = (url: string, key = h.keys.read) => h.app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
  const post = (url: string, payload: object | string, { key = h.keys.admin, type = 'application/json' } = {}) =>
    h.app.inject({ method: 'POST', url, payload, headers: { 'x-api-key': key, 'content-type': type } });
  const rows = async () =>
    (await h.dataSource.query(
      `SELECT (SELECT count(*) FROM plan)::int AS plans, (SELECT count(*) FROM plan_version)::int AS versions,
              (SELECT count(*) FROM plan_target)::int AS targets, (SELECT count(*) FROM plan_audit)::int AS audit,
              (SELECT count(*) FROM indicator_audit)::int AS "indicatorAudit"`,
    ))[0];

  beforeAll(async () => {
    h = await startMonitoring('mon_plans');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('is seeded at start with the plans of libs/plans/plans, the district plan as the catalogue holds it', async () => {
    const all = (await get('/v1/plans')).json();
    expect(all.total).toBe(5);
    expect(all.items.map((p: { id: string }) => p.id)).toEqual([
      'china-national-2021-2030', 'guizhou-province-2021-2025', 'guiyang-city-2021-2025', 'yunyan-district-2021-2025', 'yunyan-district-2026-2030',
    ]);
    expect((await get('/v1/plans?level=district&status=draft')).json().items).toEqual([
      expect.objectContaining({ id: 'yunyan-district-2026-2030', version: 1, status: 'draft', monitored: false, area: '520103' }),
    ]);
    expect((await get('/v1/plans?area=520100')).json().items.map((p: { id: string }) => p.id)).toEqual(['guiyang-city-2021-2025']);
    expect((await get('/v1/plans?level=county')).statusCode).toBe(422);
    expect((await get(`/v1/plans/${DISTRICT_PLAN_ID}`)).json()).toEqual(districtPlan(INDICATORS));
    expect((await get(`/v1/plans/${DISTRICT_PLAN_ID}?version=1`)).json()).toEqual(districtPlan(INDICATORS));
    expect((await get('/v1/plans/nowhere-2021-2025')).statusCode).toBe(404);
    expect((await get(`/v1/plans/${DISTRICT_PLAN_ID}?version=9`)).json()).toMatchObject({ status: 404, detail: `Plan ${DISTRICT_PLAN_ID} has no version 9.` });
    // Starting again seeds nothing more.
    const before = await rows();
    expect(await h.app.get(PlanImportService).seed()).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it('imports a plan and its next versions, JSON or YAML, and reads and exports them back', async () => {
    const created = await post('/v1/admin/plans?reason=The%20city%20sent%20its%20draft', cityDraft());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      plan: { id: 'test-city-2021-2025', version: 1, status: 'draft', level: 'city', monitored: false, targets: 1 },
      version: { version: 1, origin: 'api', reason: 'The city sent its draft', importedBy: expect.stringMatching(/^api-key:[0-9a-f]{8} \(statistics\)$/) },
      changes: [{ field: 'created' }],
      targetsInForce: null,
    });
    expect((await get('/v1/plans/test-city-2021-2025')).json()).toEqual(cityDraft());

    // The draft adopted, in YAML, each target now citing its sentence.
    const adopted: PlanDocument = { ...cityDraft(), version: 2, status: 'adopted', targets: [{ ...cityDraft().targets[0], value: 11, source: SOURCE }] };
    const v2 = await post('/v1/admin/plans/test-city-2021-2025/versions', serializePlan(adopted, 'yaml'), { type: 'application/yaml' });
    expect(v2.statusCode).toBe(201);
    expect(v2.json().changes).toEqual([
      { field: 'status', old: 'draft', new: 'adopted' },
      { field: 'targets[HEA-02@2025].source', old: null, new: SOURCE },
      { field: 'targets[HEA-02@2025].value', old: 12, new: 11 },
    ]);
    expect((await get('/v1/plans/test-city-2021-2025')).json()).toEqual(adopted);
    expect((await get('/v1/plans/test-city-2021-2025?version=1')).json()).toEqual(cityDraft());

    const yaml = await get('/v1/admin/plans/test-city-2021-2025/export', h.keys.admin);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.headers['content-disposition']).toBe('attachment; filename="test-city-2021-2025-v2.yaml"');
    expect(parse(yaml.body)).toEqual(adopted);
    const json = await get('/v1/admin/plans/test-city-2021-2025/export?version=1&format=json', h.keys.admin);
    expect(JSON.parse(json.body)).toEqual(cityDraft());

    const versions = (await get('/v1/admin/plans/test-city-2021-2025/versions', h.keys.admin)).json();
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'draft'], [2, 'adopted']]);
    expect(versions[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = (await get('/v1/admin/plans/test-city-2021-2025/audit', h.keys.admin)).json();
    expect(audit.total).toBe(4);
    expect(audit.items[0]).toMatchObject({ version: 2, origin: 'api', reason: null });
    expect((await get('/v1/plans/test-city-2021-2025/versions')).statusCode).toBe(404);

    // Importing it never touched another plan's rows.
    expect((await get(`/v1/admin/plans/${DISTRICT_PLAN_ID}/versions`, h.keys.admin)).json()).toHaveLength(1);
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM plan_version WHERE plan_id <> 'test-city-2021-2025' AND version > 1`);
    expect(n).toBe(0);
  });

  it('refuses a version that is not the next (409), an adopted plan made a draft again, and a plan that exists', async () => {
    const before = await rows();
    const again = await post('/v1/admin/plans/test-city-2021-2025/versions', { ...cityDraft(), version: 2, status: 'adopted', targets: [{ ...cityDraft().targets[0], source: SOURCE }] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, expectedVersion: 3 });
    expect((await post('/v1/admin/plans/test-city-2021-2025/versions', { ...cityDraft(), version: 5 })).statusCode).toBe(409);
    expect((await post('/v1/admin/plans', { ...cityDraft(), version: 3 })).statusCode).toBe(409);
    const backToDraft = await post('/v1/admin/plans/test-city-2021-2025/versions', { ...cityDraft(), version: 3 });
    expect(backToDraft.statusCode).toBe(422);
    expect(backToDraft.json().errors).toEqual([{ field: 'status', reason: 'test-city-2021-2025 is adopted; a later version cannot make it a draft again' }]);
    const otherId = await post('/v1/admin/plans/test-city-2021-2025/versions', { ...cityDraft(), id: 'other-city-2021-2025', version: 3 });
    expect(otherId.json().errors).toEqual([{ field: 'id', reason: 'is other-city-2021-2025, but this is a new version of test-city-2021-2025' }]);
    expect((await post('/v1/admin/plans/nowhere-2021-2025/versions', { ...cityDraft(), id: 'nowhere-2021-2025', version: 2 })).statusCode).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('stores a version once when the same import races itself: one 201, the others 409', async () => {
    const race = async (url: string, doc: PlanDocument) => (await Promise.all(Array.from({ length: 6 }, () => post(url, doc)))).map((r) => r.statusCode).sort();
    const first = { ...cityDraft(), id: 'race-city-2021-2025' };
    expect(await race('/v1/admin/plans', first)).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await race('/v1/admin/plans/race-city-2021-2025/versions', { ...first, version: 2, notes: 'second' })).toEqual([201, 409, 409, 409, 409, 409]);
    const versions = (await get('/v1/admin/plans/race-city-2021-2025/versions', h.keys.admin)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('refuses a broken document with 422, one entry per problem naming its field, and writes nothing', async () => {
    const before = await rows();
    const t = cityDraft().targets[0];
    const broken = {
      ...cityDraft(),
      id: 'broken-city-2021-2025',
      targets: [
        { ...t, indicator: 'HEA-99' },
        { ...t, targetYear: 2030 },
        { ...t, comparator: 'coverage' },
        { ...t, indicator: 'EDU-01', comparator: 'at_least', value: 95 },
        { ...t, indicator: 'EDU-01', comparator: 'at_least', value: 96 },
      ],
    };
    const res = await post('/v1/admin/plans', broken);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['targets[0].indicator', 'targets[1].targetYear', 'targets[2].comparator', 'targets[2].comparator', 'targets[4]']);
    expect(res.json().errors[0].reason).toMatch(/unknown indicator HEA-99/);

    const badYaml = await post('/v1/admin/plans', 'id: [\n', { type: 'application/yaml' });
    expect(badYaml.statusCode).toBe(422);
    expect(badYaml.json().errors).toEqual([{ field: '(document)', reason: expect.stringMatching(/^not YAML: line 2, column 1/) }]);
    const notAPlan = await post('/v1/admin/plans', { id: 'x' });
    expect(notAPlan.statusCode).toBe(422);
    expect(notAPlan.json().errors.length).toBeGreaterThan(1);
    expect((await post('/v1/admin/plans', 'schema: wdp-plan/1', { type: 'text/plain' })).statusCode).toBe(415);
    // No personal identifier is stored: a resident ID number in a plan's text or in the reason is refused by name.
    const residentId = `52010319900101123${residentIdCheckChar('52010319900101123')}`;
    for (const [url, body, field] of [
      ['/v1/admin/plans', { ...cityDraft(), id: 'id-city-2021-2025', targets: [{ ...cityDraft().targets[0], notes: `contact ${residentId}` }] }, 'targets[0].notes'],
      [`/v1/admin/plans?reason=${residentId}`, { ...cityDraft(), id: 'id-city-2021-2025' }, 'reason'],
    ] as const) {
      const withId = await post(url, body);
      expect(withId.statusCode).toBe(422);
      expect(withId.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(withId.body).not.toContain(residentId);
    }
    // PostgreSQL cannot store U+0000: a YAML body is screened for it as a JSON body is.
    const nul = await post('/v1/admin/plans', serializePlan({ ...cityDraft(), id: 'nul-city-2021-2025', name: { zh: 'a\u0000b', en: 'x' } }, 'yaml'), { type: 'application/yaml' });
    expect(nul.statusCode).toBe(422);
    expect(nul.json().errors).toEqual([{ field: 'name.zh', reason: expect.stringMatching(/NUL/) }]);
    expect(await rows()).toEqual(before);
  });

  it('imports a file with npm run plan -- import, and prints the problems of a broken one', async () => {
    await h.app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(h.app.getHttpServer().address() as { port: number }).port}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'wdp-plan-import-'));
    try {
      const good = path.join(dir, 'cli-city.yaml');
      writeFileSync(good, serializePlan({ ...cityDraft(), id: 'cli-city-2021-2025' }, 'yaml'));
      expect(await planCli('import', good, '--url', url, '--key', h.keys.admin)).toEqual({ code: 0, stdout: `${good}: stored cli-city-2021-2025 version 1 (1 changes)\n` });
      expect((await get('/v1/plans/cli-city-2021-2025')).json()).toEqual({ ...cityDraft(), id: 'cli-city-2021-2025' });
      const broken = path.join(dir, 'broken.json');
      writeFileSync(broken, serializePlan({ ...cityDraft(), id: 'cli-broken-2021-2025', targets: [{ ...cityDraft().targets[0], indicator: 'HEA-99' }] }, 'json'));
      const before = await rows();
      expect(await planCli('import', broken, '--url', url, '--key', h.keys.admin)).toEqual({
        code: 1,
        stdout: `${broken}: targets[0].indicator: unknown indicator HEA-99: the catalogue has no such code\n`,
      });
      expect(await rows()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the admin scope to write, export or list versions, and the read scope to read', async () => {
    expect((await post('/v1/admin/plans', { ...cityDraft(), id: 'reader-city-2021-2025' }, { key: h.keys.read })).statusCode).toBe(403);
    expect((await post('/v1/admin/plans/test-city-2021-2025/versions', { ...cityDraft(), version: 3 }, { key: h.keys.read })).statusCode).toBe(403);
    for (const path of ['export', 'versions', 'audit']) expect((await get(`/v1/admin/plans/test-city-2021-2025/${path}`)).statusCode).toBe(403);
    expect((await get('/v1/plans', h.keys.statistics)).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/v1/plans' })).statusCode).toBe(401);
  });

  it('keeps one source of truth for the monitored plan: a version changes the targets in force, a target edit makes a version', async () => {
    const registry = h.app.get(PlanRegistryService);
    const v1 = (await registry.get(DISTRICT_PLAN_ID))!;
    const hea02 = v1.targets.findIndex((t) => t.indicator === 'HEA-02');

    // A version whose comparator differs from the catalogue's cannot be assessed: refused, nothing written.
    const before = await rows();
    const regraded = { ...v1, version: 2, targets: v1.targets.map((t, i) => (i === hea02 ? { ...t, comparator: 'about' as const, tolerance: 1 } : t)) };
    const refused = await post(`/v1/admin/plans/${DISTRICT_PLAN_ID}/versions`, regraded);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ field: `targets[${hea02}].comparator`, reason: expect.stringMatching(/judges HEA-02 by at_most/) }]);
    expect(await rows()).toEqual(before);

    // Version 2 sets HEA-02's target to 12: the indicator's target in force follows, audited and re-assessed.
    const v2 = { ...v1, version: 2, targets: v1.targets.map((t, i) => (i === hea02 ? { ...t, value: 12 } : t)) };
    const imported = await post(`/v1/admin/plans/${DISTRICT_PLAN_ID}/versions?reason=Mid-term%20review`, v2);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({
      changes: [{ field: 'targets[HEA-02@2025].value', old: 14, new: 12 }],
      targetsInForce: { changes: [{ code: 'HEA-02', changes: [{ field: 'targetValue', old: 14, new: 12 }] }], recompute: { pairs: 19, failed: [] } },
    });
    const indicator = (await get('/v1/indicators/HEA-02')).json();
    expect(indicator).toMatchObject({ target: { value: 12 } });
    expect((await get('/v1/indicators/HEA-02/audit')).json().items[0]).toMatchObject({ field: 'targetValue', oldValue: 14, newValue: 12, reason: 'Mid-term review', source: 'api' });

    // An admin's edit through the indicator API becomes version 3.
    const patched = await h.app.inject({
      method: 'PATCH', url: '/v1/indicators/HEA-02', payload: { targetValue: 11, reason: 'Stricter after review' },
      headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' },
    });
    expect(patched.statusCode).toBe(200);
    const v3 = (await registry.get(DISTRICT_PLAN_ID))!;
    expect(v3.version).toBe(3);
    expect(v3.targets[hea02]).toMatchObject({ indicator: 'HEA-02', value: 11, valueStatus: 'official' });
    expect(v3.targets.filter((_, i) => i !== hea02)).toEqual(v1.targets.filter((_, i) => i !== hea02));
    // A version the registry writes is a document that imports again.
    expect(validatePlan(v3, INDICATORS)).toEqual([]);
    const versions = await registry.versions(DISTRICT_PLAN_ID);
    expect(versions.at(-1)).toMatchObject({ version: 3, origin: 'target-edit', reason: 'Stricter after review' });
    // An edit that changes nothing, and a restart, make no version.
    await h.app.inject({ method: 'PATCH', url: '/v1/indicators/HEA-02', payload: { targetValue: 11, reason: 'again' }, headers: { 'x-api-key': h.keys.admin, 'content-type': 'application/json' } });
    expect(await h.app.get(PlanImportService).seed()).toEqual([]);
    expect(await registry.versions(DISTRICT_PLAN_ID)).toHaveLength(3);
    // A catalogue update at start that changes a target in force becomes a version too.
    const store = h.app.get(IndicatorStoreService);
    const other = INDICATORS.find((i) => i.code !== 'HEA-02' && i.targetValue !== null && i.targetValue >= 1)!;
    await store.seed(INDICATORS.map((i) => (i.code === other.code ? { ...i, targetValue: i.targetValue! - 1 } : i)), '9.9.9');
    expect(await h.app.get(PlanImportService).seed()).toEqual([expect.objectContaining({ planId: DISTRICT_PLAN_ID, version: 4, origin: 'catalogue', importedBy: 'catalogue-seed' })]);
    expect((await registry.get(DISTRICT_PLAN_ID))!.targets.find((t) => t.indicator === other.code)!.value).toBe(other.targetValue! - 1);
    await store.seed();
    // Every plan with a target on HEA-02, latest versions, national first.
    const targeting = await registry.plansTargeting('HEA-02');
    expect(targeting[0].id).toBe('china-national-2021-2030');
    expect(targeting.map((p) => p.id)).toEqual(expect.arrayContaining([DISTRICT_PLAN_ID, 'yunyan-district-2026-2030']));
    expect(targeting.every((p) => p.targets.some((t) => t.indicator === 'HEA-02'))).toBe(true);
    expect(targeting.find((p) => p.id === DISTRICT_PLAN_ID)!.version).toBe(4);
  });
});

describe('the plan registry and the stored assessments', () => {
  let h: MonitoringHarness;
  /** Every assessment and alert, without the time each was written. */
  const snapshot = async () => ({
    assessments: await h.dataSource.query(
      `SELECT indicator_code, area_code, sex, year, status, alert_kinds, components, methodology_version, catalogue_revision FROM assessment ORDER BY 1, 2, 3`,
    ),
    alerts: await h.dataSource.query(`SELECT id, indicator_code, area_code, sex, kind, status FROM alert ORDER BY id`),
  });

  beforeAll(async () => {
    h = await startMonitoring('mon_plans_demo');
    // The demo data set (npm start's), small, as of a fixed day so the test does not depend on today's date.
    const events = demoEvents(0.01, new Date('2026-03-01T00:00:00Z'));
    await publishInBatches(h.producer, h.topics, events);
    await waitFor(async () => {
      const [{ n }] = await h.dataSource.query(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)]);
      return Number(n) === events.length;
    }, { timeoutMs: 400_000, intervalMs: 1000, what: 'every demo event applied' });
    await waitFor(async () => Number((await h.dataSource.query(`SELECT count(*) AS n FROM alert_queue`))[0].n) === 0, { timeoutMs: 60_000, intervalMs: 200, what: 'alert queue drained' });
  }, 500_000);
  afterAll(async () => {
    await h?.close();
  });

  it('gives the district plan the same assessments without the registry, and after its migration and seed', async () => {
    const assessment = h.app.get(AssessmentService);
    await assessment.recomputeAll();
    const seeded = await snapshot();
    expect(seeded.assessments.length).toBeGreaterThan(INDICATORS.length);

    // The registry as its migration leaves it, before the seed: empty. The engine reads nothing from it.
    await h.dataSource.query(`DELETE FROM plan_audit; DELETE FROM plan_target; DELETE FROM plan_version; DELETE FROM plan`);
    await assessment.recomputeAll();
    const without = await snapshot();
    expect(without).toEqual(seeded);

    // The seed that runs at start, then a full recompute: still the same assessments and alerts.
    expect((await h.app.get(PlanImportService).seed()).map((v) => v.planId)).toContain(DISTRICT_PLAN_ID);
    await assessment.recomputeAll();
    expect(await snapshot()).toEqual(without);
    expect(await h.app.get(PlanRegistryService).get(DISTRICT_PLAN_ID)).toEqual(districtPlan(INDICATORS));
  });
});
