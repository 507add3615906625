import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf, Topic } from '@wdp/contracts';
import { messagingMigrations } from '@wdp/messaging';
import { OutboxRelayModule, PlatformModule, type ServiceInfo } from '@wdp/platform';
import { recordChangeType, useDepartmentalService } from '@wdp/testing';
import ExcelJS from 'exceljs';
import { IngestionConfig } from '../ingestion-config';
import { IngestionModule, type IngestionOptions } from '../ingestion.module';
import { ingestionMigrations } from '../persistence/migrations';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from './spreadsheet';

// A health-service-like app built from the library alone (libraries never import apps).
const INFO: ServiceInfo = { name: 'upload-test-service', title: 'Upload test service', description: 'Health kinds, for the upload tests.', version: '0.0.0' };
class UploadTestConfig extends IngestionConfig {}

@Module({})
class UploadTestApp {
  static forRoot(config: UploadTestConfig, overrides: Partial<IngestionOptions> = {}): DynamicModule {
    return {
      module: UploadTestApp,
      imports: [
        PlatformModule.forService({ info: INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({ department: 'health', topic: Topic.HealthEvents, recordKinds: recordKindsOf('health'), returnKinds: returnKindsOf('health'), ...overrides }),
        OutboxRelayModule.forService({ topic: overrides.topic ?? Topic.HealthEvents }),
      ],
    };
  }
}

const AREA = '520103001001';
const BIRTH_HEADER = ['reference', 'subjectRef', 'area', 'period', 'sex', 'age', 'attributes.deliveryPlace', 'attributes.deliveryMode'];
const birthRow = (reference: string, i = 0): unknown[] => [reference, `p-${reference}`, AREA, '2025-07', i % 2 ? '男' : 'F', 20 + (i % 20), 'hospital', i % 3 ? 'vaginal' : 'caesarean'];

async function xlsx(rows: unknown[][], prepare?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  prepare?.(ws);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const csv = (rows: unknown[][]) => Buffer.from(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);

describe('spreadsheet upload (PostgreSQL + Kafka)', () => {
  const service = useDepartmentalService({
    department: 'health', siblingDepartment: 'education', strangerDepartment: 'education',
    app: { module: UploadTestApp, configClass: UploadTestConfig, info: INFO },
  });
  const { keys, count } = service;

  const upload = (path: string, body: Buffer, contentType: string, headers: Record<string, string> = {}, key = keys.write) =>
    service.app.inject({ method: 'POST', url: path, headers: { 'x-api-key': key, 'content-type': contentType, ...headers }, payload: body });

  it('stores a valid XLSX and a valid CSV through the batch pipeline, with one change per record on Kafka', async () => {
    const file = await xlsx([BIRTH_HEADER, ...Array.from({ length: 30 }, (_, i) => birthRow(`UX-${i}`, i))]);
    const res = await upload('/v1/records/live-birth/upload', file, XLSX_CONTENT_TYPE);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ dryRun: false, received: 30, created: 30, unchanged: 0 });
    expect(body.items[0]).toMatchObject({ row: 2, reference: 'UX-0', status: 'created' });
    expect(await count('records', `natural_key LIKE 'UX-%'`)).toBe(30);
    const stored = (await service.sql.query(`SELECT fact FROM records WHERE natural_key = 'UX-1'`)).rows[0].fact;
    expect(stored).toMatchObject({ sex: 'M', ageBand: '20-24', attributes: { deliveryPlace: 'hospital', deliveryMode: 'vaginal' } });

    const ids: string[] = body.items.map((i: { id: string }) => i.id);
    const changes = await service.recordChanges(ids);
    expect(changes.map((c) => [c.data.recordId, c.data.operation, c.data.revision])).toEqual(ids.map((id) => [id, 'recorded', 1]));
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set([recordChangeType('health', 'live-birth', 'recorded', service.generation)]));
    expect(changes.map((c) => c.raw).join()).not.toContain('p-UX-'); // subjectRef never leaves the service

    const text = csv([BIRTH_HEADER, ...Array.from({ length: 5 }, (_, i) => birthRow(`UC-${i}`, i))]);
    const fromCsv = await upload('/v1/records/live-birth/upload', text, 'text/csv; charset=utf-8');
    expect(fromCsv.statusCode).toBe(201);
    expect(fromCsv.json()).toMatchObject({ created: 5 });
    expect(await count('records', `natural_key LIKE 'UC-%'`)).toBe(5);

    const again = await upload('/v1/records/live-birth/upload', text, CSV_CONTENT_TYPE);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, unchanged: 5 });
  });

  it('answers 422 listing every bad cell by row number and column, and writes nothing', async () => {
    const before = { records: await count('records'), outbox: await count('outbox') };
    const file = await xlsx([
      BIRTH_HEADER,
      birthRow('BAD-0'),
      [...birthRow('BAD-1').slice(0, 4), 'X', 30, 'hospital', 'vaginal'],
      [],
      [...birthRow('BAD-3').slice(0, 5), 'thirty', 'hospital', 'vaginal'],
      ['BAD-4', 'p-4', '000000', '2099-01', 'F', 30, 'hospital', ''],
    ]);
    const res = await upload('/v1/records/live-birth/upload', file, XLSX_CONTENT_TYPE);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toBe('The file has invalid cells; nothing was written.');
    const errors = res.json().errors as { row: number; column?: string; field: string; reason: string }[];
    expect(errors.map((e) => [e.row, e.column, e.field])).toEqual([
      [3, 'sex', 'items[1].sex'],
      [5, 'age', 'items[2].age'],
      [6, 'area', 'items[3].area'],
      [6, 'period', 'items[3].period'],
      [6, 'attributes.deliveryMode', 'items[3].attributes.deliveryMode'],
    ]);
    expect(errors[1].reason).toBe('must be a whole number');
    expect(await count('records')).toBe(before.records);
    expect(await count('outbox')).toBe(before.outbox);

    const headerProblem = await upload('/v1/records/live-birth/upload', csv([['reference', 'area', 'colour'], ['H-1', AREA, 'red']]), CSV_CONTENT_TYPE);
    expect(headerProblem.statusCode).toBe(422);
    expect(headerProblem.json().errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 1, column: 'colour' }), expect.objectContaining({ row: 1, column: 'period', reason: 'required column is missing' }),
    ]));
  });

  it('reports natural-key conflicts at their rows, honours dryRun and Idempotency-Key, and refuses other bodies and keys', async () => {
    const changed = await upload('/v1/records/live-birth/upload', csv([BIRTH_HEADER, birthRow('NEW-U'), [...birthRow('UX-0').slice(0, 4), 'M', ...birthRow('UX-0').slice(5)]]), CSV_CONTENT_TYPE);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().errors[0]).toMatchObject({ row: 3, column: 'reference', field: 'items[1].reference' });
    expect(changed.json().conflicts[0].row).toBe(3);
    expect(await count('records', `natural_key = 'NEW-U'`)).toBe(0);

    const dry = await upload('/v1/records/live-birth/upload?dryRun=true', csv([BIRTH_HEADER, birthRow('DRY-U')]), CSV_CONTENT_TYPE);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1, items: [{ row: 2, status: 'would-create' }] });
    expect(await count('records', `natural_key = 'DRY-U'`)).toBe(0);

    const file = csv([BIRTH_HEADER, birthRow('IK-1')]);
    const first = await upload('/v1/records/live-birth/upload', file, CSV_CONTENT_TYPE, { 'idempotency-key': 'upload-ik-1' });
    const replay = await upload('/v1/records/live-birth/upload', file, CSV_CONTENT_TYPE, { 'idempotency-key': 'upload-ik-1' });
    expect([first.statusCode, replay.statusCode]).toEqual([201, 201]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect((await upload('/v1/records/live-birth/upload', csv([BIRTH_HEADER, birthRow('IK-2')]), CSV_CONTENT_TYPE, { 'idempotency-key': 'upload-ik-1' })).statusCode).toBe(409);

    expect((await upload('/v1/records/live-birth/upload', Buffer.from('{"items":[]}'), 'application/json')).statusCode).toBe(415);
    expect((await upload('/v1/records/live-birth/upload', file, CSV_CONTENT_TYPE, {}, keys.readOnly)).statusCode).toBe(403);
    expect((await upload('/v1/records/live-birth/upload', file, CSV_CONTENT_TYPE, {}, keys.sibling)).statusCode).toBe(403);
    expect((await upload('/v1/records/live-birth/upload', Buffer.from('not a zip'), XLSX_CONTENT_TYPE)).statusCode).toBe(422);
  });

  it('serves templates, and a filled-in XLSX template uploads as it is', async () => {
    const csvTemplate = await service.app.inject({ method: 'GET', url: '/v1/records/live-birth/template.csv' });
    expect(csvTemplate.statusCode).toBe(200);
    expect(csvTemplate.headers['content-type']).toContain('text/csv');
    expect(csvTemplate.body.trim()).toBe('"reference","subjectRef","area","period","occurredOn","sex","ageBand","age","count","attributes.deliveryPlace","attributes.deliveryMode","attributes.residence"');

    const xlsxTemplate = await service.app.inject({ method: 'GET', url: '/v1/records/live-birth/template.xlsx' });
    expect(xlsxTemplate.statusCode).toBe(200);
    expect(xlsxTemplate.headers['content-disposition']).toContain('live-birth-records-template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxTemplate.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', 'columns']);
    const data = wb.getWorksheet('data')!;
    const header = (data.getRow(1).values as unknown[]).slice(1) as string[];
    const fill = (reference: string): Record<string, unknown> => ({
      reference, area: AREA, period: '2025-06', occurredOn: '2025-06-12', sex: '女', ageBand: '25-29', 'attributes.deliveryPlace': 'hospital', 'attributes.deliveryMode': 'caesarean',
    });
    for (const r of [fill('TPL-1'), fill('TPL-2')]) data.addRow(header.map((h) => r[h] ?? null));
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('/v1/records/live-birth/upload', filled, XLSX_CONTENT_TYPE);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 2 });

    const returnTemplate = await service.app.inject({ method: 'GET', url: '/v1/returns/health-literacy/template.csv' });
    expect(returnTemplate.body.trim()).toBe('"area","period","sex","ageBand","value","numerator","denominator","note"');
  });

  it('takes a statistical return as one row per figure, and locates its errors too', async () => {
    const header = ['area', 'period', 'sex', 'value'];
    const res = await upload('/v1/returns/life-expectancy/upload', csv([header, ['520103', '2024', '女', '81.2'], ['', '', '男', '76.4'], ['', '', '合计', '78.8']]), CSV_CONTENT_TYPE);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ outcome: 'created', area: '520103', period: '2024', figures: [{ sex: 'F', value: 81.2 }, { sex: 'M', value: 76.4 }, { sex: 'T', value: 78.8 }] });
    const [event] = await service.eventsOnKafka(await service.eventIdsOf([res.json().id]));
    expect(event.type).toBe('gov.yunyan.health.life-expectancy-return.submitted.v1');

    const before = await count('statistical_returns');
    const bad = await upload('/v1/returns/health-literacy/upload', await xlsx([
      ['area', 'period', 'sex', 'value', 'numerator', 'denominator'],
      ['520103', '2024', 'F', 25.5, 255, 1000],
      ['520103', '2024', 'M', 'n/a', 234, 1000],
      ['520103', '2023', 'T', 90, 300, 250],
    ]), XLSX_CONTENT_TYPE);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[3, 'value'], [4, 'period']]);
    const inconsistent = await upload('/v1/returns/health-literacy/upload', csv([
      ['area', 'period', 'sex', 'value', 'numerator', 'denominator'], ['520103', '2024', 'F', 25.5, 255, 1000], ['520103', '2024', 'T', 90, 300, 250],
    ]), CSV_CONTENT_TYPE);
    expect(inconsistent.statusCode).toBe(422);
    expect(inconsistent.json().errors[0]).toMatchObject({ row: 3, column: 'numerator', field: 'figures[1].numerator' });
    expect(await count('statistical_returns')).toBe(before);
  });

  it('documents the upload and template routes in OpenAPI', async () => {
    const doc = (await service.app.inject({ method: 'GET', url: '/docs-json' })).json();
    const op = doc.paths['/v1/records/live-birth/upload'].post;
    expect(Object.keys(op.requestBody.content)).toEqual([CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE]);
    expect(op.requestBody.content[XLSX_CONTENT_TYPE].schema).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '401', '403', '409', '413', '415', '422', '503']));
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['dryRun', 'Idempotency-Key']));
    expect(doc.paths['/v1/returns/health-literacy/upload'].post).toBeDefined();
    expect(doc.paths['/v1/records/live-birth/template.xlsx'].get.responses['200'].content[XLSX_CONTENT_TYPE]).toBeDefined();
  });

  it('takes 10,000 rows of XLSX in one upload (speed logged)', async () => {
    const n = 10_000;
    const file = await xlsx([BIRTH_HEADER, ...Array.from({ length: n }, (_, i) => birthRow(`BIG-${i}`, i))]);
    const started = performance.now();
    const res = await upload('/v1/records/live-birth/upload', file, XLSX_CONTENT_TYPE);
    const seconds = (performance.now() - started) / 1000;
    expect(res.statusCode).toBe(201);
    expect(res.json().created).toBe(n);
    expect(await count('records', `natural_key LIKE 'BIG-%'`)).toBe(n);
     
    console.log(`10,000-row XLSX (${Math.round(file.length / 1024)} KiB) uploaded in ${seconds.toFixed(2)} s: ${Math.round(n / seconds)} rows/s`);
  }, 180_000);
});
