import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf, Topic } from '@wdp/contracts';
import { messagingMigrations } from '@wdp/messaging';
import { containsResidentIdNumber, PlatformModule, PROBLEM_CONTENT_TYPE, type ServiceInfo } from '@wdp/platform';
import { useDepartmentalService } from '@wdp/testing';
import { ApiKeyService } from '../auth/api-key.service';
import { IngestionConfig } from '../ingestion-config';
import { IngestionModule, type IngestionOptions } from '../ingestion.module';
import { ingestionMigrations } from '../persistence/migrations';
import { CSV_CONTENT_TYPE } from '../upload/spreadsheet';

// A health-service-like app built from the library alone (libraries never import apps), with the platform's
// request screens as every service has them.
const INFO: ServiceInfo = { name: 'hostile-requests-test-service', title: 'Hostile requests test service', description: 'Health kinds.', version: '0.0.0' };
class HostileTestConfig extends IngestionConfig {}

@Module({})
class HostileTestApp {
  static forRoot(config: HostileTestConfig, overrides: Partial<IngestionOptions> = {}): DynamicModule {
    return {
      module: HostileTestApp,
      imports: [
        PlatformModule.forService({ info: INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({ department: 'health', topic: Topic.HealthEvents, recordKinds: recordKindsOf('health'), returnKinds: returnKindsOf('health'), ...overrides }),
      ],
    };
  }
}

const AREA = '520103001001';
const birth = (reference: string, over: Record<string, unknown> = {}) => ({
  reference, subjectRef: `p-${reference}`, area: AREA, period: '2025-07', sex: 'F', ageBand: '30-34',
  attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' }, ...over,
});

/** A raw HTTP/1.1 exchange over a socket, for what Node's parser refuses before Fastify or inject() see it. */
function rawRequest(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hostile requests get problem details, never a 500 (PostgreSQL)', () => {
  const service = useDepartmentalService({
    department: 'health', siblingDepartment: 'education', strangerDepartment: 'education',
    app: { module: HostileTestApp, configClass: HostileTestConfig, info: INFO },
  });
  const { keys, count, call } = service;
  const isProblem = (res: { headers: Record<string, unknown> }) => expect(String(res.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);

  it('a NUL byte in a query filter, a path parameter, a JSON string or key, or a CSV cell is a 422 naming the field', async () => {
    const filter = await call('GET', '/v1/records/live-birth?area=a%00b', { key: keys.write });
    expect(filter.statusCode).toBe(422);
    isProblem(filter);
    expect(filter.json().errors).toEqual([expect.objectContaining({ field: 'area', reason: expect.stringContaining('NUL') })]);

    const path = await call('GET', '/v1/records/live-birth/a%00b', { key: keys.write });
    expect(path.statusCode).toBe(422);
    expect(path.json().errors).toEqual([expect.objectContaining({ field: 'id' })]);

    const body = await call('POST', '/v1/records/live-birth', { key: keys.write, body: { items: [birth('NUL-1'), birth('NUL-2', { subjectRef: 'p\u0000x' })] } });
    expect(body.statusCode).toBe(422);
    expect(body.json().errors).toEqual([expect.objectContaining({ field: 'items[1].subjectRef', row: 1 })]);
    const key = await call('POST', '/v1/records/live-birth', { key: keys.write, body: { ...birth('NUL-3'), 'x\u0000': 1 } });
    expect(key.statusCode).toBe(422);

    const csv = Buffer.from(`reference,area,period,sex,ageBand,attributes.deliveryPlace,attributes.deliveryMode\r\nNUL-4,${AREA},2025-07,F,30-34,hos\u0000pital,vaginal\r\n`);
    const upload = await service.app.inject({ method: 'POST', url: '/v1/records/live-birth/upload', headers: { 'x-api-key': keys.write, 'content-type': CSV_CONTENT_TYPE }, payload: csv });
    expect(upload.statusCode).toBe(422);
    expect(upload.json().errors).toEqual([expect.objectContaining({ row: 2, column: 'attributes.deliveryPlace', reason: expect.stringContaining('NUL') })]);
    expect(await count('records')).toBe(0);
  });

  it('a reference starting like a spreadsheet formula is refused, in JSON and in a CSV upload', async () => {
    const json = await call('POST', '/v1/records/live-birth', { key: keys.write, body: { items: [birth('F-1'), birth('=HYPERLINK("http://x")')] } });
    expect(json.statusCode).toBe(422);
    expect(json.json().errors).toEqual([expect.objectContaining({ field: 'items[1].reference', row: 1, reason: expect.stringContaining('formula') })]);
    const csv = Buffer.from(`reference,subjectRef,area,period,sex,ageBand,attributes.deliveryPlace,attributes.deliveryMode\r\nF-2,@SUM(A1),${AREA},2025-07,F,30-34,hospital,vaginal\r\n`);
    const upload = await service.app.inject({ method: 'POST', url: '/v1/records/live-birth/upload', headers: { 'x-api-key': keys.write, 'content-type': CSV_CONTENT_TYPE }, payload: csv });
    expect(upload.statusCode).toBe(422);
    expect(upload.json().errors).toEqual([expect.objectContaining({ row: 2, column: 'subjectRef', reason: expect.stringContaining('formula') })]);
    expect(await count('records')).toBe(0);
  });

  it('the same item twice in a batch is a 422 naming both positions, not silently collapsed', async () => {
    const res = await call('POST', '/v1/records/live-birth', { key: keys.write, body: { items: [birth('D-1'), birth('D-2'), birth('D-3'), birth('D-2')] } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'items[3].reference', row: 3, reason: expect.stringContaining('items[1]') }]);
    expect(await count('records')).toBe(0);
  });

  it('a JSON body that is not an object (null) is a 422, not an empty update', async () => {
    const created = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('N-1') });
    expect(created.statusCode).toBe(201);
    const id = created.json().items[0].id;
    const res = await call('PATCH', `/v1/records/live-birth/${id}`, { key: keys.write, body: null, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(res.statusCode).toBe(422);
    isProblem(res);
    expect(res.json().errors).toEqual([{ field: '(body)', reason: 'must be a JSON object' }]);
  });

  it('an operation without a request body refuses one, however deep, and still takes none or {}', async () => {
    const admin = await service.app.get(ApiKeyService).issue({ department: 'health', scopes: ['admin'], label: 'hostile test admin' });
    const victim = async () => (await service.app.get(ApiKeyService).issue({ department: 'health', scopes: ['read:health'], label: 'to revoke' })).id;
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const nested = await service.app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${await victim()}?reason=test`, headers: { 'x-api-key': admin.key, 'content-type': 'application/json' }, payload: deep });
    expect(nested.statusCode).toBe(422);
    isProblem(nested);
    const some = await call('DELETE', `/v1/admin/api-keys/${await victim()}?reason=test`, { key: admin.key, body: { reason: 'x' } });
    expect(some.statusCode).toBe(422);
    expect(some.json().errors).toEqual([{ field: '(body)', reason: expect.stringContaining('no request body') }]);
    expect((await call('DELETE', `/v1/admin/api-keys/${await victim()}?reason=test`, { key: admin.key })).statusCode).toBeLessThan(300);
    expect((await call('DELETE', `/v1/admin/api-keys/${await victim()}?reason=test`, { key: admin.key, body: {} })).statusCode).toBeLessThan(300);
  });

  it('a 404 and an upload header error never echo a resident ID number, in any encoding', async () => {
    const id = '11010519491231002X';
    const paths = [
      `/v1/nowhere/${id}`,
      `/v1/nowhere/${[...id].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`,
      `/v1/nowhere/${encodeURIComponent('110105\u200b19491231\u200b002X')}`,
      `/v1/nowhere/${encodeURIComponent('110105\u2060 1949 1231\u00ad002X')}`,
      `/v1/nowhere/${encodeURIComponent('１１０１０５１９４９１２３１００２X')}`,
      '/v1/110105/19491231/002X',
      `/v1/nowhere?subject=${id}&${id}=1`,
    ];
    const holdsId = (text: string) => {
      let decoded = text;
      try {
        decoded = decodeURIComponent(text);
      } catch {
        /* the raw text is checked anyway */
      }
      return containsResidentIdNumber(text) || containsResidentIdNumber(decoded) || containsResidentIdNumber(JSON.parse(`"${decoded.replace(/"/g, '')}"`));
    };
    for (const path of paths) {
      const res = await call('GET', path, { key: keys.write });
      expect(res.statusCode).toBe(404);
      isProblem(res);
      expect(res.json().detail).toMatch(/^No route matches GET /);
      expect(holdsId(res.body)).toBe(false);
    }
    expect((await call('GET', '/v1/nowhere', { key: keys.write })).json().detail).toBe('No route matches GET /v1/nowhere.');

    const csv = Buffer.from(`reference,area,period,sex,ageBand,attributes.deliveryPlace,attributes.deliveryMode,110105\u200b19491231\u200b002X\r\nH-1,${AREA},2025-07,F,30-34,hospital,vaginal,x\r\n`);
    const upload = await service.app.inject({ method: 'POST', url: '/v1/records/live-birth/upload', headers: { 'x-api-key': keys.write, 'content-type': CSV_CONTENT_TYPE }, payload: csv });
    expect(upload.statusCode).toBe(422);
    expect(upload.json().errors).toEqual([{ row: 1, field: '(header)', reason: expect.stringMatching(/^column 8 is not a column of this kind/) }]);
    expect(holdsId(upload.body)).toBe(false);
  });

