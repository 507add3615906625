import type { ServiceConfig } from '@wdp/config';
import { recordKindsOf, returnKindsOf, type RecordOperation, type ReturnEventData } from '@wdp/contracts';
import { generateApiKey } from '@wdp/ingestion';
import { keyPartition } from '@wdp/messaging';
import { randomUUID } from 'node:crypto';
import { topicMessageCount } from './kafka';
import { useDepartmentalService, type DepartmentalService, type DepartmentalServiceOptions } from './departmental-service';
import { findTraces } from './find-traces';
import { eventsOfChanges, recordChangeType, type DeliveredRecordChange } from './record-changes';

// The behaviour every departmental service owes its clients, checked against the real database and broker:
// who may write, that every accepted item becomes exactly one identifier-free record change on Kafka, that bad
// input is refused whole, that retries never double-count, and that revisions and withdrawals reach the
// monitoring side. Record changes are read whatever the generation that carries them (record-changes.ts): in
// v1 one event each, in v2 one batch event per request, kind and partition.

export type SampleBody = Record<string, unknown>;
/** A valid record body of one kind for a reference (the reference is the record's natural key). */
export type RecordBuilder = (reference: string) => SampleBody;
export interface ReturnBody { area: string; period: string; figures: SampleBody[]; [field: string]: unknown }
export interface Problem { status: number; errors: { row?: number; field: string; reason: string }[] }
/** What a service-specific hook gets after a shared revision or withdrawal check: the record's changes by revision. */
export interface RecordChangeContext { service: DepartmentalService; id: string; changes: DeliveredRecordChange[] }

export interface DepartmentalContract {
  /** Kind posted by the authentication checks. */
  auth: { kind: string; item: RecordBuilder };
  /** One record stored as `current` in its recorded change; its reference, subjectRef, exact age and date must not leave. */
  single: { kind: string; body: SampleBody; current: SampleBody };
  /** A batch accepted atomically; `check` adds service-specific expectations on the delivered changes, one per item in row order. */
  batch: {
    kind: string; size: number; item: (reference: string, i: number) => SampleBody; timeoutMs?: number;
    check?: (changes: DeliveredRecordChange[], items: SampleBody[]) => void;
  };
  /** An invalid batch: the rows and fields the 422 must name. */
  invalidBatch: { kind: string; items: SampleBody[]; badRows: number[]; fields: string[]; check?: (problem: Problem) => void };
  /** Kind whose subjectRef receives resident-ID-number-shaped values. */
  residentId: { kind: string; item: RecordBuilder };
  idempotency: { kind: string; item: RecordBuilder };
  /** A PUT correction: the facts before and after, and what the response must show. */
  revision: { kind: string; created: SampleBody; revised: SampleBody; response: SampleBody; previous: SampleBody; current: SampleBody; more?: (ctx: RecordChangeContext) => Promise<void> };
  /** A DELETE with a reason given in the query string or a JSON body. */
  withdrawal: { kind: string; body: SampleBody; reason: string; reasonIn: 'query' | 'body'; previous: SampleBody; more?: (ctx: RecordChangeContext) => Promise<void> };
  /** Absent for a department whose vocabulary defines no returns. */
  returns?: {
    kind: string; unit: string; submitted: ReturnBody; revised: ReturnBody;
    /** A return of a ratio kind whose numerator exceeds its denominator (only where numerator/denominator apply). */
    numeratorOverDenominator?: { kind: string; body: ReturnBody };
  };
  /** Component schemas /docs-json must define; `returnArea` is where the documented return examples are filed. */
  documentation: { schemas: string[]; returnArea?: string };
}

const RESIDENT_ID = '11010519491231002X';

const subjectTraces = (body: SampleBody): string[] => [body.reference, body.subjectRef, body.occurredOn].filter((v): v is string => typeof v === 'string');

/**
 * The raw Kafka bytes of the events carry neither the reference, the pseudonym, the exact date nor the exact
 * age of any item they carry. (A v2 event carries many items: each item's traces are looked for in all of
 * its event's bytes, as in v1, where an event is one item's.)
 */
