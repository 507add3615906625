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
import { FamilyServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The family service against the real stack: its own fresh database, the real broker, and a topic of
 * its own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back
 * with a kafkajs consumer and matched by event id; their raw bytes are checked for identifiers.
 */
describe('family-service records and returns (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  /** A family dispute taken up for mediation; `psn-` marks the pseudonymous subject reference (the applicant). */
  const mediation = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-05', occurredOn: '2025-05-20', sex: 'F', age: 41,
    attributes: { disputeType: 'marital', outcome: 'pending', mediator: 'peoples-mediation-committee' }, ...over,
  });
  /** One provider's childcare places at period end: a facility, so no sex and no age. */
  const places = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, area, period: '2025-06', count: 60, attributes: { providerType: 'community', affordable: true }, ...over,
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('family_service');
    topic = await uniqueTopic('family-events');
    const config = Object.assign(new FamilyServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'family', scopes: ['write:family', 'read:family'], label: 'test civil affairs system' })).key;
    readOnlyKey = (await keys.issue({ department: 'family', scopes: ['read:family'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'rights-protection', scopes: ['write:rights-protection', 'read:rights-protection'], label: 'test police case system' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('family').key]) {
        const res = await call('POST', '/v1/records/family-dispute-mediation', { key, body: mediation('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key and to a key without write scope, storing nothing', async () => {
      for (const key of [otherDeptKey, generateApiKey('education').key, readOnlyKey]) {
        expect((await call('POST', '/v1/records/family-dispute-mediation', { key, body: mediation('AUTH-2') })).statusCode).toBe(403);
        expect((await call('POST', '/v1/returns/housework-time', { key, body: { area: '520103', period: '2024', figures: [{ sex: 'T', value: 120 }] } })).statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/family-dispute-mediation', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/family-dispute-mediation', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
      expect(await count('statistical_returns')).toBe(0);
    });
  });

  describe('records', () => {
    it('stores a valid family-dispute mediation and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/family-dispute-mediation', { key: writeKey, body: mediation('MED-ONE-1') });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'MED-ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'MED-ONE-1' AND subject_ref = 'psn-MED-ONE-1' AND kind = 'family-dispute-mediation'`)).toBe(1);

      const eventIds = await eventIdsOf([items[0].id]);
      expect(eventIds).toHaveLength(1);
      const [event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.family.family-dispute-mediation.recorded.v1');
      expect(event.source).toBe('urn:wdp:family-service');
      expect(event.key).toBe(items[0].id);
      expect(event.data as RecordEventData).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'family', previous: null,
        current: {
          kind: 'family-dispute-mediation', area, period: '2025-05', sex: 'F', ageBand: '40-44', count: 1,
          attributes: { disputeType: 'marital', outcome: 'pending', mediator: 'peoples-mediation-committee' },
        },
      });
      expect(event.raw).not.toMatch(/psn-|MED-ONE-1|2025-05-20|"age"/);
    });

    it('accepts a batch of childcare-place counts atomically: every row stored and exactly one recorded event per item', async () => {
      const providers = ['public', 'private', 'employer', 'community', 'kindergarten-nursery-class'];
      const items = Array.from({ length: 400 }, (_, i) => places(`CCP-B-${i}`, {
        area: i % 3 ? area : '520103001', count: 20 + (i % 80), attributes: { providerType: providers[i % 5], affordable: i % 3 !== 0 },
      }));
      const onTopicBefore = await topicMessageCount(kafkaBrokers, topic);
      const res = await call('POST', '/v1/records/childcare-places', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 400, created: 400, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'CCP-B-%'`)).toBe(400);

      const recordIds: string[] = body.items.map((r: { id: string }) => r.id);
      const eventIds = await eventIdsOf(recordIds);
      expect(eventIds).toHaveLength(400);
      const events = await eventsOnKafka(eventIds);
      expect(events.map((e) => (e.data as RecordEventData).recordId).sort()).toEqual([...recordIds].sort());
      for (const e of events) {
        expect(e.type).toBe('gov.yunyan.family.childcare-places.recorded.v1');
        expect(e.raw).not.toContain('CCP-B-');
        expect((e.data as RecordEventData).current).not.toHaveProperty('sex');
      }
      const total = events.reduce((sum, e) => sum + (e.data as RecordEventData).current!.count, 0);
      expect(total).toBe(items.reduce((sum, i) => sum + i.count, 0));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore + 400);
    }, 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        places('CCP-BAD-0'),
        places('CCP-BAD-1', { sex: 'F', ageBand: '0-4' }),
        places('CCP-BAD-2'),
        places('CCP-BAD-3', { count: 2.5, attributes: { providerType: 'home', affordable: 'yes' } }),
        places('CCP-BAD-4', { period: '2025', area: '' }),
      ];
      const res = await call('POST', '/v1/records/childcare-places', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([1, 3, 4]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([
        'items[1].sex', 'items[1].ageBand', 'items[3].count', 'items[3].attributes.providerType', 'items[3].attributes.affordable', 'items[4].area',
      ]));
      expect(problem.errors.filter((e: { row: number }) => e.row === 4).length).toBeGreaterThanOrEqual(2);
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/family-dispute-mediation', {
        key: writeKey, body: { items: [mediation('MED-PII-0'), mediation('MED-PII-1', { subjectRef: 'applicant 11010519491231002X' })] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      const inReturnNote = await call('POST', '/v1/returns/housework-time', {
        key: writeKey, body: { area: '520103', period: '2023', note: 'respondent 11010519491231002X', figures: [{ sex: 'F', value: 150 }] },
      });
      expect(inReturnNote.statusCode).toBe(422);
      expect(inReturnNote.json().errors[0].field).toBe('note');
      expect(await count('records', `natural_key LIKE 'MED-PII-%'`)).toBe(0);
      expect(await count('statistical_returns')).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response without new rows or events', async () => {
      const idempotencyKey = randomUUID();
      const session = (reference: string, sex: string, count: number) => ({
        reference, area, period: '2025-04', sex, count, attributes: { serviceType: 'parent-school-class', provider: 'school' },
      });
      const body = { items: [session('FES-IDEM-1F', 'F', 38), session('FES-IDEM-1M', 'M', 12)] };
      const first = await call('POST', '/v1/records/family-education-service', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/family-education-service', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'FES-IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);

      const reuse = await call('POST', '/v1/records/family-education-service', { key: writeKey, body: { items: [session('FES-IDEM-2F', 'F', 5)] }, headers: { 'idempotency-key': idempotencyKey } });
      expect(reuse.statusCode).toBe(409);
      expect(await count('records', `natural_key = 'FES-IDEM-2F'`)).toBe(0);
      const retried = await call('POST', '/v1/records/family-education-service', { key: writeKey, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('records a mediation outcome with PUT: revision 2 and a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/family-dispute-mediation', { key: writeKey, body: mediation('MED-1') });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const settled = mediation('MED-1', { attributes: { disputeType: 'marital', outcome: 'agreement-reached', mediator: 'peoples-mediation-committee' } });
      const revised = await call('PUT', `/v1/records/family-dispute-mediation/${id}`, { key: writeKey, body: settled });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { outcome: 'agreement-reached' } });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(eventIds);
      expect(recorded.type).toBe('gov.yunyan.family.family-dispute-mediation.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.family.family-dispute-mediation.revised.v1');
      expect(revisedEvent.data as RecordEventData).toMatchObject({
        recordId: id, revision: 2, operation: 'revised', department: 'family',
        previous: { kind: 'family-dispute-mediation', sex: 'F', ageBand: '40-44', attributes: { outcome: 'pending' } },
        current: { kind: 'family-dispute-mediation', sex: 'F', ageBand: '40-44', attributes: { outcome: 'agreement-reached' } },
      });
      expect(revisedEvent.raw).not.toMatch(/psn-|MED-1/);
    });

    it('withdraws a childcare-places record with a reason: a withdrawn event carrying the previous fact', async () => {
      const created = await call('POST', '/v1/records/childcare-places', { key: writeKey, body: places('CCP-W-1', { count: 90 }) });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const withdrawn = await call('DELETE', `/v1/records/childcare-places/${id}`, { key: writeKey, body: { reason: 'provider closed before opening' } });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'provider closed before opening' });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [, event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.family.childcare-places.withdrawn.v1');
      expect(event.data).toMatchObject({
        recordId: id, operation: 'withdrawn', revision: 2, current: null,
        previous: { kind: 'childcare-places', count: 90, attributes: { providerType: 'community', affordable: true } },
      });
      expect(event.raw).not.toContain('CCP-W-1');
    });
  });

  describe('statistical returns', () => {
    const housework = {
      area: '520103', period: '2024',
      figures: [
        { sex: 'F', value: 154 }, { sex: 'M', value: 61 }, { sex: 'T', value: 108 },
        { sex: 'F', ageBand: '30-34', value: 172 }, { sex: 'M', ageBand: '30-34', value: 66 },
      ],
    };

    it('stores a housework-time return (by sex and age band) with a submitted event, and revises it with PUT', async () => {
      const res = await call('POST', '/v1/returns/housework-time', { key: writeKey, body: housework });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit: 'minutes-per-day' });
      expect(await count('statistical_returns', `kind = 'housework-time'`)).toBe(1);
      const changed = { ...housework, figures: [{ sex: 'F', value: 149 }, ...housework.figures.slice(1)] };
      const revised = await call('PUT', `/v1/returns/housework-time/${id}`, { key: writeKey, body: changed });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ revision: 2, outcome: 'revised' });

      const [submitted, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
      expect(submitted.type).toBe('gov.yunyan.family.housework-time-return.submitted.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.family.housework-time-return.revised.v1');
      const data = revisedEvent.data as ReturnEventData;
      expect(data.previous!.figures[0]).toEqual({ sex: 'F', value: 154 });
      expect(data.current).toEqual({ kind: 'housework-time', area: '520103', period: '2024', unit: 'minutes-per-day', figures: changed.figures });
    });

    it('rejects impossible returns with 422 naming the figure: more minutes than a day has, a repeated cell, a numerator this kind does not take', async () => {
      const res = await call('POST', '/v1/returns/housework-time', {
        key: writeKey,
        body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 1500 }, { sex: 'M', value: 60, numerator: 6, denominator: 5 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['figures[0].value', 'figures[1].numerator', 'figures[1].denominator']));
      const repeated = await call('POST', '/v1/returns/housework-time', {
        key: writeKey, body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 150 }, { sex: 'F', value: 151 }] },
      });
      expect(repeated.statusCode).toBe(422);
      expect(repeated.json().errors).toEqual([expect.objectContaining({ field: 'figures[1]', row: 1 })]);
      expect((await call('POST', '/v1/returns/housework-time', { key: writeKey, body: { area: '520103001', period: '2024-Q1', figures: [{ sex: 'F', value: 150 }] } })).statusCode).toBe(422);
      expect(await count('statistical_returns', `area = '520103001'`)).toBe(0);
    });
  });

  it('documents every family kind with its own schema', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    for (const schema of ['ChildcarePlacesRecord', 'ChildcarePlacesAttributes', 'FamilyDisputeMediationRecord', 'FamilyEducationServiceRecord', 'HouseworkTimeReturn']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    expect(doc.components.schemas.ChildcarePlacesRecord.properties).not.toHaveProperty('sex');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/records/childcare-places', '/v1/records/family-education-service/{id}', '/v1/returns/housework-time']));
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('family').length + returnKindsOf('family').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103002' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });
});
