import fs from 'node:fs';
import { useDepartmentalService } from '@wdp/testing';
import { AppModule } from '../../apps/health-service/src/app.module';
import { HealthServiceConfig } from '../../apps/health-service/src/config';
import { SERVICE_INFO } from '../../apps/health-service/src/service-info';
import { documentFile } from './build-document';
import { createServiceClient } from '@wdp/api-client';

/**
 * The committed OpenAPI document proven by use: health-service on a real port (fresh database, the real broker,
 * a topic of its own) driven only through the openapi-fetch client typed from docs/openapi/health-service.json.
 * Every body below is checked by tsc against the generated types, every answer against the status the spec names.
 */
describe('typed client from docs/openapi/health-service.json against a running health-service', () => {
  const service = useDepartmentalService({
    department: 'health', siblingDepartment: 'education', strangerDepartment: 'education',
    app: { module: AppModule, configClass: HealthServiceConfig, info: SERVICE_INFO },
  });
  let baseUrl = '';

  beforeAll(async () => {
    await service.app.listen(0, '127.0.0.1');
    baseUrl = await service.app.getUrl();
  });

  const client = () => createServiceClient('health-service', { baseUrl, apiKey: service.keys.write });

  it('serves the committed document, apart from the address it runs at', async () => {
    const live = (await (await fetch(`${baseUrl}/docs-json`)).json()) as Record<string, unknown>;
    const committed = JSON.parse(fs.readFileSync(documentFile('health-service'), 'utf8'));
    expect({ ...live, servers: undefined }).toEqual({ ...committed, servers: undefined });
  });

  it('answers the probes the spec declares', async () => {
    const { response } = await client().GET('/health/live');
    expect(response.status).toBe(200);
  });

  it('pushes a record and reads it back', async () => {
    const api = client();
    const submitted = await api.POST('/v1/records/live-birth', {
      body: {
        reference: 'CLIENT-1', area: '520103001001', period: '2025-07', sex: 'F', ageBand: '30-34',
        attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' },
      },
    });
    expect(submitted.error).toBeUndefined();
    expect(submitted.response.status).toBe(201);
    expect(submitted.data).toMatchObject({ created: 1, dryRun: false, items: [{ reference: 'CLIENT-1', status: 'created' }] });
    const id = submitted.data!.items[0].id!;

    const read = await api.GET('/v1/records/live-birth/{id}', { params: { path: { id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ id, kind: 'live-birth', reference: 'CLIENT-1', sex: 'F', status: 'active', revision: 1 });
  });

  it('pushes a statistical return and reads it back', async () => {
    const api = client();
    const submitted = await api.POST('/v1/returns/life-expectancy', {
      body: { area: '520103', period: '2024', figures: [{ sex: 'F', value: 81.2 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.8 }] },
    });
    expect(submitted.error).toBeUndefined();
    expect(submitted.response.status).toBe(201);
    const id = submitted.data!.id;

    const read = await api.GET('/v1/returns/life-expectancy/{id}', { params: { path: { id } } });
    expect(read.response.status).toBe(200);
    expect(read.data).toMatchObject({ id, area: '520103', period: '2024' });
    expect(read.data!.figures).toHaveLength(3);
  });

  it('gets the problem document the spec declares for a refused key', async () => {
    const stranger = createServiceClient('health-service', { baseUrl, apiKey: service.keys.sibling });
    const refused = await stranger.GET('/v1/records/live-birth');
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ status: 403 });
  });
});
