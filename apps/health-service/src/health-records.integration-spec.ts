import { ApiKeyService } from '@wdp/ingestion';
import { describeDepartmentalContract, testInfra, waitFor, type DepartmentalContract, type RecordChangeContext, type SampleBody } from '@wdp/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

/**
 * The health service against the real stack (PostgreSQL, the broker, a topic of its own): the contract every
 * departmental service keeps (see describeDepartmentalContract), then what only health does — key revocation,
 * dry runs, merge patches, listing, and answering 503 through a database outage. Last, the contract once more
 * with the service publishing first-generation (v1) record events, which EVENT_GENERATION=v1 still selects.
 */
const area = '520103001001';
const birth = (reference: string, over: Record<string, unknown> = {}) => ({
  reference, subjectRef: `p-${reference}`, area, period: '2025-07', sex: 'F', ageBand: '30-34',
  attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' }, ...over,
});
const maternalDeath = (reference: string, causeGroup: string): SampleBody => ({
  reference, area, period: '2025-05', age: 33, attributes: { causeGroup, placeOfDeath: 'hospital' },
});
const anaemiaTest = { reference: 'AN-1', area, period: '2025-06', ageBand: '25-29', attributes: { gestationAtTest: 'second-trimester', anaemiaGrade: 'mild' } };
const life = { area: '520103', period: '2024', figures: [{ sex: 'F', value: 81.2 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.8 }] };

const healthService = {
  department: 'health', siblingDepartment: 'education', strangerDepartment: 'education',
  app: { module: AppModule, configClass: HealthServiceConfig, info: SERVICE_INFO },
};

const contract: DepartmentalContract = {
  auth: { kind: 'live-birth', item: birth },
  single: {
    kind: 'live-birth', body: birth('ONE-1', { occurredOn: '2025-07-03' }),
    current: { kind: 'live-birth', area, period: '2025-07', sex: 'F', ageBand: '30-34', count: 1, attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } },
  },
  batch: { kind: 'live-birth', size: 10_000, item: (reference, i) => birth(reference, { sex: i % 2 ? 'M' : 'F', area: i % 3 ? area : '520103001' }), timeoutMs: 180_000 },
  invalidBatch: {
    kind: 'live-birth',
    items: [
      birth('BAD-0'), birth('BAD-1'), birth('BAD-2', { sex: 'X' }), birth('BAD-3'), birth('BAD-4'),
      birth('BAD-5', { area: '000000', period: '2099-01', attributes: { deliveryPlace: 'hospital' } }),
    ],
    badRows: [2, 5],
    fields: ['items[2].sex', 'items[5].area', 'items[5].period', 'items[5].attributes.deliveryMode'],
  },
  residentId: { kind: 'live-birth', item: birth },
  idempotency: { kind: 'live-birth', item: birth },
  revision: {
    kind: 'maternal-death', created: maternalDeath('MD-1', 'obstetric-haemorrhage'), revised: maternalDeath('MD-1', 'hypertensive-disorder'),
    response: { attributes: { causeGroup: 'hypertensive-disorder' } },
    previous: { kind: 'maternal-death', ageBand: '30-34', attributes: { causeGroup: 'obstetric-haemorrhage' } },
    current: { kind: 'maternal-death', ageBand: '30-34', attributes: { causeGroup: 'hypertensive-disorder' } },
    more: async ({ service: { call, keys }, id, changes }: RecordChangeContext) => {
      expect(changes[1].data.current!.sex).toBeUndefined();
      expect((await call('PUT', `/v1/records/maternal-death/${id}`, { key: keys.write, body: maternalDeath('MD-1', 'hypertensive-disorder') })).json().revision).toBe(2);
      expect((await call('PUT', `/v1/records/maternal-death/${id}`, { key: keys.write, body: maternalDeath('MD-2', 'indirect') })).statusCode).toBe(422);
      expect((await call('PUT', `/v1/records/live-birth/${id}`, { key: keys.write, body: birth('X') })).statusCode).toBe(404);
    },
  },
  withdrawal: {
    kind: 'anaemia-test', body: anaemiaTest, reason: 'entered twice', reasonIn: 'query',
    previous: { kind: 'anaemia-test', attributes: { anaemiaGrade: 'mild' } },
    more: async ({ service: { call, keys } }: RecordChangeContext) => {
      const resubmit = await call('POST', '/v1/records/anaemia-test', { key: keys.write, body: anaemiaTest });
      expect(resubmit.statusCode).toBe(409);
      expect(resubmit.json().errors[0].reason).toContain('withdrawn');
    },
  },
  returns: {
    kind: 'life-expectancy', unit: 'years', submitted: life,
    revised: { ...life, figures: [{ sex: 'F', value: 81.5 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.9 }] },
    numeratorOverDenominator: {
      kind: 'health-literacy', body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 100, numerator: 300, denominator: 250 }] },
    },
  },
  documentation: {
    schemas: ['LiveBirthRecord', 'LiveBirthAttributes', 'CervicalCancerScreeningRecord', 'InducedAbortionRecord', 'HealthLiteracyReturn', 'TcmVillageClinicsReturn'],
    returnArea: '520103001',
  },
};

