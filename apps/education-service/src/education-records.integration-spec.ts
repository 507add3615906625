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
import { EducationServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The education service against the real stack: its own fresh database, the real broker, and a topic of
 * its own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back
 * with a kafkajs consumer and matched by event id; their raw bytes are checked for identifiers.
 */
describe('education-service records and returns (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  /** A school's enrolment count on census day; `psn-` marks the pseudonymous subject reference. */
  const enrolment = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-09', sex: 'F', ageBand: '10-14', count: 42,
    attributes: { schoolYear: '2025-2026', level: 'junior-secondary', ageEligible: true }, ...over,
  });
  const dropout = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-03', sex: 'M', age: 14,
    attributes: { schoolYear: '2024-2025', level: 'junior-secondary', grade: 8, ...attributes },
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('education_service');
    topic = await uniqueTopic('education-events');
    const config = Object.assign(new EducationServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'education', scopes: ['write:education', 'read:education'], label: 'test school MIS' })).key;
    readOnlyKey = (await keys.issue({ department: 'education', scopes: ['read:education'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'health', scopes: ['write:health', 'read:health'], label: 'test MCH system' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('education').key]) {
        const res = await call('POST', '/v1/records/enrolment', { key, body: enrolment('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key and to a key without write scope, storing nothing', async () => {
      for (const key of [otherDeptKey, generateApiKey('health').key, readOnlyKey]) {
        expect((await call('POST', '/v1/records/enrolment', { key, body: enrolment('AUTH-2') })).statusCode).toBe(403);
        expect((await call('POST', '/v1/returns/science-literacy', { key, body: { area: '520103', period: '2024', figures: [{ sex: 'T', value: 10, numerator: 1, denominator: 10 }] } })).statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/enrolment', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/enrolment', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
      expect(await count('statistical_returns')).toBe(0);
    });
  });

  describe('records', () => {
    it('stores a valid enrolment record and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/enrolment', { key: writeKey, body: enrolment('ENR-ONE-1') });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'ENR-ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'ENR-ONE-1' AND subject_ref = 'psn-ENR-ONE-1' AND kind = 'enrolment'`)).toBe(1);

      const eventIds = await eventIdsOf([items[0].id]);
      expect(eventIds).toHaveLength(1);
      const [event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.education.enrolment.recorded.v1');
      expect(event.source).toBe('urn:wdp:education-service');
      expect(event.key).toBe(items[0].id);
      expect(event.data as RecordEventData).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'education', previous: null,
        current: {
          kind: 'enrolment', area, period: '2025-09', sex: 'F', ageBand: '10-14', count: 42,
          attributes: { schoolYear: '2025-2026', level: 'junior-secondary', ageEligible: true },
        },
      });
      expect(event.raw).not.toContain('psn-');
      expect(event.raw).not.toContain('ENR-ONE-1');
    });

    it('accepts a batch atomically: every row stored and exactly one recorded event per item', async () => {
      const levels = ['primary', 'junior-secondary', 'senior-general', 'senior-vocational'];
      const items = Array.from({ length: 400 }, (_, i) => enrolment(`ENR-B-${i}`, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', count: 1 + (i % 50),
        attributes: { schoolYear: '2025-2026', level: levels[i % 4], ageEligible: i % 5 !== 0, ...(i % 7 === 0 ? { migrantChild: true } : {}) },
      }));
      const onTopicBefore = await topicMessageCount(kafkaBrokers, topic);
      const res = await call('POST', '/v1/records/enrolment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 400, created: 400, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'ENR-B-%'`)).toBe(400);

      const recordIds: string[] = body.items.map((r: { id: string }) => r.id);
      const eventIds = await eventIdsOf(recordIds);
      expect(eventIds).toHaveLength(400);
      const events = await eventsOnKafka(eventIds);
      expect(events.map((e) => (e.data as RecordEventData).recordId).sort()).toEqual([...recordIds].sort());
      for (const e of events) {
        expect(e.type).toBe('gov.yunyan.education.enrolment.recorded.v1');
        expect(e.raw).not.toMatch(/psn-|ENR-B-/);
      }
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore + 400);
    }, 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        enrolment('ENR-BAD-0'),
        enrolment('ENR-BAD-1', { attributes: { schoolYear: '2025/26', level: 'junior-secondary', ageEligible: true } }),
        enrolment('ENR-BAD-2'),
        enrolment('ENR-BAD-3', { sex: 'X', count: 0 }),
        enrolment('ENR-BAD-4', { area: '999999', period: '2099-01', attributes: { schoolYear: '2025-2026', level: 'university' } }),
      ];
      const res = await call('POST', '/v1/records/enrolment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([1, 3, 4]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([
        'items[1].attributes.schoolYear', 'items[3].sex', 'items[3].count',
        'items[4].area', 'items[4].period', 'items[4].attributes.level', 'items[4].attributes.ageEligible',
      ]));
      for (const e of problem.errors) expect(e.reason).toEqual(expect.any(String));
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/dropout', {
        key: writeKey, body: { items: [dropout('DROP-PII-0'), { ...dropout('DROP-PII-1'), subjectRef: 'pupil 11010519491231002X' }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      const inReference = await call('POST', '/v1/records/dropout', { key: writeKey, body: dropout('11010519491231002X') });
      expect(inReference.statusCode).toBe(422);
      expect(inReference.json().errors[0].field).toBe('reference');
      expect(await count('records', `kind = 'dropout'`)).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response without new rows or events', async () => {
      const idempotencyKey = randomUUID();
      const body = { items: [enrolment('ENR-IDEM-1'), enrolment('ENR-IDEM-2', { sex: 'M' })] };
      const first = await call('POST', '/v1/records/enrolment', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/enrolment', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'ENR-IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);
      expect(await eventIdsOf(first.json().items.map((i: { id: string }) => i.id))).toHaveLength(2);

      const reuse = await call('POST', '/v1/records/enrolment', { key: writeKey, body: { items: [enrolment('ENR-IDEM-3')] }, headers: { 'idempotency-key': idempotencyKey } });
      expect(reuse.statusCode).toBe(409);
      expect(await count('records', `natural_key = 'ENR-IDEM-3'`)).toBe(0);
      // Without the header the natural key alone keeps a retry from counting twice.
      const retried = await call('POST', '/v1/records/enrolment', { key: writeKey, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('corrects a dropout record with PUT: revision 2 and a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/dropout', { key: writeKey, body: dropout('DROP-1') });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const revised = await call('PUT', `/v1/records/dropout/${id}`, { key: writeKey, body: dropout('DROP-1', { grade: 9 }) });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { grade: 9 } });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(eventIds);
      expect(recorded.type).toBe('gov.yunyan.education.dropout.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.education.dropout.revised.v1');
      expect(revisedEvent.data as RecordEventData).toMatchObject({
        recordId: id, revision: 2, operation: 'revised', department: 'education',
        previous: { kind: 'dropout', sex: 'M', ageBand: '10-14', count: 1, attributes: { grade: 8 } },
        current: { kind: 'dropout', sex: 'M', ageBand: '10-14', count: 1, attributes: { grade: 9 } },
      });
      expect(revisedEvent.raw).not.toMatch(/psn-|DROP-1/);
    });

    it('withdraws a record with a reason: a withdrawn event carrying the previous fact', async () => {
      const created = await call('POST', '/v1/records/nine-year-cohort', {
        key: writeKey, body: { reference: 'COH-1', area: '520103001', period: '2025-07', sex: 'F', count: 812, attributes: { schoolYear: '2024-2025', stage: 'graduate' } },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      expect((await call('DELETE', `/v1/records/nine-year-cohort/${id}`, { key: writeKey })).statusCode).toBe(422);
      const withdrawn = await call('DELETE', `/v1/records/nine-year-cohort/${id}?reason=${encodeURIComponent('reported twice')}`, { key: writeKey });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'reported twice' });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [, event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.education.nine-year-cohort.withdrawn.v1');
      expect(event.data).toMatchObject({
        recordId: id, operation: 'withdrawn', revision: 2, current: null,
        previous: { kind: 'nine-year-cohort', sex: 'F', count: 812, attributes: { stage: 'graduate' } },
      });
      expect(event.raw).not.toContain('COH-1');
    });
  });

  describe('statistical returns', () => {
    const literacy = {
      area: '520103', period: '2024',
      figures: [{ sex: 'F', value: 12.5, numerator: 250, denominator: 2000 }, { sex: 'M', value: 15, numerator: 300, denominator: 2000 }],
    };

    it('stores a science-literacy return with a submitted event, and revises it with PUT', async () => {
      const res = await call('POST', '/v1/returns/science-literacy', { key: writeKey, body: literacy });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit: 'percent' });
      expect(await count('statistical_returns', `kind = 'science-literacy'`)).toBe(1);
      const changed = { ...literacy, figures: [{ sex: 'F', value: 13, numerator: 260, denominator: 2000 }, literacy.figures[1]] };
      const revised = await call('PUT', `/v1/returns/science-literacy/${id}`, { key: writeKey, body: changed });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ revision: 2, outcome: 'revised' });

      const [submitted, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
      expect(submitted.type).toBe('gov.yunyan.education.science-literacy-return.submitted.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.education.science-literacy-return.revised.v1');
      const data = revisedEvent.data as ReturnEventData;
      expect(data.previous!.figures[0]).toMatchObject({ sex: 'F', numerator: 250 });
      expect(data.current).toEqual({ kind: 'science-literacy', area: '520103', period: '2024', unit: 'percent', figures: changed.figures });
    });

    it('rejects numerator > denominator with 422 naming the figure, storing nothing', async () => {
      const res = await call('POST', '/v1/returns/science-literacy', {
        key: writeKey, body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 2100, denominator: 2000 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'figures[0].numerator', row: 0, reason: 'numerator must not exceed denominator' })]);
      expect(await count('statistical_returns', `area = '520103001'`)).toBe(0);
    });

    it('accepts a plain return without numerator and denominator for average years of schooling', async () => {
      const res = await call('POST', '/v1/returns/average-years-of-schooling', {
        key: writeKey, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 11.2 }, { sex: 'M', value: 11.6 }, { sex: 'T', value: 11.4 }] },
      });
      expect(res.statusCode).toBe(201);
      const [event] = await eventsOnKafka(await eventIdsOf([res.json().id]));
      expect(event.type).toBe('gov.yunyan.education.average-years-of-schooling-return.submitted.v1');
    });
  });

  it('documents every education kind with its own schema', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    for (const schema of ['EnrolmentRecord', 'EnrolmentAttributes', 'NineYearCohortRecord', 'DropoutRecord', 'ScienceLiteracyReturn', 'AverageYearsOfSchoolingReturn']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/enrolment', '/v1/records/nine-year-cohort/{id}', '/v1/returns/science-literacy']));
    expect(Object.keys(doc.paths).filter((p) => p.includes('live-birth'))).toEqual([]);
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('education').length + returnKindsOf('education').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103002' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });
});