function expectIdentifierFree(changes: readonly DeliveredRecordChange[], bodyOf: (change: DeliveredRecordChange) => SampleBody): void {
  const byEvent = new Map<string, { raw: string; bodies: SampleBody[] }>();
  for (const change of changes) {
    const event = byEvent.get(change.eventId) ?? { raw: change.raw, bodies: [] };
    event.bodies.push(bodyOf(change));
    byEvent.set(change.eventId, event);
  }
  const leaks: string[] = [];
  for (const { raw, bodies } of byEvent.values()) {
    leaks.push(...findTraces(raw, bodies.flatMap(subjectTraces)));
    if (bodies.some((b) => b.age !== undefined) && raw.includes('"age"')) leaks.push('"age"');
  }
  expect(leaks).toEqual([]);
}

const withdrawUrl = (kind: string, id: string, reason: string, reasonIn: 'query' | 'body') =>
  reasonIn === 'query' ? { url: `/v1/records/${kind}/${id}?reason=${encodeURIComponent(reason)}`, body: undefined } : { url: `/v1/records/${kind}/${id}`, body: { reason } };

/**
 * Starts the service (see useDepartmentalService) and declares the shared contract tests. Call it first inside
 * the spec's describe; service-specific tests declared after it run after these, against the same service.
 */