describe('health-service records and returns (PostgreSQL + Kafka)', () => {
  const service = describeDepartmentalContract(healthService, contract);
  const { call, count, recordChanges, keys } = service;
  let adminKey: string;

  beforeAll(async () => {
    adminKey = (await service.app.get(ApiKeyService).issue({ department: 'health', scopes: ['admin'], label: 'test admin' })).key;
  });

  describe('health only: keys', () => {
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
      expect((await call('GET', '/v1/admin/api-keys', { key: keys.write })).statusCode).toBe(403);
      const [{ key_hash }] = (await service.sql.query(`SELECT key_hash FROM api_keys WHERE id = $1`, [id])).rows;
      expect(key_hash).not.toBe(key);
    });
  });

  describe('health only: records', () => {
    it('carries the API call’s request id and trace context to Kafka, and echoes the id', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const res = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('TRACE-1'), headers: { 'x-request-id': 'his-2025-0042', traceparent } });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-request-id']).toBe('his-2025-0042');
      const [change] = await recordChanges([res.json().items[0].id]);
      expect(change.raw).toContain('"wdp_request_id":"his-2025-0042"');
      expect(change.raw).toContain(`"traceparent":"${traceparent}"`);
    });

    it('validates without writing on dryRun=true', async () => {
      const outboxBefore = await count('outbox');
      const res = await call('POST', '/v1/records/live-birth?dryRun=true', { key: keys.write, body: { items: [birth('DRY-1'), birth('ONE-1', { occurredOn: '2025-07-03' })] } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: true, created: 1, unchanged: 1 });
      expect(res.json().items.map((i: { status: string }) => i.status)).toEqual(['would-create', 'unchanged']);
      expect(await count('records', `natural_key = 'DRY-1'`)).toBe(0);
      expect(await count('outbox')).toBe(outboxBefore);
      expect((await call('POST', '/v1/records/live-birth?dryRun=true', { key: keys.write, body: birth('DRY-2', { sex: 'Q' }) })).statusCode).toBe(422);
    });

    it('treats a resubmitted natural key as a no-op, and a changed one as a 409 pointing at PUT', async () => {
      const again = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('IDEM-1') });
      expect(again.statusCode).toBe(200);
      expect(again.json().items[0].status).toBe('unchanged');
      const changed = await call('POST', '/v1/records/live-birth', { key: keys.write, body: { items: [birth('NEW-1'), birth('IDEM-1', { sex: 'M' })] } });
      expect(changed.statusCode).toBe(409);
      expect(changed.json().errors[0]).toMatchObject({ field: 'items[1].reference', row: 1 });
      expect(changed.json().errors[0].reason).toContain('PUT /v1/records/live-birth/');
      expect(await count('records', `natural_key = 'NEW-1'`)).toBe(0);
      expect(await count('records', `natural_key = 'IDEM-1'`)).toBe(1);
    });

    it('corrects part of a record with a JSON merge patch, and takes a withdrawal reason from a JSON body', async () => {
      const created = await call('POST', '/v1/records/cervical-cancer-screening', {
        key: keys.write, body: { reference: 'CX-1', area, period: '2025-04', age: 41, attributes: { method: 'hpv', result: 'negative', programme: 'public-free' } },
      });
      const id = created.json().items[0].id;
      const patched = await service.app.inject({
        method: 'PATCH', url: `/v1/records/cervical-cancer-screening/${id}`,
        headers: { 'x-api-key': keys.write, 'content-type': 'application/merge-patch+json' },
        payload: JSON.stringify({ attributes: { result: 'abnormal-referred' }, age: null, ageBand: '40-44' }),
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ revision: 2, ageBand: '40-44', attributes: { method: 'hpv', result: 'abnormal-referred', programme: 'public-free' } });
      expect(patched.json().age).toBeUndefined();
      const badPatch = await call('PUT', `/v1/records/cervical-cancer-screening/${id}`, { key: keys.write, body: { attributes: { result: 'unknown' } } });
      expect(badPatch.statusCode).toBe(422);

      const [, revised] = await recordChanges([id]);
      expect(revised.data).toMatchObject({ operation: 'revised', previous: { attributes: { result: 'negative' } }, current: { attributes: { result: 'abnormal-referred' } } });

      expect((await call('DELETE', `/v1/records/cervical-cancer-screening/${id}`, { key: keys.write, body: { reason: 'duplicate of CX-0' } })).json())
        .toMatchObject({ status: 'withdrawn', withdrawnReason: 'duplicate of CX-0' });
    });

    it('refuses absurdly nested bodies with 422 rather than failing', async () => {
      const deep = `${'['.repeat(5_000)}"x"${']'.repeat(5_000)}`;
      const payload = JSON.stringify(birth('DEEP-1', { attributes: '__DEEP__' })).replace('"__DEEP__"', deep);
      const res = await service.app.inject({
        method: 'POST', url: '/v1/records/live-birth', payload,
        headers: { 'x-api-key': keys.write, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].reason).toContain('nested more than');
    });

    it('lets the department list (paged, filtered) and fetch what it submitted', async () => {
      const page1 = await call('GET', '/v1/records/live-birth?limit=2&periodFrom=2025-07&periodTo=2025-Q3&area=520103001', { key: keys.readOnly });
      expect(page1.statusCode).toBe(200);
      const p1 = page1.json();
      expect(p1.items).toHaveLength(2);
      expect(p1.nextCursor).toEqual(expect.any(String));
      const page2 = (await call('GET', `/v1/records/live-birth?limit=2&periodFrom=2025-07&area=520103001&cursor=${p1.nextCursor}`, { key: keys.readOnly })).json();
      expect(page2.items[0].id).not.toBe(p1.items[1].id);
      const byRef = (await call('GET', '/v1/records/live-birth?reference=ONE-1', { key: keys.readOnly })).json();
      expect(byRef.items).toHaveLength(1);
      const one = await call('GET', `/v1/records/live-birth/${byRef.items[0].id}`, { key: keys.readOnly });
      expect(one.json()).toMatchObject({ reference: 'ONE-1', subjectRef: 'p-ONE-1', revision: 1, status: 'active' });
      expect((await call('GET', '/v1/records/live-birth?periodFrom=2030', { key: keys.readOnly })).json().items).toEqual([]);
      expect((await call('GET', `/v1/records/live-birth/${randomUUID()}`, { key: keys.readOnly })).statusCode).toBe(404);
      expect((await call('GET', '/v1/records/live-birth?cursor=garbage', { key: keys.readOnly })).statusCode).toBe(422);
      expect((await call('GET', '/v1/records/live-birth?bogus=1', { key: keys.readOnly })).statusCode).toBe(422);
    });

    it('answers bad input with problem details, never 5xx', async () => {
      const notJson = await service.app.inject({ method: 'POST', url: '/v1/records/live-birth', headers: { 'x-api-key': keys.write, 'content-type': 'application/json' }, payload: '{"items": [' });
      expect(notJson.statusCode).toBe(400);
      expect((await call('POST', '/v1/records/live-birth', { key: keys.write, body: [1, 2] })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: keys.write, body: { items: 'x' } })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('BIGNUM', { count: 1e308 }) })).statusCode).toBe(422);
      expect((await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('H', { headers: 'x' }), headers: { 'idempotency-key': 'bad key with spaces' } })).statusCode).toBe(422);
      expect((await call('PUT', '/v1/records/live-birth/not-a-uuid', { key: keys.write, body: birth('Z') })).statusCode).toBe(404);
    });
  });

  describe('health only: returns and documentation', () => {
    it('rejects figures that contradict their numerator and denominator', async () => {
      const res = await call('POST', '/v1/returns/health-literacy', {
        key: keys.write, body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 120, numerator: 300, denominator: 250 }] },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['figures[0].value']));
      expect(await count('statistical_returns', `kind = 'health-literacy' AND area = '520103'`)).toBe(0);
    });

    it('documents the X-API-Key scheme and the error statuses', async () => {
      const doc = (await call('GET', '/docs-json')).json();
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
      const post = doc.paths['/v1/records/live-birth'].post;
      expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '409', '413', '422', '429', '503']);
      expect(post.requestBody.content['application/json'].examples.batch.value.items).toHaveLength(2);
    });
  });

  describe('health only: outage (last: it cuts the database off)', () => {
    it('answers 503 with Retry-After while the database refuses connections, then recovers', async () => {
      const admin = new Client({ connectionString: testInfra().databaseUrl });
      await admin.connect();
      try {
        await admin.query(`ALTER DATABASE "${service.db.name}" WITH ALLOW_CONNECTIONS false`);
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [service.db.name]);
        const res = await waitFor(async () => {
          const r = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('OUTAGE-1') });
          return r.statusCode === 503 ? r : undefined;
        }, { timeoutMs: 15_000, what: '503 during the outage' });
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json().status).toBe(503);
      } finally {
        await admin.query(`ALTER DATABASE "${service.db.name}" WITH ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      await service.reconnect();
      const ok = await waitFor(async () => {
        const r = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('OUTAGE-1') });
        return r.statusCode === 201 ? r : undefined;
      }, { timeoutMs: 20_000, what: 'recovery after the outage' });
      expect(ok.statusCode).toBe(201);
    });
  });
});

describe('health-service publishing v1 record events (PostgreSQL + Kafka)', () => {
  // A service still publishes one event per record change when EVENT_GENERATION=v1, so the first generation
  // keeps a real-broker test: the shared contract once more, with a batch that is large but quicker to relay.
  describeDepartmentalContract({ ...healthService, eventGeneration: 'v1' }, { ...contract, batch: { ...contract.batch, size: 400 } });
});
