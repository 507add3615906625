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
import { RightsProtectionServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The rights protection service against the real stack: its own fresh database, the real broker, and a topic of
 * its own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back
 * with a kafkajs consumer and matched by event id; their raw bytes are checked for identifiers.
 */
describe('rights-protection-service records and returns (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  /** A domestic violence report; `psn-` marks the pseudonymous subject reference (the victim). */
  const dvReport = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-08', occurredOn: '2025-08-14', sex: 'F', age: 36,
    attributes: { reportChannel: 'police-call', relationship: 'spouse' }, ...over,
  });
  const hotlineCase = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-09', sex: 'F', ageBand: '30-34',
    attributes: { matter: 'marriage-family', handling: 'resolved', handledInTime: true }, ...over,
  });
  const trafficking = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-02', sex: 'F', ageBand: '15-19',
    attributes: { status: 'filed', victimRescued: false, ...attributes },
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('rights_protection_service');
    topic = await uniqueTopic('rights-protection-events');
    const config = Object.assign(new RightsProtectionServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'rights-protection', scopes: ['write:rights-protection', 'read:rights-protection'], label: 'test police case system' })).key;
    readOnlyKey = (await keys.issue({ department: 'rights-protection', scopes: ['read:rights-protection'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'family', scopes: ['write:family', 'read:family'], label: 'test civil affairs system' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('rights-protection').key]) {
        const res = await call('POST', '/v1/records/domestic-violence-report', { key, body: dvReport('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key and to a key without write scope, storing nothing', async () => {
      for (const key of [otherDeptKey, generateApiKey('health').key, readOnlyKey]) {
        expect((await call('POST', '/v1/records/domestic-violence-report', { key, body: dvReport('AUTH-2') })).statusCode).toBe(403);
        expect((await call('POST', '/v1/returns/sense-of-security', { key, body: { area: '520103', period: '2024', figures: [{ sex: 'T', value: 90, numerator: 900, denominator: 1000 }] } })).statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/domestic-violence-report', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/domestic-violence-report', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
      expect(await count('statistical_returns')).toBe(0);
    });
  });

  describe('records', () => {
    it('stores a valid domestic violence report and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/domestic-violence-report', { key: writeKey, body: dvReport('DV-ONE-1') });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'DV-ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'DV-ONE-1' AND subject_ref = 'psn-DV-ONE-1' AND kind = 'domestic-violence-report'`)).toBe(1);

      const eventIds = await eventIdsOf([items[0].id]);
      expect(eventIds).toHaveLength(1);
      const [event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.rights-protection.domestic-violence-report.recorded.v1');
      expect(event.source).toBe('urn:wdp:rights-protection-service');
      expect(event.key).toBe(items[0].id);
      expect(event.data as RecordEventData).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'rights-protection', previous: null,
        current: { kind: 'domestic-violence-report', area, period: '2025-08', sex: 'F', ageBand: '35-39', count: 1, attributes: { reportChannel: 'police-call', relationship: 'spouse' } },
      });
      // Neither the pseudonym, the case reference, the exact age nor the incident date leaves the service.
      expect(event.raw).not.toMatch(/psn-|DV-ONE-1|2025-08-14|"age"/);
    });

    it('accepts a batch of 12338 hotline cases atomically: every row stored and exactly one recorded event per item', async () => {
      const matters = ['domestic-violence', 'marriage-family', 'labour', 'property', 'sexual-harassment', 'consultation', 'other'];
      const handlings = ['resolved', 'referred', 'in-progress', 'unresolved'];
      const items = Array.from({ length: 400 }, (_, i) => hotlineCase(`HL-B-${i}`, {
        sex: i % 10 ? 'F' : 'M', area: i % 3 ? area : '520103001',
        attributes: { matter: matters[i % 7], handling: handlings[i % 4], handledInTime: i % 6 !== 0 },
      }));
      const onTopicBefore = await topicMessageCount(kafkaBrokers, topic);
      const res = await call('POST', '/v1/records/hotline-12338-case', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 400, created: 400, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'HL-B-%'`)).toBe(400);

      const recordIds: string[] = body.items.map((r: { id: string }) => r.id);
      const eventIds = await eventIdsOf(recordIds);
      expect(eventIds).toHaveLength(400);
      const events = await eventsOnKafka(eventIds);
      expect(events.map((e) => (e.data as RecordEventData).recordId).sort()).toEqual([...recordIds].sort());
      for (const e of events) {
        expect(e.type).toBe('gov.yunyan.rights-protection.hotline-12338-case.recorded.v1');
        expect(e.raw).not.toMatch(/psn-|HL-B-/);
      }
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore + 400);
    }, 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        hotlineCase('HL-BAD-0'),
        hotlineCase('HL-BAD-1'),
        hotlineCase('HL-BAD-2', { attributes: { matter: 'noise', handling: 'resolved', handledInTime: true, caller: 'x' } }),
        hotlineCase('HL-BAD-3', { ageBand: undefined, occurredOn: '2030-01-01' }),
        hotlineCase('HL-BAD-4', { area: '520103999999', count: 2 }),
      ];
      const res = await call('POST', '/v1/records/hotline-12338-case', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([2, 3, 4]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([
        'items[2].attributes.matter', 'items[2].attributes.caller', 'items[3].occurredOn', 'items[4].area', 'items[4].count',
      ]));
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/domestic-violence-report', {
        key: writeKey, body: { items: [dvReport('DV-PII-0'), dvReport('DV-PII-1', { subjectRef: 'victim 11010519491231002X' })] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      const legacy = await call('POST', '/v1/records/domestic-violence-report', { key: writeKey, body: dvReport('DV-PII-2', { reference: 'case of 110105491231002' }) });
      expect(legacy.statusCode).toBe(422);
      expect(legacy.json().errors[0].field).toBe('reference');
      expect(await count('records', `natural_key LIKE '%PII%' OR natural_key LIKE 'case of%'`)).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response without new rows or events', async () => {
      const idempotencyKey = randomUUID();
      const letter = (reference: string, relationship: string) => ({ reference, subjectRef: `psn-${reference}`, area, period: '2025-08', sex: 'F', ageBand: '40-44', attributes: { relationship } });
      const body = { items: [letter('WL-IDEM-1', 'spouse'), letter('WL-IDEM-2', 'former-spouse')] };
      const first = await call('POST', '/v1/records/warning-letter', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/warning-letter', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'WL-IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);

      const reuse = await call('POST', '/v1/records/warning-letter', { key: writeKey, body: { items: [letter('WL-IDEM-3', 'parent')] }, headers: { 'idempotency-key': idempotencyKey } });
      expect(reuse.statusCode).toBe(409);
      expect(await count('records', `natural_key = 'WL-IDEM-3'`)).toBe(0);
      const retried = await call('POST', '/v1/records/warning-letter', { key: writeKey, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('follows a trafficking case from filed to solved with PUT: a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/trafficking-case', { key: writeKey, body: trafficking('TC-1') });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const revised = await call('PUT', `/v1/records/trafficking-case/${id}`, { key: writeKey, body: trafficking('TC-1', { status: 'solved', victimRescued: true }) });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { status: 'solved', victimRescued: true } });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(eventIds);
      expect(recorded.type).toBe('gov.yunyan.rights-protection.trafficking-case.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.rights-protection.trafficking-case.revised.v1');
      expect(revisedEvent.data as RecordEventData).toMatchObject({
        recordId: id, revision: 2, operation: 'revised', department: 'rights-protection',
        previous: { kind: 'trafficking-case', sex: 'F', ageBand: '15-19', attributes: { status: 'filed', victimRescued: false } },
        current: { kind: 'trafficking-case', sex: 'F', ageBand: '15-19', attributes: { status: 'solved', victimRescued: true } },
      });
      expect(revisedEvent.raw).not.toMatch(/psn-|TC-1/);
    });

    it('withdraws a protection order application with a reason: a withdrawn event carrying the previous fact', async () => {
      const created = await call('POST', '/v1/records/protection-order-application', {
        key: writeKey, body: { reference: 'POA-1', subjectRef: 'psn-POA-1', area, period: '2025-07', sex: 'F', ageBand: '25-29', attributes: { applicant: 'victim' } },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const withdrawn = await call('DELETE', `/v1/records/protection-order-application/${id}?reason=${encodeURIComponent('entered at the wrong court')}`, { key: writeKey });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'entered at the wrong court' });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [, event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.rights-protection.protection-order-application.withdrawn.v1');
      expect(event.data).toMatchObject({
        recordId: id, operation: 'withdrawn', revision: 2, current: null,
        previous: { kind: 'protection-order-application', sex: 'F', ageBand: '25-29', attributes: { applicant: 'victim' } },
      });
      expect(event.raw).not.toMatch(/psn-|POA-1/);
    });

    it('bounds an optional integer attribute (hours to a protection order decision)', async () => {
      const decision = (hoursToDecision: number) => ({ reference: `POD-${hoursToDecision}`, area, period: '2025-07', sex: 'F', ageBand: '25-29', attributes: { decision: 'granted', hoursToDecision } });
      const bad = await call('POST', '/v1/records/protection-order-decision', { key: writeKey, body: decision(9000) });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'attributes.hoursToDecision' })]);
      expect((await call('POST', '/v1/records/protection-order-decision', { key: writeKey, body: decision(60) })).statusCode).toBe(201);
    });
  });

  describe('statistical returns', () => {
    const security = {
      area: '520103', period: '2024',
      figures: [{ sex: 'F', value: 95.2, numerator: 952, denominator: 1000 }, { sex: 'M', value: 96.8, numerator: 968, denominator: 1000 }, { sex: 'T', value: 96, numerator: 1920, denominator: 2000 }],
    };

    it('stores a sense-of-security return with a submitted event, and revises it with PUT', async () => {
      const res = await call('POST', '/v1/returns/sense-of-security', { key: writeKey, body: security });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit: 'percent' });
      expect(await count('statistical_returns', `kind = 'sense-of-security'`)).toBe(1);
      const changed = { ...security, figures: [{ sex: 'F', value: 95.5, numerator: 955, denominator: 1000 }, ...security.figures.slice(1)] };
      const revised = await call('PUT', `/v1/returns/sense-of-security/${id}`, { key: writeKey, body: changed });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ revision: 2, outcome: 'revised' });

      const [submitted, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
      expect(submitted.type).toBe('gov.yunyan.rights-protection.sense-of-security-return.submitted.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.rights-protection.sense-of-security-return.revised.v1');
      const data = revisedEvent.data as ReturnEventData;
      expect(data.previous!.figures[0]).toMatchObject({ sex: 'F', numerator: 952 });
      expect(data.current).toEqual({ kind: 'sense-of-security', area: '520103', period: '2024', unit: 'percent', figures: changed.figures });
    });

    it('rejects numerator > denominator with 422 naming the figure, storing nothing', async () => {
      const res = await call('POST', '/v1/returns/sense-of-security', {
        key: writeKey, body: { area: '520103001', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 1001, denominator: 1000 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'figures[0].numerator', row: 0, reason: 'numerator must not exceed denominator' })]);
      expect(await count('statistical_returns', `area = '520103001'`)).toBe(0);
    });

    it('withdraws a return with a withdrawn event', async () => {
      const res = await call('POST', '/v1/returns/sense-of-security', {
        key: writeKey, body: { area: '520103001', period: '2023', figures: [{ sex: 'F', value: 90, numerator: 90, denominator: 100 }] },
      });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      expect((await call('DELETE', `/v1/returns/sense-of-security/${id}?reason=${encodeURIComponent('sample too small')}`, { key: writeKey })).statusCode).toBe(200);
      const [, withdrawn] = await eventsOnKafka(await eventIdsOf([id]));
      expect(withdrawn.type).toBe('gov.yunyan.rights-protection.sense-of-security-return.withdrawn.v1');
      expect(withdrawn.data).toMatchObject({ current: null, previous: { kind: 'sense-of-security', area: '520103001', period: '2023' } });
    });
  });

  it('documents every rights-protection kind with its own schema', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    for (const schema of ['DomesticViolenceReportRecord', 'WarningLetterRecord', 'ProtectionOrderDecisionAttributes', 'TraffickingCaseRecord', 'SexualHarassmentCaseRecord', 'LegalAidCaseRecord', 'Hotline12338CaseRecord', 'SenseOfSecurityReturn']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    const kinds = (await call('GET', '/v1/kinds')).json();
    expect(kinds.records).toHaveLength(10);
    expect(kinds.returns.map((k: { kind: string }) => k.kind)).toEqual(['sense-of-security']);
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('rights-protection').length + returnKindsOf('rights-protection').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103002' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });
});