export function describeDepartmentalContract<C extends ServiceConfig>(
  options: DepartmentalServiceOptions<C>,
  contract: DepartmentalContract,
): DepartmentalService {
  const service = useDepartmentalService(options);
  const { department } = options;
  const { call, count, eventIdsOf, eventsOnKafka, recordChanges, generation } = service;
  const eventType = (kind: string, op: string) => `gov.yunyan.${department}.${kind}.${op}.v1`;
  const changeType = (kind: string, op: RecordOperation) => recordChangeType(department, kind, op, generation);
  /** Each change travels on the partition its record id hashes to, so a record's changes keep their order. */
  const expectOnRecordPartitions = (changes: readonly DeliveredRecordChange[]) =>
    expect(changes.filter((c) => c.partition !== keyPartition(c.data.recordId, service.partitions)).map((c) => c.data.recordId)).toEqual([]);
  /** A request that changed one record: its change alone in one event, a batch of one. */
  const expectAlone = (change: DeliveredRecordChange) => expect([change.changesInEvent, change.wdpbatchsize]).toEqual([1, 1]);

  describe('authentication and authorisation', () => {
    const { kind, item } = contract.auth;

    it('answers 401 with WWW-Authenticate without a key, or with an unknown or malformed one, storing nothing', async () => {
      for (const key of [undefined, 'not-a-key', generateApiKey(department).key]) {
        const res = await call('POST', `/v1/records/${kind}`, { key, body: item('AUTH-1') });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['www-authenticate']).toContain('X-API-Key');
        expect(res.body).not.toContain(key ?? 'never');
      }
      expect(await count('records', `natural_key LIKE 'AUTH-%'`)).toBe(0);
    });

    it('answers 403 to another department’s key (known here or not) and to a key without write scope, storing nothing', async () => {
      for (const key of [service.keys.sibling, generateApiKey(options.strangerDepartment).key, service.keys.readOnly]) {
        expect((await call('POST', `/v1/records/${kind}`, { key, body: item('AUTH-2') })).statusCode).toBe(403);
        if (contract.returns) {
          expect((await call('POST', `/v1/returns/${contract.returns.kind}`, { key, body: contract.returns.submitted })).statusCode).toBe(403);
        }
      }
      expect((await call('GET', `/v1/records/${kind}`, { key: service.keys.sibling })).statusCode).toBe(403);
      expect((await call('GET', `/v1/records/${kind}`, { key: service.keys.readOnly })).statusCode).toBe(200);
      expect(await count('records')).toBe(0);
      if (contract.returns) expect(await count('statistical_returns')).toBe(0);
    });
  });

  describe(`records (${generation} events)`, () => {
    it('stores a valid record and publishes one identifier-free recorded change for it', async () => {
      const { kind, body, current } = contract.single;
      const res = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body });
      expect(res.statusCode).toBe(201);
      const { items } = res.json();
      expect(items).toEqual([expect.objectContaining({ row: 0, reference: body.reference, revision: 1, status: 'created' })]);
      const subject = body.subjectRef === undefined ? 'subject_ref IS NULL' : `subject_ref = '${body.subjectRef}'`;
      expect(await count('records', `natural_key = '${body.reference}' AND ${subject} AND kind = '${kind}'`)).toBe(1);

      const changes = await recordChanges([items[0].id]);
      expect(changes).toHaveLength(1);
      const [change] = changes;
      expect(change.type).toBe(changeType(kind, 'recorded'));
      expect(change.source).toBe(`urn:wdp:${department}-service`);
      expect(change.key).toBe(items[0].id);
      expect(change.data).toEqual({ recordId: items[0].id, revision: 1, operation: 'recorded', department, previous: null, current });
      expectAlone(change);
      expectOnRecordPartitions(changes);
      expectIdentifierFree(changes, () => body);
    });

    it('accepts a batch atomically: every row stored and exactly one identifier-free recorded change per item', async () => {
      const { kind, size, item, check } = contract.batch;
      const items = Array.from({ length: size }, (_, i) => item(`BATCH-${i}`, i));
      const onTopicBefore = await topicMessageCount(service.kafkaBrokers, service.topic);
      const res = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body: { items } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ received: size, created: size, unchanged: 0 });
      expect(await count('records', `natural_key LIKE 'BATCH-%'`)).toBe(size);

      const accepted: { id: string; row: number }[] = body.items;
      const ids = accepted.map((r) => r.id);
      const changes = await recordChanges(ids);
      // Exactly one change per accepted record (in the order of the answer's rows), and nothing else.
      expect(changes.map((c) => c.data.recordId)).toEqual(ids);
      const notRecorded = changes.filter((c) => c.type !== changeType(kind, 'recorded') || c.data.operation !== 'recorded' || c.data.revision !== 1 || c.data.previous !== null);
      expect(notRecorded.map((c) => ({ type: c.type, ...c.data }))).toEqual([]);
      const events = eventsOfChanges(changes);
      expect(events.reduce((n, e) => n + e.changesInEvent, 0)).toBe(size);
      if (generation === 'v2') {
        // One event per kind and partition the records hash to: a bounded number, however large the request.
        expect(events.length).toBeLessThanOrEqual(service.partitions);
        expect(events.length).toBeLessThan(size);
      } else {
        expect(events).toHaveLength(size);
      }
      // One request, one server-made batch id and its event count on every event: monitoring waits for all of them.
      expect(new Set(changes.map((c) => c.wdpbatch)).size).toBe(1);
      expect(changes[0].wdpbatch).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(changes.map((c) => c.wdpbatchsize))).toEqual(new Set([events.length]));
      expectOnRecordPartitions(changes);
      const rowOf = new Map(accepted.map((r) => [r.id, r.row]));
      expectIdentifierFree(changes, (c) => items[rowOf.get(c.data.recordId)!]);
      check?.(changes, items);
      expect(await topicMessageCount(service.kafkaBrokers, service.topic)).toBe(onTopicBefore + events.length);
    }, contract.batch.timeoutMs ?? 120_000);

    it('rejects an invalid batch with 422 naming every bad field and row, storing and publishing nothing', async () => {
      const { kind, items, badRows, fields, check } = contract.invalidBatch;
      const [recordsBefore, outboxBefore, onTopicBefore] = [await count('records'), await count('outbox'), await topicMessageCount(service.kafkaBrokers, service.topic)];
      const res = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body: { items } });
      expect(res.statusCode).toBe(422);
      const problem: Problem = res.json();
      expect(problem.status).toBe(422);
      expect([...new Set(problem.errors.map((e) => e.row))]).toEqual(badRows);
      expect(problem.errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
      for (const e of problem.errors) expect(e.reason).toEqual(expect.any(String));
      check?.(problem);
      expect(await count('records')).toBe(recordsBefore);
      expect(await count('outbox')).toBe(outboxBefore);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await topicMessageCount(service.kafkaBrokers, service.topic)).toBe(onTopicBefore);
    });

    it('rejects a resident-ID-number-shaped value, alone or inside text, naming the field, and stores nothing', async () => {
      const { kind, item } = contract.residentId;
      const items = [item('PII-0'), { ...item('PII-1'), subjectRef: `subject ${RESIDENT_ID}` }, { ...item('PII-2'), subjectRef: RESIDENT_ID }];
      const res = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body: { items } });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        expect.objectContaining({ field: 'items[1].subjectRef', row: 1 }),
        expect.objectContaining({ field: 'items[2].subjectRef', row: 2 }),
      ]);
      expect(res.body).not.toContain(RESIDENT_ID);
      expect(await count('records', `natural_key LIKE 'PII-%'`)).toBe(0);
    });

    it('never double-counts: a replayed Idempotency-Key returns the stored response, a reused one with another body is 409', async () => {
      const { kind, item } = contract.idempotency;
      const url = `/v1/records/${kind}`;
      const headers = { 'idempotency-key': randomUUID() };
      const body = { items: [item('IDEM-1'), item('IDEM-2')] };
      const first = await call('POST', url, { key: service.keys.write, body, headers });
      expect(first.statusCode).toBe(201);
      const outboxAfterFirst = await count('outbox');
      const replay = await call('POST', url, { key: service.keys.write, body, headers });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await count('records', `natural_key LIKE 'IDEM-%'`)).toBe(2);
      expect(await count('outbox')).toBe(outboxAfterFirst);
      const ids: string[] = first.json().items.map((i: { id: string }) => i.id);
      expect((await recordChanges(ids)).map((c) => [c.data.recordId, c.data.revision])).toEqual(ids.map((id) => [id, 1]));

      const reuse = await call('POST', url, { key: service.keys.write, body: { items: [item('IDEM-3')] }, headers });
      expect(reuse.statusCode).toBe(409);
      expect(reuse.json().errors[0].field).toBe('Idempotency-Key');
      expect(await count('records', `natural_key = 'IDEM-3'`)).toBe(0);
      // Without the header the natural key alone keeps a retry from counting twice.
      const retried = await call('POST', url, { key: service.keys.write, body });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ created: 0, unchanged: 2 });
      expect(await count('outbox')).toBe(outboxAfterFirst);
    });

    it('corrects a record with PUT: revision 2 and a revised change carrying previous and current facts', async () => {
      const { kind, created, revised, response, previous, current, more } = contract.revision;
      const res = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body: created });
      expect(res.statusCode).toBe(201);
      const id: string = res.json().items[0].id;
      const put = await call('PUT', `/v1/records/${kind}/${id}`, { key: service.keys.write, body: revised });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ id, revision: 2, status: 'active', ...response });

      const changes = await recordChanges([id]);
      expect(changes.map((c) => [c.data.revision, c.data.operation])).toEqual([[1, 'recorded'], [2, 'revised']]);
      const [recorded, revisedChange] = changes;
      expect(recorded.type).toBe(changeType(kind, 'recorded'));
      expect(revisedChange.type).toBe(changeType(kind, 'revised'));
      expect(revisedChange.data).toMatchObject({ recordId: id, revision: 2, operation: 'revised', department, previous, current });
      expect(revisedChange.eventId).not.toBe(recorded.eventId);
      changes.forEach(expectAlone);
      expectOnRecordPartitions(changes);
      expectIdentifierFree(changes, () => created);
      await more?.({ service, id, changes });
    });

    it('withdraws a record with a reason: a withdrawn change carrying the previous fact; withdrawing again is a no-op', async () => {
      const { kind, body, reason, reasonIn, previous, more } = contract.withdrawal;
      const created = await call('POST', `/v1/records/${kind}`, { key: service.keys.write, body });
      expect(created.statusCode).toBe(201);
      const id: string = created.json().items[0].id;
      expect((await call('DELETE', `/v1/records/${kind}/${id}`, { key: service.keys.write })).statusCode).toBe(422);
      const first = withdrawUrl(kind, id, reason, reasonIn);
      const withdrawn = await call('DELETE', first.url, { key: service.keys.write, body: first.body });
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', revision: 2, withdrawnReason: reason });
      const again = withdrawUrl(kind, id, 'again', reasonIn);
      expect((await call('DELETE', again.url, { key: service.keys.write, body: again.body })).json().revision).toBe(2);
      expect((await call('DELETE', `/v1/records/${kind}/${id}`, { key: service.keys.write })).statusCode).toBe(422);

      const changes = await recordChanges([id]);
      expect(changes.map((c) => [c.data.revision, c.data.operation])).toEqual([[1, 'recorded'], [2, 'withdrawn']]);
      const change = changes[1];
      expect(change.type).toBe(changeType(kind, 'withdrawn'));
      expect(change.data).toMatchObject({ recordId: id, operation: 'withdrawn', revision: 2, department, current: null, previous });
      changes.forEach(expectAlone);
      expectOnRecordPartitions(changes);
      expectIdentifierFree(changes, () => body);
      await more?.({ service, id, changes });
    });
  });

  const returns = contract.returns;
  if (returns) {
    describe('statistical returns', () => {
      const { kind, unit, submitted, revised } = returns;
      const sameCell = (r: ReturnBody) => `kind = '${kind}' AND area = '${r.area}' AND period = '${r.period}'`;

      it('stores a return with a submitted event; the same figures again are a no-op, different ones a 409; PUT revises', async () => {
        const res = await call('POST', `/v1/returns/${kind}`, { key: service.keys.write, body: submitted });
        expect(res.statusCode).toBe(201);
        const { id } = res.json();
        expect(res.json()).toMatchObject({ revision: 1, outcome: 'created', unit });
        expect(await count('statistical_returns', sameCell(submitted))).toBe(1);
        expect((await call('POST', `/v1/returns/${kind}`, { key: service.keys.write, body: submitted })).json().outcome).toBe('unchanged');
        expect((await call('POST', `/v1/returns/${kind}`, { key: service.keys.write, body: revised })).statusCode).toBe(409);
        const put = await call('PUT', `/v1/returns/${kind}/${id}`, { key: service.keys.write, body: revised });
        expect(put.statusCode).toBe(200);
        expect(put.json()).toMatchObject({ revision: 2, outcome: 'revised' });

        const [submittedEvent, revisedEvent] = await eventsOnKafka(await eventIdsOf([id]));
        expect(submittedEvent.type).toBe(eventType(`${kind}-return`, 'submitted'));
        expect(revisedEvent.type).toBe(eventType(`${kind}-return`, 'revised'));
        const data = revisedEvent.data as ReturnEventData;
        const facts = (r: ReturnBody) => ({ kind, area: r.area, period: r.period, unit, figures: r.figures });
        expect(data.previous).toEqual(facts(submitted));
        expect(data.current).toEqual(facts(revised));
      });

      const ratio = returns.numeratorOverDenominator;
      if (ratio) {
        it('rejects numerator > denominator with 422 naming the figure, storing nothing', async () => {
          const res = await call('POST', `/v1/returns/${ratio.kind}`, { key: service.keys.write, body: ratio.body });
          expect(res.statusCode).toBe(422);
          expect(res.json().errors).toEqual([expect.objectContaining({ field: 'figures[0].numerator', row: 0, reason: 'numerator must not exceed denominator' })]);
          expect(await count('statistical_returns', `kind = '${ratio.kind}' AND area = '${ratio.body.area}' AND period = '${ratio.body.period}'`)).toBe(0);
        });
      }
    });
  }

  describe('documentation', () => {
    it(`documents every ${department} kind with its own schema`, async () => {
      const doc = (await call('GET', '/docs-json')).json();
      for (const schema of contract.documentation.schemas) expect([schema, doc.components.schemas[schema]]).toEqual([schema, expect.anything()]);
    });

    it('accepts the documented example of every record and return kind, as a client reading /docs-json would send it', async () => {
      type Examples = Record<string, { examples: Record<string, { value: SampleBody }> }>;
      const doc = (await call('GET', '/docs-json')).json();
      const posts = Object.entries(doc.paths as Record<string, { post?: { requestBody: { content: Examples } } }>)
        .filter(([path, ops]) => /^\/v1\/(records|returns)\/[^/]+$/.test(path) && ops.post);
      expect(posts.length).toBe(recordKindsOf(department).length + returnKindsOf(department).length);
      for (const [path, ops] of posts) {
        const example = Object.values(ops.post!.requestBody.content['application/json'].examples)[0].value;
        const body = path.startsWith('/v1/records/') ? { ...example, reference: `DOC-${path}` } : { ...example, area: contract.documentation.returnArea ?? '520103002' };
        const res = await call('POST', path, { key: service.keys.write, body });
        expect([path, res.statusCode]).toEqual([path, 201]);
      }
    });
  });

  return service;
}
