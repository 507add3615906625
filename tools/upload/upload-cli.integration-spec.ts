import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { recordKindsOf, returnKindsOf, Topic } from '@wdp/contracts';
import { IngestionConfig, IngestionModule, ingestionMigrations, type IngestionOptions } from '@wdp/ingestion';
import { messagingMigrations } from '@wdp/messaging';
import { PlatformModule, type ServiceInfo } from '@wdp/platform';
import { REPO_ROOT, useDepartmentalService } from '@wdp/testing';
import ExcelJS from 'exceljs';

const INFO: ServiceInfo = { name: 'upload-cli-test-service', title: 'Upload CLI test service', description: 'Health kinds, for the CLI test.', version: '0.0.0' };
class CliTestConfig extends IngestionConfig {}

@Module({})
class CliTestApp {
  static forRoot(config: CliTestConfig, overrides: Partial<IngestionOptions> = {}): DynamicModule {
    return {
      module: CliTestApp,
      imports: [
        PlatformModule.forService({ info: INFO, config, migrations: [...messagingMigrations, ...ingestionMigrations], entities: [] }),
        IngestionModule.forDepartment({ department: 'health', topic: Topic.HealthEvents, recordKinds: recordKindsOf('health'), returnKinds: returnKindsOf('health'), ...overrides }),
      ],
    };
  }
}

const HEADER = ['reference', 'area', 'period', 'sex', 'ageBand', 'attributes.deliveryPlace', 'attributes.deliveryMode'];
const row = (i: number, sex: string = i % 2 ? 'M' : 'F') => [`CLI-${i}`, '520103001001', '2025-05', sex, '25-29', 'hospital', 'vaginal'];

/** `npm run upload` as an operator runs it: a child process, the key from the environment. */
function runCli(args: string[], key: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'upload', '--', ...args, '--no-progress'], { cwd: REPO_ROOT, env: { ...process.env, WDP_API_KEY: key }, timeout: 240_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** In front of the service: answers 503 to every other upload, so every chunk is retried once. */
function flakyProxy(target: number): Promise<{ server: Server; port: number; failures: () => number }> {
  let n = 0;
  let failed = 0;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && n++ % 2 === 0) {
      failed++;
      req.resume();
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/problem+json' }).end('{"status":503}');
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, failures: () => failed })));
}

describe('npm run upload against a running service (PostgreSQL + Kafka)', () => {
  const service = useDepartmentalService({
    department: 'health', siblingDepartment: 'education', strangerDepartment: 'education',
    app: { module: CliTestApp, configClass: CliTestConfig, info: INFO },
  });
  const dir = mkdtempSync(join(tmpdir(), 'wdp-upload-'));
  let url: string;
  let proxy: Awaited<ReturnType<typeof flakyProxy>>;

  beforeAll(async () => {
    await service.app.listen(0, '127.0.0.1');
    const port = (service.app.getHttpServer().address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}`;
    proxy = await flakyProxy(port);
  });
  afterAll(() => {
    proxy?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a 12,000-row XLSX in batches through retries, and a re-run counts nothing twice', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(HEADER);
    for (let i = 0; i < 12_000; i++) ws.addRow(row(i));
    const file = join(dir, 'births.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

    const args = ['--service', 'health', '--kind', 'live-birth', '--file', file, '--batch-size', '5000', '--url', `http://127.0.0.1:${proxy.port}`];
    const first = await runCli(args, service.keys.write);
    expect(first.stderr).toContain('12000 rows');
    expect(first.stdout).toContain('rows in file 12000, sent 12000, created 12000, unchanged 0, rejected 0 (0 failed requests, 3 retries');
    expect(first.code).toBe(0);
    expect(proxy.failures()).toBe(3);
    process.stdout.write(`CLI, 12,000-row XLSX via a proxy failing every other request: ${first.stdout.split('\n').find((l) => l.startsWith('Took'))}\n`);
    expect(await service.count('records', `natural_key LIKE 'CLI-%'`)).toBe(12_000);

    const again = await runCli(args, service.keys.write);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('created 0, unchanged 12000'); // replayed from the Idempotency-Key store
    expect(again.stdout).toContain('3 replayed');
    expect(await service.count('records', `natural_key LIKE 'CLI-%'`)).toBe(12_000);
  }, 300_000);

  it('reports rejected rows at their row numbers in the file; other batches still go in', async () => {
    const lines = [HEADER, ...Array.from({ length: 30 }, (_, i) => row(20_000 + i))];
    lines[25] = row(20_024, 'X'); // spreadsheet row 26
    const file = join(dir, 'births.csv');
    writeFileSync(file, lines.map((l) => l.join(',')).join('\n'));
    const out = await runCli(['--service', 'health-service', '--kind', 'live-birth', '--file', file, '--batch-size', '10', '--url', url], service.keys.write);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('rows in file 30, sent 30, created 20, unchanged 0, rejected 10 (1 failed request');
    expect(out.stdout).toContain('row 26, column sex: must be one of the following values: F, M');
    expect(await service.count('records', `natural_key LIKE 'CLI-200__'`)).toBe(20);
  }, 120_000);

  it('splits a returns file into one return per area and period', async () => {
    const file = join(dir, 'life.csv');
    writeFileSync(file, ['area,period,sex,value', '520103,2023,F,81.0', ',,M,76.0', '520103,2024,F,81.2', ',,M,76.4'].join('\n'));
    const out = await runCli(['--service', 'health', '--kind', 'life-expectancy', '--file', file, '--url', url], service.keys.write);
    expect(out.stdout).toContain('rows in file 4, sent 4, created 2');
    expect(out.code).toBe(0);
    expect(await service.count('statistical_returns', `kind = 'life-expectancy'`)).toBe(2);
  }, 120_000);
});
