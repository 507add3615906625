import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { recordKindsOf, returnKindsOf, type RecordEventData, type ReturnEventData } from '@wdp/contracts';
import { ApiKeyService, generateApiKey } from '@wdp/ingestion';
import { createServiceApp } from '@wdp/platform';
import {
  countRows, createTestDatabase, injectJson, outboxEventIds, readEventsById, testInfra, topicMessageCount, uniqueTopic,
  type InjectMethod, type InjectOptions, type TestDatabase,
} from '@wdp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { EmploymentServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The employment service against the real stack: its own fresh database, the real broker, and a topic of
 * its own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back
 * with a kafkajs consumer and matched by event id; their raw bytes are checked for identifiers.
 */
describe('employment-service records and returns (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  /** One new urban employment registration; `psn-` marks the pseudonymous subject reference. */
  const hire = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', occurredOn: '2025-06-12', sex: 'F', age: 23,
    attributes: { employmentForm: 'employee', collegeGraduate: true }, ...over,
  });
  const disease = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-04', sex: 'M', ageBand: '45-49',
    attributes: { diseaseCategory: 'pneumoconiosis', industry: 'mining', ...attributes },
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('employment_service');
    topic = await uniqueTopic('employment-events');
    const config = Object.assign(new EmploymentServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'employment', scopes: ['write:employment', 'read:employment'], label: 'test HRSS system' })).key;
    readOnlyKey = (await keys.issue({ department: 'employment', scopes: ['read:employment'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'family', scopes: ['write:family', 'read:family'], label: 'test civil affairs system' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('employment').key]) {
        const res = await call('POST', '/v1/records/new-urban-employment', { key, body: hire('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key and to a key without write scope, storing nothing', async () => {
      for (const key of [otherDeptKey, generateApiKey('social-security').key, readOnlyKey]) {
        expect((await call('POST', '/v1/records/new-urban-employment', { key, body: hire('AUTH-2') })).statusCode).toBe(403);
        expect((await call('POST', '/v1/returns/average-income', { key, body: { area: '520103', period: '2024', figures: [{ sex: 'T', value: 60000 }] } })).statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/new-urban-employment', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/new-urban-employment', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
      expect(await count('statistical_returns')).toBe(0);
    });
  });

  describe('records', () => {
    it('stores a valid employment registration and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body: hire('NUE-ONE-1') });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'NUE-ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'NUE-ONE-1' AND subject_ref = 'psn-NUE-ONE-1' AND kind = 'new-urban-employment'`)).toBe(1);

      const eventIds = await eventIdsOf([items[0].id]);
      expect(eventIds).toHaveLength(1);
      const [event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.employment.new-urban-employment.recorded.v1');
      expect(event.source).toBe('urn:wdp:employment-service');
      expect(event.key).toBe(items[0].id);
      expect(event.data as RecordEventData).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'employment', previous: null,
        current: { kind: 'new-urban-employment', area, period: '2025-06', sex: 'F', ageBand: '20-24', count: 1, attributes: { employmentForm: 'employee', collegeGraduate: true } },
      });
      // Neither the pseudonym, the reference, the exact age nor the exact date leaves the service.
      expect(event.raw).not.toMatch(/psn-|NUE-ONE-1|2025-06-12|"age"/);
    });

    it('accepts a batch atomically: every row stored and exactly one recorded event per item', async () => {
      const forms = ['employee', 'self-employed', 'flexible', 'public-welfare-post', 'business-start'];
      const items = Array.from({ length: 400 }, (_, i) => hire(`NUE-B-${i}`, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', occurredOn: undefined, age: 18 + (i % 40),
        attributes: { employmentForm: forms[i % 5], collegeGraduate: i % 4 === 0, ...(i % 9 === 0 ? { hardToEmploy: true } : {}) },
      }));
      const onTopicBefore = await topicMessageCount(kafkaBrokers, topic);
      const res = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 400, created: 400, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'NUE-B-%'`)).toBe(400);

      const recordIds: string[] = body.items.map((r: { id: string }) => r.id);
      const eventIds = await eventIdsOf(recordIds);
      expect(eventIds).toHaveLength(400);
      const events = await eventsOnKafka(eventIds);
      expect(events.map((e) => (e.data as RecordEventData).recordId).sort()).toEqual([...recordIds].sort());
      for (const e of events) {
        expect(e.type).toBe('gov.yunyan.employment.new-urban-employment.recorded.v1');
        expect(e.raw).not.toMatch(/psn-|NUE-B-/);
      }
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore + 400);
    }, 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        hire('NUE-BAD-0'),
        hire('NUE-BAD-1', { attributes: { employmentForm: 'gig', collegeGraduate: true } }),
        hire('NUE-BAD-2', { count: 5, age: 150 }),
        hire('NUE-BAD-3'),
        hire('NUE-BAD-4', { occurredOn: '2025-07-01', sex: undefined, attributes: { employmentForm: 'employee' } }),
      ];
      const res = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([1, 2, 4]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([
        'items[1].attributes.employmentForm', 'items[2].count', 'items[2].age', 'items[4].occurredOn', 'items[4].sex', 'items[4].attributes.collegeGraduate',
      ]));
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/occupational-disease-case', {
        key: writeKey, body: { items: [disease('OD-PII-0'), { ...disease('OD-PII-1'), subjectRef: '11010519491231002X' }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      const unknownField = await call('POST', '/v1/records/occupational-disease-case', { key: writeKey, body: { ...disease('OD-PII-2'), idCard: 'worker 11010519491231002X' } });
      expect(unknownField.statusCode).toBe(422);
      expect(unknownField.json().errors.map((e: { field: string }) => e.field)).toContain('idCard');
      expect(unknownField.body).not.toContain('11010519491231002X');
      expect(await count('records', `kind = 'occupational-disease-case'`)).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response without new rows or events', async () => {
      const idempotencyKey = randomUUID();
      const body = { items: [hire('NUE-IDEM-1'), hire('NUE-IDEM-2', { sex: 'M' })] };
      const first = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'NUE-IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);

      const reuse = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body: { items: [hire('NUE-IDEM-3')] }, headers: { 'idempotency-key': idempotencyKey } });
      expect(reuse.statusCode).toBe(409);
      expect(await count('records', `natural_key = 'NUE-IDEM-3'`)).toBe(0);
      const retried = await call('POST', '/v1/records/new-urban-employment', { key: writeKey, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('corrects an occupational disease case with PUT: revision 2 and a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/occupational-disease-case', { key: writeKey, body: disease('OD-1') });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const revised = await call('PUT', `/v1/records/occupational-disease-case/${id}`, { key: writeKey, body: disease('OD-1', { diseaseCategory: 'noise-induced-deafness', industry: 'manufacturing' }) });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { diseaseCategory: 'noise-induced-deafness' } });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(eventIds);
      expect(recorded.type).toBe('gov.yunyan.employment.occupational-disease-case.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.employment.occupational-disease-case.revised.v1');
      expect(revisedEvent.data as RecordEventData).toMatchObject({
        recordId: id, revision: 2, operation: 'revised', department: 'employment',
        previous: { kind: 'occupational-disease-case', sex: 'M', ageBand: '45-49', attributes: { diseaseCategory: 'pneumoconiosis', industry: 'mining' } },
        current: { kind: 'occupational-disease-case', sex: 'M', ageBand: '45-49', attributes: { diseaseCategory: 'noise-induced-deafness', industry: 'manufacturing' } },
      });
      expect(revisedEvent.raw).not.toMatch(/psn-|OD-1/);
    });

    it('withdraws a record with a reason: a withdrawn event carrying the previous fact', async () => {
      const created = await call('POST', '/v1/records/senior-professional-title', {
        key: writeKey, body: { reference: 'SPT-1', area: '520103001', period: '2025-12', sex: 'F', ageBand: '40-44', count: 37, attributes: { titleLevel: 'associate-senior', field: 'health' } },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const withdrawn = await call('DELETE', `/v1/records/senior-professional-title/${id}`, { key: writeKey, body: { reason: 'unit reported under the wrong street' } });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'unit reported under the wrong street' });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [, event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.employment.senior-professional-title.withdrawn.v1');
      expect(event.data).toMatchObject({
        recordId: id, operation: 'withdrawn', revision: 2, current: null,
        previous: { kind: 'senior-professional-title', sex: 'F', ageBand: '40-44', count: 37, attributes: { titleLevel: 'associate-senior' } },
      });
      expect(event.raw).not.toContain('SPT-1');
    });
  });

  describe('statistical returns', () => {
    const graduates = {
      area: '520103', period: '2024',
      figures: [{ sex: 'F', value: 90, numerator: 900, denominator: 1000 }, { sex: 'M', value: 88, numerator: 880, denominator: 1000 }],
    };

    it('stores a graduate-employment return with a submitted event, and revises it with PUT', async () => {
      const res = await call('POST', '/v1/returns/graduate-employment', { key: writeKey, body: graduates });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit: 'percent' });
      expect(await count('statistical_returns', `kind = 'graduate-employment'`)).toBe(1);
      const changed = { ...graduates, figures: [{ sex: 'F', value: 91, numerator: 910, denominator: 1000 }, graduates.figures[1]] };
      const revised = await call('PUT', `/v1/returns/graduate-employment/${id}`, { key: writeKey, body: changed });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ revision: 2, outcome: 'revised' });

      const [submitted, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
      expect(submitted.type).toBe('gov.yunyan.employment.graduate-employment-return.submitted.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.employment.graduate-employment-return.revised.v1');
      const data = revisedEvent.data as ReturnEventData;
      expect(data.previous!.figures[0]).toMatchObject({ sex: 'F', numerator: 900 });
      expect(data.current).toEqual({ kind: 'graduate-employment', area: '520103', period: '2024', unit: 'percent', figures: changed.figures });
    });

    it('rejects numerator > denominator with 422 naming the figure, storing nothing', async () => {
      const res = await call('POST', '/v1/returns/graduate-employment', {
        key: writeKey, body: { area: '520103001', period: '2024', figures: [{ sex: 'M', value: 100, numerator: 1200, denominator: 1000 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'figures[0].numerator', row: 0, reason: 'numerator must not exceed denominator' })]);
      expect(await count('statistical_returns', `area = '520103001'`)).toBe(0);
    });

    it('stores an average-income return by sex (a plain figure, no numerator or denominator)', async () => {
      const res = await call('POST', '/v1/returns/average-income', {
        key: writeKey, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 61200 }, { sex: 'M', value: 68900 }, { sex: 'T', value: 65300 }] },
      });
      expect(res.statusCode).toBe(201);
      const [event] = await eventsOnKafka(await eventIdsOf([res.json().id]));
      expect(event.type).toBe('gov.yunyan.employment.average-income-return.submitted.v1');
      expect((event.data as ReturnEventData).current).toMatchObject({ unit: 'yuan', figures: [{ sex: 'F', value: 61200 }, { sex: 'M', value: 68900 }, { sex: 'T', value: 65300 }] });
    });
  });

  it('documents every employment kind with its own schema', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    for (const schema of ['NewUrbanEmploymentRecord', 'SeniorProfessionalTitleRecord', 'OccupationalDiseaseCaseRecord', 'OccupationalDiseaseCaseAttributes', 'AverageIncomeReturn', 'GraduateEmploymentReturn']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/new-urban-employment', '/v1/records/senior-professional-title/{id}', '/v1/returns/employee-headcount']));
    expect(Object.keys(doc.paths).filter((p) => p.includes('enrolment'))).toEqual([]);
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('employment').length + returnKindsOf('employment').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103002' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });
});
