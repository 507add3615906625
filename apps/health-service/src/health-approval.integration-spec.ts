import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyService } from '@wdp/ingestion';
import { createServiceApp } from '@wdp/platform';
import { createTestDatabase, testInfra, uniqueTopic, type TestDatabase } from '@wdp/testing';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

const COMMUNITY = '520103001001';
const death = (reference: string, period: string) => ({ reference, area: COMMUNITY, period, age: 33, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' } });
const CELL_2024 = { datasetType: 'record', kind: 'maternal-death', period: '2024', area: '520103' };

/**
 * Review and approval of records at a departmental service (docs/approval.md): maternal deaths need approval here,
 * live births are approved automatically as by default. The cell is the kind's year in the district.
 */
describe('health service: records under review and approval', () => {
  let app: NestFastifyApplication;
  let db: TestDatabase;
  let sql: Client;
  const keys = { write: '', approver: '' };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, key: string, payload?: object) =>
    app.inject({ method, url, headers: { 'x-api-key': key, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload } : {}) });
  const count = async (table: string, where = 'true') => Number((await sql.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0].n);
  const approvalEvents = async () =>
    (await sql.query(`SELECT payload::jsonb AS event FROM outbox WHERE payload::jsonb->>'type' = 'gov.yunyan.health.submission.approval-changed.v1' ORDER BY id`)).rows.map((r) => r.event.data);

  beforeAll(async () => {
    const { kafkaBrokers, databaseUrl } = testInfra();
    db = await createTestDatabase('health_approval');
    const topic = await uniqueTopic('health-events', { partitions: 6 });
    const config = Object.assign(new HealthServiceConfig(), { DATABASE_URL: databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error' });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false, relay: false, approvalRequired: ['health/records/maternal-death'] }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const apiKeys = app.get(ApiKeyService);
    keys.write = (await apiKeys.issue({ department: 'health', scopes: ['write:health', 'read:health'], label: 'MCH system' })).key;
    keys.approver = (await apiKeys.issue({ department: 'health', scopes: ['approve:health', 'read:health'], label: 'MCH head' })).key;
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  it('locks an approved year against new, revised, moved and withdrawn records; unlocked with a reason it takes the correction', async () => {
    const created = await call('POST', '/v1/records/maternal-death', keys.write, { items: [death('MD-1', '2024-03'), death('MD-2', '2024-11')] });
    expect(created.statusCode).toBe(201);
    const [first, second] = created.json().items as { id: string }[];
    // Every write to a held cell publishes its draft state, with the data's own request.
    expect(await approvalEvents()).toEqual([expect.objectContaining({ ...CELL_2024, department: 'health', state: 'draft', version: 1 })]);
    // A dataset approved automatically publishes no states and has no cells.
    expect((await call('POST', '/v1/records/live-birth', keys.write, {
      reference: 'LB-1', area: COMMUNITY, period: '2024-05', sex: 'F', ageBand: '30-34', attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
    })).statusCode).toBe(201);
    expect(await count('submission_cell', `kind = 'live-birth'`)).toBe(0);
    const automatic = await call('POST', '/v1/submissions/submit', keys.write, { ...CELL_2024, kind: 'live-birth' });
    expect(automatic.statusCode).toBe(409);
    expect(automatic.json().errors).toEqual([{ field: 'kind', reason: 'is approved automatically' }]);

    expect((await call('POST', '/v1/submissions/submit', keys.write, CELL_2024)).json()).toMatchObject({ state: 'submitted' });
    const approved = await call('POST', '/v1/submissions/approve', keys.approver, CELL_2024);
    expect(approved.json()).toMatchObject({ state: 'approved', version: 3, fingerprint: { items: 2, revisionSum: 2 } });

    const before = { records: await count('records'), outbox: await count('outbox'), audit: await count('audit_log') };
    const refusals = [
      await call('POST', '/v1/records/maternal-death', keys.write, death('MD-3', '2024-06')),
      await call('PUT', `/v1/records/maternal-death/${first.id}`, keys.write, { ...death('MD-1', '2024-03'), age: 34 }),
      await call('PATCH', `/v1/records/maternal-death/${second.id}`, keys.write, { period: '2023-11' }),
      await call('DELETE', `/v1/records/maternal-death/${second.id}?reason=duplicate`, keys.write),
    ];
    for (const r of refusals) {
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({ detail: expect.stringContaining('2024 in 520103'), locked: [CELL_2024] });
    }
    // A record of another year moving into the locked one is refused too.
    const other = (await call('POST', '/v1/records/maternal-death', keys.write, death('MD-9', '2023-02'))).json().items[0] as { id: string };
    expect((await call('PATCH', `/v1/records/maternal-death/${other.id}`, keys.write, { period: '2024-02' })).statusCode).toBe(409);
    // Nothing of the refused requests was written: only MD-9, its event and its 2023 cell's draft event, and its audit row.
    expect(await count('records')).toBe(before.records + 1);
    expect(await count('outbox')).toBe(before.outbox + 2);
    expect(await count('audit_log')).toBe(before.audit + 1);
    expect(await count('records', `natural_key = 'MD-1' AND revision = 1`)).toBe(1);
    // Resubmitting exactly what is stored writes nothing, so it is still a no-op.
    expect((await call('POST', '/v1/records/maternal-death', keys.write, death('MD-1', '2024-03'))).statusCode).toBe(200);

    const unlocked = await call('POST', '/v1/submissions/unlock', keys.approver, { ...CELL_2024, reason: 'a death registered late' });
    expect(unlocked.json()).toMatchObject({ state: 'draft', comment: 'a death registered late' });
    expect((await call('PUT', `/v1/records/maternal-death/${first.id}`, keys.write, { ...death('MD-1', '2024-03'), age: 34 })).statusCode).toBe(200);
    expect((await call('POST', '/v1/submissions/submit', keys.write, CELL_2024)).statusCode).toBe(200);
    expect((await call('POST', '/v1/submissions/approve', keys.approver, CELL_2024)).json()).toMatchObject({ state: 'approved', fingerprint: { items: 2, revisionSum: 3 } });
    const states = (await approvalEvents()).filter((e) => e.period === '2024').map((e) => `${e.version}:${e.state}`);
    expect(states).toEqual(['1:draft', '2:submitted', '3:approved', '4:draft', '5:draft', '6:submitted', '7:approved']);
    const actions = (await sql.query(`SELECT action FROM audit_log WHERE action LIKE 'submission.%' ORDER BY id`)).rows.map((r) => r.action);
    expect(actions).toEqual(['submission.submit', 'submission.approve', 'submission.unlock', 'submission.submit', 'submission.approve']);
  });

  it('keeps the roles apart: the writer cannot approve, the approver cannot write, and no key may be both', async () => {
    const cell = { ...CELL_2024, period: '2022' };
    expect((await call('POST', '/v1/submissions/submit', keys.write, cell)).statusCode).toBe(200);
    expect((await call('POST', '/v1/submissions/approve', keys.write, cell)).statusCode).toBe(403);
    expect((await call('POST', '/v1/records/maternal-death', keys.approver, death('MD-X', '2022-01'))).statusCode).toBe(403);
    expect((await call('POST', '/v1/submissions/return', keys.approver, cell)).statusCode).toBe(422);
    // The comment is published and audited: a resident ID number in it is refused, and stored nowhere.
    const withId = await call('POST', '/v1/submissions/return', keys.approver, { ...cell, comment: 'check 11010519491231002X' });
    expect(withId.statusCode).toBe(422);
    expect(withId.body).not.toContain('11010519491231002X');
    expect(await count('submission_cell', `comment LIKE '%1949%'`) + await count('audit_log', `detail::text LIKE '%1949%'`)).toBe(0);
    expect((await call('POST', '/v1/submissions/return', keys.approver, { ...cell, comment: 'the November deaths are missing' })).json()).toMatchObject({ state: 'returned' });
    expect((await call('POST', '/v1/submissions/approve', keys.approver, cell)).statusCode).toBe(409);
    expect((await call('POST', '/v1/submissions/submit', keys.write, { ...cell, area: COMMUNITY })).json().errors).toEqual([{ field: 'area', reason: expect.stringContaining('district') }]);
    const both = await app.get(ApiKeyService).issue({ department: 'health', scopes: ['write:health', 'approve:health'], label: 'x' }).then(() => 'issued', (e: Error) => e.name);
    expect(both).not.toBe('issued');
  });
});
