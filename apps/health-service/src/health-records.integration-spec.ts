import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { recordKindsOf, returnKindsOf, type RecordEventData, type ReturnEventData } from '@wdp/contracts';
import { ApiKeyService, generateApiKey } from '@wdp/ingestion';
import { createServiceApp } from '@wdp/platform';
import {
  countRows, createTestDatabase, injectJson, outboxEventIds, readEventsById, testInfra, topicMessageCount, uniqueTopic, waitFor,
  type InjectMethod, type InjectOptions, type TestDatabase,
} from '@wdp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The health service against the real stack: its own fresh database, the real broker, and a topic of its
 * own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back with a
 * kafkajs consumer and matched by event id.
 */
describe('health-service records and returns (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  let adminKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  const birth = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `p-${reference}`, area, period: '2025-07', sex: 'F', ageBand: '30-34',
    attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' }, ...over,
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('health_service');
    topic = await uniqueTopic('health-events');
    const config = Object.assign(new HealthServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    sql.on('error', () => undefined); // terminated on purpose by the outage test
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'health', scopes: ['write:health', 'read:health'], label: 'test MCH system' })).key;
    readOnlyKey = (await keys.issue({ department: 'health', scopes: ['read:health'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'education', scopes: ['write:education', 'read:education'], label: 'test school system' })).key;
    adminKey = (await keys.issue({ department: 'health', scopes: ['admin'], label: 'test admin' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with a wrong or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('health').key]) {
        const res = await call('POST', '/v1/records/live-birth', { key, body: birth('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
        expect(res.body).not.toContain(key ?? 'never');
      }
    });

    it('answers 403 to another department’s key (known here or not) and to a key without write scope', async () => {
      for (const key of [otherDeptKey, generateApiKey('education').key, readOnlyKey]) {
        const res = await call('POST', '/v1/records/live-birth', { key, body: birth('AUTH-2') });
        expect(res.statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/live-birth', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/live-birth', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('revokes a key through the admin API with immediate effect', async () => {
      const issued = await call('POST', '/v1/admin/api-keys', { key: adminKey, body: { department: 'health', scopes: ['read:health'], label: 'short-lived' } });
      expect(issued.statusCode).toBe(201);
      const { id, key } = issued.json();
      expect((await call('GET', '/v1/records/live-birth', { key })).statusCode).toBe(200);
      const listed = await call('GET', '/v1/admin/api-keys', { key: adminKey });
      expect(listed.body).toContain(id);
      expect(listed.body).not.toContain(key);
      expect((await call('DELETE', `/v1/admin/api-keys/${id}?reason=rotated`, { key: adminKey })).statusCode).toBe(200);
      const after = await call('GET', '/v1/records/live-birth', { key });
      expect(after.statusCode).toBe(401);
      expect(after.json().detail).toContain('revoked');
      expect((await call('GET', '/v1/admin/api-keys', { key: writeKey })).statusCode).toBe(403);
      const [{ key_hash }] = (await sql.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [id])).rows;
      expect(key_hash).not.toBe(key);
    });
  });

  describe('records', () => {
    it('stores a valid record and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('ONE-1', { occurredOn: '2025-07-03' }) });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'ONE-1' AND subject_ref = 'p-ONE-1'`)).toBe(1);

      const [event] = await eventsOnKafka(await eventIdsOf([items[0].id]));
      expect(event.type).toBe('gov.yunyan.health.live-birth.recorded.v1');
      expect(event.key).toBe(items[0].id);
      const data = event.data as RecordEventData;
      expect(data).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'health', previous: null,
        current: { kind: 'live-birth', area, period: '2025-07', sex: 'F', ageBand: '30-34', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } },
      });
      expect(JSON.stringify(event)).not.toMatch(/p-ONE-1|ONE-1|2025-07-03/);
    });

    it('accepts a batch of 10,000 atomically: 10,000 rows and one event per item', async () => {
      const items = Array.from({ length: 10_000 }, (_, i) => birth(`BIG-${i}`, { sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001' }));
      const res = await call('POST', '/v1/records/live-birth', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 10_000, created: 10_000, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'BIG-%'`)).toBe(10_000);
      const ids = await eventIdsOf(body.items.map((r: { id: string }) => r.id));
      expect(ids).toHaveLength(10_000);
      const events = await eventsOnKafka(ids);
      expect(new Set(events.map((e) => (e.data as RecordEventData).recordId)).size).toBe(10_000);
    }, 180_000);

    it('rejects an invalid batch with 422 naming every bad row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        birth('BAD-0'),
        birth('BAD-1'),
        birth('BAD-2', { sex: 'X' }),
        birth('BAD-3'),
        birth('BAD-4'),
        birth('BAD-5', { area: '000000', period: '2099-01', attributes: { deliveryPlace: 'hospital' } }),
      ];
      const res = await call('POST', '/v1/records/live-birth', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([2, 5]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['items[2].sex', 'items[5].area', 'items[5].period', 'items[5].attributes.deliveryMode']),
      );
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects an ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/live-birth', {
        key: writeKey, body: { items: [birth('PII-0'), birth('PII-1', { subjectRef: 'mother 11010519491231002X' })] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      expect(await count('records', `natural_key LIKE 'PII-%'`)).toBe(0);
    });

    it('validates without writing on dryRun=true', async () => {
      const outboxBefore = await count('outbox');
      const res = await call('POST', '/v1/records/live-birth?dryRun=true', { key: writeKey, body: { items: [birth('DRY-1'), birth('ONE-1', { occurredOn: '2025-07-03' })] } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: true, created: 1, unchanged: 1 });
      expect(res.json().items.map((i: { status: string }) => i.status)).toEqual(['would-create', 'unchanged']);
      expect(await count('records', `natural_key = 'DRY-1'`)).toBe(0);
      expect(await count('outbox')).toBe(outboxBefore);
      expect((await call('POST', '/v1/records/live-birth?dryRun=true', { key: writeKey, body: birth('DRY-2', { sex: 'Q' }) })).statusCode).toBe(422);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response, a reused one with another body is 409', async () => {
      const key = randomUUID();
      const body = { items: [birth('IDEM-1'), birth('IDEM-2')] };
      const first = await call('POST', '/v1/records/live-birth', { key: writeKey, body, headers: { 'idempotency-key': key } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/live-birth', { key: writeKey, body, headers: { 'idempotency-key': key } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);

      const reuse = await call('POST', '/v1/records/live-birth', { key: writeKey, body: { items: [birth('IDEM-3')] }, headers: { 'idempotency-key': key } });
      expect(reuse.statusCode).toBe(409);
      expect(reuse.json().errors[0].field).toBe('Idempotency-Key');
      expect(await count('records', `natural_key = 'IDEM-3'`)).toBe(0);
    });

    it('treats a resubmitted natural key as a no-op, and a changed one as a 409 pointing at PUT', async () => {
      const again = await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('IDEM-1') });
      expect(again.statusCode).toBe(200);
      expect(again.json().items[0].status).toBe('unchanged');
      const changed = await call('POST', '/v1/records/live-birth', { key: writeKey, body: { items: [birth('NEW-1'), birth('IDEM-1', { sex: 'M' })] } });
      expect(changed.statusCode).toBe(409);
      expect(changed.json().errors[0]).toMatchObject({ field: 'items[1].reference', row: 1 });
      expect(changed.json().errors[0].reason).toContain('PUT /v1/records/live-birth/');
      expect(await count('records', `natural_key = 'NEW-1'`)).toBe(0);
      expect(await count('records', `natural_key = 'IDEM-1'`)).toBe(1);
    });

    it('revises a record: revision 2 and a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/maternal-death', {
        key: writeKey,
        body: { reference: 'MD-1', area, period: '2025-05', age: 33, attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' } },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const revised = await call('PUT', `/v1/records/maternal-death/${id}`, {
        key: writeKey,
        body: { reference: 'MD-1', area, period: '2025-05', age: 33, attributes: { causeGroup: 'hypertensive-disorder', placeOfDeath: 'hospital' } },
      });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { causeGroup: 'hypertensive-disorder' } });

      const ids = await eventIdsOf([id]);
      expect(ids).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(ids);
      expect(recorded.type).toBe('gov.yunyan.health.maternal-death.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.health.maternal-death.revised.v1');
      const data = revisedEvent.data as RecordEventData;
      expect(data).toMatchObject({ recordId: id, revision: 2, operation: 'revised' });
      expect(data.previous).toMatchObject({ kind: 'maternal-death', ageBand: '30-34', attributes: { causeGroup: 'obstetric-haemorrhage' } });
      expect(data.current).toMatchObject({ kind: 'maternal-death', ageBand: '30-34', attributes: { causeGroup: 'hypertensive-disorder' } });
      expect(data.current!.sex).toBeUndefined();

      const sameAgain = await call('PUT', `/v1/records/maternal-death/${id}`, {
        key: writeKey,
        body: { reference: 'MD-1', area, period: '2025-05', age: 33, attributes: { causeGroup: 'hypertensive-disorder', placeOfDeath: 'hospital' } },
      });
      expect(sameAgain.json().revision).toBe(2);
      const renamed = await call('PUT', `/v1/records/maternal-death/${id}`, {
        key: writeKey, body: { reference: 'MD-2', area, period: '2025-05', age: 33, attributes: { causeGroup: 'indirect', placeOfDeath: 'hospital' } },
      });
      expect(renamed.statusCode).toBe(422);
      expect((await call('PUT', `/v1/records/live-birth/${id}`, { key: writeKey, body: birth('X') })).statusCode).toBe(404);
    });

    it('withdraws a record: a withdrawn event carrying the previous fact; withdrawing again is a no-op', async () => {
      const created = await call('POST', '/v1/records/anaemia-test', {
        key: writeKey, body: { reference: 'AN-1', area, period: '2025-06', ageBand: '25-29', attributes: { gestationAtTest: 'second-trimester', anaemiaGrade: 'mild' } },
      });
      const id = created.json().items[0].id;
      const withdrawn = await call('DELETE', `/v1/records/anaemia-test/${id}?reason=${encodeURIComponent('entered twice')}`, { key: writeKey });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'entered twice' });
      expect((await call('DELETE', `/v1/records/anaemia-test/${id}?reason=again`, { key: writeKey })).json().revision).toBe(2);
      expect((await call('DELETE', `/v1/records/anaemia-test/${id}`, { key: writeKey })).statusCode).toBe(422);

      const ids = await eventIdsOf([id]);
      expect(ids).toHaveLength(2);
      const [, event] = await eventsOnKafka(ids);
      expect(event.type).toBe('gov.yunyan.health.anaemia-test.withdrawn.v1');
      expect(event.data).toMatchObject({ operation: 'withdrawn', revision: 2, current: null, previous: { kind: 'anaemia-test', attributes: { anaemiaGrade: 'mild' } } });

      const resubmit = await call('POST', '/v1/records/anaemia-test', {
        key: writeKey, body: { reference: 'AN-1', area, period: '2025-06', ageBand: '25-29', attributes: { gestationAtTest: 'second-trimester', anaemiaGrade: 'mild' } },
      });
      expect(resubmit.statusCode).toBe(409);
      expect(resubmit.json().errors[0].reason).toContain('withdrawn');
    });

    it('corrects part of a record with a JSON merge patch, and takes a withdrawal reason from a JSON body', async () => {
      const created = await call('POST', '/v1/records/cervical-cancer-screening', {
        key: writeKey, body: { reference: 'CX-1', area, period: '2025-04', age: 41, attributes: { method: 'hpv', result: 'negative', programme: 'public-free' } },
      });
      const id = created.json().items[0].id;
      const patched = await app.inject({
        method: 'PATCH', url: `/v1/records/cervical-cancer-screening/${id}`,
        headers: { 'x-api-key': writeKey, 'content-type': 'application/merge-patch+json' },
        payload: JSON.stringify({ attributes: { result: 'abnormal-referred' }, age: null, ageBand: '40-44' }),
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ revision: 2, ageBand: '40-44', attributes: { method: 'hpv', result: 'abnormal-referred', programme: 'public-free' } });
      expect(patched.json().age).toBeUndefined();
      const badPatch = await call('PUT', `/v1/records/cervical-cancer-screening/${id}`, { key: writeKey, body: { attributes: { result: 'unknown' } } });
      expect(badPatch.statusCode).toBe(422);

      const [, revised] = await eventsOnKafka(await eventIdsOf([id]));
      expect(revised.data).toMatchObject({ operation: 'revised', previous: { attributes: { result: 'negative' } }, current: { attributes: { result: 'abnormal-referred' } } });

      expect((await call('DELETE', `/v1/records/cervical-cancer-screening/${id}`, { key: writeKey, body: { reason: 'duplicate of CX-0' } })).json())
        .toMatchObject({ status: 'withdrawn', withdrawnReason: 'duplicate of CX-0' });
    });

    it('refuses absurdly nested bodies with 422 rather than failing', async () => {
      const deep = `${'['.repeat(5_000)}"x"${']'.repeat(5_000)}`;
      const payload = JSON.stringify(birth('DEEP-1', { attributes: '__DEEP__' })).replace('"__DEEP__"', deep);
      const res = await app.inject({
        method: 'POST', url: '/v1/records/live-birth', payload,
        headers: { 'x-api-key': writeKey, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].reason).toContain('nested more than');
    });

    it('lets the department list (paged, filtered) and fetch what it submitted', async () => {
      const page1 = await call('GET', '/v1/records/live-birth?limit=2&periodFrom=2025-07&periodTo=2025-Q3&area=520103001', { key: readOnlyKey });
      expect(page1.statusCode).toBe(200);
      const p1 = page1.json();
      expect(p1.items).toHaveLength(2);
      expect(p1.nextCursor).toEqual(expect.any(String));
      const page2 = (await call('GET', `/v1/records/live-birth?limit=2&periodFrom=2025-07&area=520103001&cursor=${p1.nextCursor}`, { key: readOnlyKey })).json();
      expect(page2.items[0].id).not.toBe(p1.items[1].id);
      const byRef = (await call('GET', '/v1/records/live-birth?reference=ONE-1', { key: readOnlyKey })).json();
      expect(byRef.items).toHaveLength(1);
      const one = await call('GET', `/v1/records/live-birth/${byRef.items[0].id}`, { key: readOnlyKey });
      expect(one.json()).toMatchObject({ reference: 'ONE-1', subjectRef: 'p-ONE-1', revision: 1, status: 'active' });
      expect((await call('GET', '/v1/records/live-birth?periodFrom=2030', { key: readOnlyKey })).json().items).toEqual([]);
      expect((await call('GET', `/v1/records/live-birth/${randomUUID()}`, { key: readOnlyKey })).statusCode).toBe(404);
      expect((await call('GET', '/v1/records/live-birth?cursor=garbage', { key: readOnlyKey })).statusCode).toBe(422);
      expect((await call('GET', '/v1/records/live-birth?bogus=1', { key: readOnlyKey })).statusCode).toBe(422);
    });

    it('answers bad input with problem details, never 5xx', async () => {
      const notJson = await app.inject({ method: 'POST', url: '/v1/records/live-birth', headers: { 'x-api-key': writeKey, 'content-type': 'application/json' }, payload: '{"items": [' });
      expect(notJson.statusCode).toBe(400);
      expect((await call('POST', '/v1/records/live-birth', { key: writeKey, body: [1, 2] })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: writeKey, body: { items: 'x' } })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('BIGNUM', { count: 1e308 }) })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('H', { headers: 'x' }), headers: { 'idempotency-key': 'bad key with spaces' } })).statusCode).toBe(422);
      expect((await call('PUT', '/v1/records/live-birth/not-a-uuid', { key: writeKey, body: birth('Z') })).statusCode).toBe(404);
    });
  });

  describe('statistical returns', () => {
    const life = { area: '520103', period: '2024', figures: [{ sex: 'F', value: 81.2 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.8 }] };

    it('stores a return with a submitted event; same figures again is a no-op; different figures are a 409; PUT revises', async () => {
      const res = await call('POST', '/v1/returns/life-expectancy', { key: writeKey, body: life });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit: 'years' });
      expect((await call('POST', '/v1/returns/life-expectancy', { key: writeKey, body: life })).json().outcome).toBe('unchanged');
      const changed = { ...life, figures: [{ sex: 'F', value: 81.5 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.9 }] };
      expect((await call('POST', '/v1/returns/life-expectancy', { key: writeKey, body: changed })).statusCode).toBe(409);
      const revised = await call('PUT', `/v1/returns/life-expectancy/${id}`, { key: writeKey, body: changed });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ revision: 2, outcome: 'revised' });

      const [submitted, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
      expect(submitted.type).toBe('gov.yunyan.health.life-expectancy-return.submitted.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.health.life-expectancy-return.revised.v1');
      const data = revisedEvent.data as ReturnEventData;
      expect(data.previous!.figures[0].value).toBe(81.2);
      expect(data.current).toEqual({ kind: 'life-expectancy', area: '520103', period: '2024', unit: 'years', figures: changed.figures });
    });

    it('rejects numerator > denominator and figures that contradict them', async () => {
      const res = await call('POST', '/v1/returns/health-literacy', {
        key: writeKey, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 120, numerator: 300, denominator: 250 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['figures[0].value']));
      const nd = await call('POST', '/v1/returns/health-literacy', {
        key: writeKey, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 300, denominator: 250 }] },
      });
      expect(nd.json().errors).toEqual([expect.objectContaining({ field: 'figures[0].numerator', reason: 'numerator must not exceed denominator' })]);
      expect(await count('statistical_returns', `kind = 'health-literacy'`)).toBe(0);
    });
  });

  it('documents every kind with its own schema, the X-API-Key scheme and the error statuses', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    for (const schema of ['LiveBirthRecord', 'LiveBirthAttributes', 'CervicalCancerScreeningRecord', 'InducedAbortionRecord', 'HealthLiteracyReturn', 'TcmVillageClinicsReturn']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    const post = doc.paths['/v1/records/live-birth'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '409', '413', '422', '503']);
    expect(post.requestBody.content['application/json'].examples.batch.value.items).toHaveLength(2);
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('health').length + returnKindsOf('health').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103001' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });

  it('answers 503 with Retry-After while the database refuses connections, then recovers', async () => {
    const admin = new Client({ connectionString: testInfra().databaseUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
      const res = await waitFor(async () => {
        const r = await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('OUTAGE-1') });
        return r.statusCode === 503 ? r : undefined;
      }, { timeoutMs: 15_000, what: '503 during the outage' });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().status).toBe(503);
    } finally {
      await admin.query(`ALTER DATABASE "${db.name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await sql.end().catch(() => undefined);
    sql = new Client({ connectionString: db.url });
    sql.on('error', () => undefined);
    await sql.connect();
    const ok = await waitFor(async () => {
      const r = await call('POST', '/v1/records/live-birth', { key: writeKey, body: birth('OUTAGE-1') });
      return r.statusCode === 201 ? r : undefined;
    }, { timeoutMs: 20_000, what: 'recovery after the outage' });
    expect(ok.statusCode).toBe(201);
  });
});