  it('framework errors are problem details: bad percent-encoding 400, over-long path id 414, Content-Encoding 415', async () => {
    const badUrl = await call('GET', '/v1/records/live-birth/%E0%A4%A', { key: keys.write });
    expect(badUrl.statusCode).toBe(400);
    isProblem(badUrl);
    expect(badUrl.json()).toMatchObject({ status: 400, title: 'Bad request' });

    const longId = await call('GET', `/v1/records/live-birth/${'a'.repeat(500)}`, { key: keys.write });
    expect(longId.statusCode).toBe(414);
    isProblem(longId);
    expect(longId.json()).toMatchObject({ status: 414 });

    for (const encoding of ['gzip', 'br', 'x-unknown']) {
      const res = await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('CE-1'), headers: { 'content-encoding': encoding } });
      expect(res.statusCode).toBe(415);
      isProblem(res);
    }
    expect((await call('POST', '/v1/records/live-birth', { key: keys.write, body: birth('CE-2'), headers: { 'content-encoding': 'identity' } })).statusCode).toBe(201);
  });

  it('over a real socket: oversized headers are a 431 and an over-long URL a 414, both problem details', async () => {
    await service.app.listen(0, '127.0.0.1');
    try {
      const { port } = service.app.getHttpServer().address() as AddressInfo;
      const headers = await rawRequest(port, '/v1/records/live-birth', { 'x-filler': 'a'.repeat(20_000) });
      expect(headers.status).toBe(431);
      expect(headers.contentType).toBe(PROBLEM_CONTENT_TYPE);
      expect(JSON.parse(headers.body)).toMatchObject({ status: 431 });

      const longQuery = await rawRequest(port, `/v1/records/live-birth?area=${'1'.repeat(5_000)}`, { 'x-api-key': keys.write });
      expect(longQuery.status).toBe(414);
      expect(longQuery.contentType).toContain(PROBLEM_CONTENT_TYPE);

      const hugeUrl = await rawRequest(port, `/v1/records/live-birth?area=${'1'.repeat(20_000)}`);
      expect(hugeUrl.status).toBe(414);
      expect(hugeUrl.contentType).toBe(PROBLEM_CONTENT_TYPE);
    } finally {
      await service.app.getHttpServer().close();
    }
  });
});
