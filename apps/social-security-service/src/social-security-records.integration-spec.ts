import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { recordKindsOf, returnKindsOf, type RecordEventData } from '@wdp/contracts';
import { ApiKeyService, generateApiKey } from '@wdp/ingestion';
import { createServiceApp } from '@wdp/platform';
import {
  countRows, createTestDatabase, injectJson, outboxEventIds, readEventsById, testInfra, topicMessageCount, uniqueTopic,
  type InjectMethod, type InjectOptions, type TestDatabase,
} from '@wdp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { SocialSecurityServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The social security service against the real stack: its own fresh database, the real broker, and a topic
 * of its own (so nothing here reaches the topic the demo's monitoring service reads). Events are read back
 * with a kafkajs consumer and matched by event id; their raw bytes are checked for identifiers.
 * The vocabulary defines no social-security return kinds, so this service serves records only.
 */
describe('social-security-service records (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let topic: string;
  let app: NestFastifyApplication;
  let sql: Client;
  let writeKey: string;
  let readOnlyKey: string;
  let otherDeptKey: string;
  const { kafkaBrokers } = testInfra();

  const area = '520103001001';
  /** A period-end head count of insured persons; `psn-` marks the pseudonymous subject reference. */
  const insured = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', sex: 'F', ageBand: '35-39', count: 1250,
    attributes: { scheme: 'maternity', coverageType: 'employee' }, ...over,
  });
  const allowance = (reference: string, over: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-06', sex: 'F', age: 67,
    attributes: { residenceType: 'urban', disabled: false }, ...over,
  });
  const destitute = (reference: string, attributes: Record<string, unknown> = {}) => ({
    reference, subjectRef: `psn-${reference}`, area, period: '2025-05', sex: 'F', ageBand: '80-84',
    attributes: { selfCareAbility: 'partly-able', supportMode: 'dispersed', ...attributes },
  });

  const call = (method: InjectMethod, url: string, opts: InjectOptions = {}) => injectJson(app, method, url, opts);
  const count = (table: string, where = 'true') => countRows(sql, table, where);
  const eventIdsOf = (ids: string[]) => outboxEventIds(sql, ids);
  const eventsOnKafka = (eventIds: string[]) => readEventsById(kafkaBrokers, topic, eventIds);

  beforeAll(async () => {
    db = await createTestDatabase('social_security_service');
    topic = await uniqueTopic('social-security-events');
    const config = Object.assign(new SocialSecurityServiceConfig(), {
      DATABASE_URL: testInfra().databaseUrl, DATABASE_NAME: db.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error',
    });
    app = await createServiceApp(AppModule.forRoot(config, { topic, keysFile: false }), SERVICE_INFO, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const keys = app.get(ApiKeyService);
    writeKey = (await keys.issue({ department: 'social-security', scopes: ['write:social-security', 'read:social-security'], label: 'test insurance system' })).key;
    readOnlyKey = (await keys.issue({ department: 'social-security', scopes: ['read:social-security'], label: 'test reader' })).key;
    otherDeptKey = (await keys.issue({ department: 'employment', scopes: ['write:employment', 'read:employment'], label: 'test HRSS employment system' })).key;
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey('social-security').key]) {
        const res = await call('POST', '/v1/records/insurance-enrolment', { key, body: insured('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key (even the sibling employment bureau’s) and to a key without write scope', async () => {
      for (const key of [otherDeptKey, generateApiKey('health').key, readOnlyKey]) {
        expect((await call('POST', '/v1/records/insurance-enrolment', { key, body: insured('AUTH-2') })).statusCode).toBe(403);
      }
      expect((await call('GET', '/v1/records/insurance-enrolment', { key: otherDeptKey })).statusCode).toBe(403);
      expect((await call('GET', '/v1/records/insurance-enrolment', { key: readOnlyKey })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
    });
  });

  describe('records', () => {
    it('stores a valid minimum-living-allowance record and publishes one identifier-free recorded event for it', async () => {
      const res = await call('POST', '/v1/records/minimum-living-allowance', { key: writeKey, body: allowance('MLA-ONE-1') });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: 'MLA-ONE-1', revision: 1, status: 'created' })]);
      expect(await count('records', `natural_key = 'MLA-ONE-1' AND subject_ref = 'psn-MLA-ONE-1' AND kind = 'minimum-living-allowance'`)).toBe(1);

      const eventIds = await eventIdsOf([items[0].id]);
      expect(eventIds).toHaveLength(1);
      const [event] = await eventsOnKafka(eventIds);
      expect(event.type).toBe('gov.yunyan.social-security.minimum-living-allowance.recorded.v1');
      expect(event.source).toBe('urn:wdp:social-security-service');
      expect(event.key).toBe(items[0].id);
      expect(event.data as RecordEventData).toEqual({
        recordId: items[0].id, revision: 1, operation: 'recorded', department: 'social-security', previous: null,
        current: { kind: 'minimum-living-allowance', area, period: '2025-06', sex: 'F', ageBand: '65-69', count: 1, attributes: { residenceType: 'urban', disabled: false } },
      });
      expect(event.raw).not.toMatch(/psn-|MLA-ONE-1|"age"/);
    });

    it('accepts a batch of insurance enrolment counts atomically: every row stored and exactly one recorded event per item', async () => {
      const schemes = ['basic-medical', 'basic-pension', 'unemployment', 'work-injury', 'maternity'];
      const bands = ['20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54', '55-59', '60-64', '65-69'];
      const items = Array.from({ length: 400 }, (_, i) => insured(`INS-B-${i}`, {
        sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001', ageBand: bands[i % 10], count: 10 + i,
        attributes: {
          scheme: schemes[i % 5], coverageType: i % 4 ? 'employee' : 'urban-rural-resident',
          ...(schemes[i % 5] === 'basic-pension' ? { receivingBenefit: i % 3 === 0 } : {}),
        },
      }));
      const onTopicBefore = await topicMessageCount(kafkaBrokers, topic);
      const res = await call('POST', '/v1/records/insurance-enrolment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: 400, created: 400, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'INS-B-%'`)).toBe(400);

      const recordIds: string[] = body.items.map((r: { id: string }) => r.id);
      const eventIds = await eventIdsOf(recordIds);
      expect(eventIds).toHaveLength(400);
      const events = await eventsOnKafka(eventIds);
      expect(events.map((e) => (e.data as RecordEventData).recordId).sort()).toEqual([...recordIds].sort());
      for (const e of events) {
        expect(e.type).toBe('gov.yunyan.social-security.insurance-enrolment.recorded.v1');
        expect(e.raw).not.toMatch(/psn-|INS-B-/);
      }
      expect(events.filter((e) => (e.data as RecordEventData).current!.attributes.scheme === 'maternity')).toHaveLength(80);
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore + 400);
    }, 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(kafkaBrokers, topic)];
      const items = [
        insured('INS-BAD-0'),
        insured('INS-BAD-1', { attributes: { scheme: 'housing-fund', coverageType: 'employee' } }),
        insured('INS-BAD-2', { ageBand: '36-40', count: -3 }),
        insured('INS-BAD-3'),
        insured('INS-BAD-4', { period: '2025-13', attributes: { scheme: 'basic-medical', coverageType: 'employee', receivingBenefit: 'yes' } }),
      ];
      const res = await call('POST', '/v1/records/insurance-enrolment', { key: writeKey, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e: { row: number }) => e.row))]).toEqual([1, 2, 4]);
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining([
        'items[1].attributes.scheme', 'items[2].ageBand', 'items[2].count', 'items[4].period', 'items[4].attributes.receivingBenefit',
      ]));
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(kafkaBrokers, topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value in any field, naming the field, and stores nothing', async () => {
      const res = await call('POST', '/v1/records/minimum-living-allowance', {
        key: writeKey, body: { items: [allowance('MLA-PII-0'), allowance('MLA-PII-1', { subjectRef: 'household head 11010519491231002X' })] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
      expect(res.body).not.toContain('11010519491231002X');
      expect(await count('records', `natural_key LIKE 'MLA-PII-%'`)).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response without new rows or events', async () => {
      const idempotencyKey = randomUUID();
      const body = { items: [allowance('MLA-IDEM-1'), allowance('MLA-IDEM-2', { sex: 'M', attributes: { residenceType: 'rural', disabled: true } })] };
      const first = await call('POST', '/v1/records/minimum-living-allowance', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', '/v1/records/minimum-living-allowance', { key: writeKey, body, headers: { 'idempotency-key': idempotencyKey } });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'MLA-IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);

      const reuse = await call('POST', '/v1/records/minimum-living-allowance', { key: writeKey, body: { items: [allowance('MLA-IDEM-3')] }, headers: { 'idempotency-key': idempotencyKey } });
      expect(reuse.statusCode).toBe(409);
      expect(await count('records', `natural_key = 'MLA-IDEM-3'`)).toBe(0);
      const retried = await call('POST', '/v1/records/minimum-living-allowance', { key: writeKey, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('corrects a destitute-person record with PUT: revision 2 and a revised event carrying previous and current facts', async () => {
      const created = await call('POST', '/v1/records/destitute-person-support', { key: writeKey, body: destitute('DPS-1') });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const revised = await call('PUT', `/v1/records/destitute-person-support/${id}`, { key: writeKey, body: destitute('DPS-1', { selfCareAbility: 'unable', supportMode: 'centralised' }) });
      expect(revised.statusCode).toBe(200);
      expect(revised.json()).toMatchObject({ id, revision: 2, status: 'active', attributes: { selfCareAbility: 'unable', supportMode: 'centralised' } });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, revisedEvent] = await eventsOnKafka(eventIds);
      expect(recorded.type).toBe('gov.yunyan.social-security.destitute-person-support.recorded.v1');
      expect(revisedEvent.type).toBe('gov.yunyan.social-security.destitute-person-support.revised.v1');
      expect(revisedEvent.data as RecordEventData).toMatchObject({
        recordId: id, revision: 2, operation: 'revised', department: 'social-security',
        previous: { kind: 'destitute-person-support', sex: 'F', ageBand: '80-84', attributes: { selfCareAbility: 'partly-able', supportMode: 'dispersed' } },
        current: { kind: 'destitute-person-support', sex: 'F', ageBand: '80-84', attributes: { selfCareAbility: 'unable', supportMode: 'centralised' } },
      });
      expect(revisedEvent.raw).not.toMatch(/psn-|DPS-1/);
    });

    it('withdraws an elderly-service-centre record (a facility: no sex, no age): a withdrawn event carrying the previous fact', async () => {
      const centre = { reference: 'ESC-1', area: '520103001', period: '2025-06', attributes: { facilityLevel: 'street-centre', status: 'operating' } };
      expect((await call('POST', '/v1/records/elderly-service-centre', { key: writeKey, body: { ...centre, sex: 'F' } })).json().errors)
        .toEqual([expect.objectContaining({ field: 'sex' })]);
      const created = await call('POST', '/v1/records/elderly-service-centre', { key: writeKey, body: centre });
      expect(created.statusCode).toBe(201);
      const id = created.json().items[0].id;
      const withdrawn = await call('DELETE', `/v1/records/elderly-service-centre/${id}?reason=${encodeURIComponent('filed against the wrong street')}`, { key: writeKey });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: 'filed against the wrong street' });

      const eventIds = await eventIdsOf([id]);
      expect(eventIds).toHaveLength(2);
      const [recorded, event] = await eventsOnKafka(eventIds);
      expect((recorded.data as RecordEventData).current).toEqual({
        kind: 'elderly-service-centre', area: '520103001', period: '2025-06', count: 1, attributes: { facilityLevel: 'street-centre', status: 'operating' },
      });
      expect(event.type).toBe('gov.yunyan.social-security.elderly-service-centre.withdrawn.v1');
      expect(event.data).toMatchObject({
        recordId: id, operation: 'withdrawn', revision: 2, current: null,
        previous: { kind: 'elderly-service-centre', area: '520103001', attributes: { facilityLevel: 'street-centre' } },
      });
      expect(event.raw).not.toContain('ESC-1');
    });
  });

  it('serves no statistical returns (the vocabulary defines none) and documents every record kind', async () => {
    const kinds = (await call('GET', '/v1/kinds')).json();
    expect(kinds.returns).toEqual([]);
    expect(kinds.records.map((k: { kind: string }) => k.kind).sort()).toEqual(
      ['destitute-person-support', 'elderly-service-centre', 'insurance-enrolment', 'long-term-care-recipient', 'minimum-living-allowance'],
    );
    expect((await call('POST', '/v1/returns/insurance-enrolment', { key: writeKey, body: { area: '520103', period: '2024', figures: [] } })).statusCode).toBe(404);
    const doc = (await call('GET', '/docs-json')).json();
    for (const schema of ['InsuranceEnrolmentRecord', 'InsuranceEnrolmentAttributes', 'MinimumLivingAllowanceRecord', 'DestitutePersonSupportRecord', 'ElderlyServiceCentreRecord', 'LongTermCareRecipientRecord']) {
      expect(doc.components.schemas[schema]).toBeDefined();
    }
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/returns'))).toEqual([]);
  });

  it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
    const doc = (await call('GET', '/docs-json')).json();
    const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Record<string, { examples: Record<string, { value: Record<string, unknown> }> }> } } }>)
      .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
    expect(posts.length).toBe(recordKindsOf('social-security').length + returnKindsOf('social-security').length);
    for (const [path, ops] of posts) {
      const examples = ops.post!.requestBody.content['application/json'].examples;
      const example = Object.values(examples)[0].value;
      const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: '520103002' };
      const res = await call('POST', path, { key: writeKey, body });
      expect([path, res.statusCode]).toEqual([path, 201]);
    }
  });
});
