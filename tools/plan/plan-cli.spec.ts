import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { districtPlan, districtSuccessorDraft, planJsonSchemaText, serializePlan } from '@wdp/plans';
import { run } from './plan';

const ROOT = path.resolve(__dirname, '..', '..');
const VALID = 'libs/plans/plans/yunyan-district-2021-2025.yaml';

/** `npm run plan -- <args>` as a process, the way an administrator runs it. */
const plan = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/plan/plan.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SWCRC: 'true' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('npm run plan', () => {
  jest.setTimeout(60_000);
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'wdp-plan-cli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validate: a valid file passes, exit 0', () => {
    expect(plan('validate', VALID)).toEqual({ status: 0, stdout: `${VALID}: valid\n`, stderr: '' });
  });

  it('validate: prints each problem as file: field: reason and exits 1', () => {
    const broken = path.join(dir, 'broken.yaml');
    const doc = districtPlan();
    writeFileSync(
      broken,
      serializePlan({ ...doc, baselineYear: 2021, targets: [{ ...doc.targets[0], indicator: 'HEA-99' }, { ...doc.targets[1], targetYear: 2030 }, doc.targets[1]] }, 'yaml'),
    );
    const notYaml = path.join(dir, 'not-yaml.yml');
    writeFileSync(notYaml, 'id: [\n');
    expect(plan('validate', broken, VALID, notYaml)).toEqual({
      status: 1,
      stdout: [
        `${broken}: baselineYear: must be before the period start (2021)`,
        `${broken}: targets[0].indicator: unknown indicator HEA-99: the catalogue has no such code`,
        `${broken}: targets[1].targetYear: 2030 is outside the plan period 2021–2025`,
        `${VALID}: valid`,
        `${notYaml}: (document): not YAML: line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('export: prints a built-in plan as YAML or JSON, or writes it to a file', () => {
    const yaml = plan('export', 'yunyan-district-2026-2030');
    expect(yaml.status).toBe(0);
    expect(parse(yaml.stdout)).toEqual(districtSuccessorDraft());
    const out = path.join(dir, 'district.json');
    expect(plan('export', 'yunyan-district-2021-2025', '--format', 'json', '--out', out)).toEqual({ status: 0, stdout: '', stderr: `wrote ${out}\n` });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(districtPlan());
  });

  it('refuses an unknown command with the usage, exit 2', () => {
    const result = plan('frobnicate');
    expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
    expect(result.stderr).toContain('npm run plan -- validate <file>...');
  });
});

describe('run', () => {
  it('refuses an unknown plan or format, a validate without files, an import without a file or key, exit 2', async () => {
    for (const args of [['export', 'nowhere-2021-2025'], ['export', 'yunyan-district-2021-2025', '--format', 'xml'], ['validate'], ['import'], ['import', VALID], ['export', '--bogus']]) {
      const result = await run(args, {});
      expect({ args, exitCode: result.exitCode, stdout: result.stdout }).toEqual({ args, exitCode: 2, stdout: [] });
      expect(result.stderr[0]).toMatch(/^(export|validate|import|Unknown option)/);
    }
  });

  it('says a file that is neither YAML nor JSON by name cannot be read as a plan', async () => {
    expect(await run(['validate', 'plan.txt'])).toEqual({ exitCode: 1, stdout: ['plan.txt: (document): name a .yaml, .yml or .json file, so its format is known'], stderr: [] });
  });

  it('prints the published JSON Schema', async () => {
    expect((await run(['schema'])).stdout).toEqual([planJsonSchemaText().trimEnd()]);
  });
});

describe('import', () => {
  // A stand-in for the monitoring service's admin API, answering as it does; the real one is exercised by
  // apps/monitoring-service/src/plans/plans.integration-spec.ts.
  let server: Server;
  let url: string;
  const received: { method?: string; url?: string; type?: string; key?: string; body: string }[] = [];
  let answer: { status: number; body: object } = { status: 201, body: {} };
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      received.push({ method: req.method, url: req.url, type: req.headers['content-type'], key: req.headers['x-api-key'] as string, body: await read(req) });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  it('posts a version 1 as the new plan, the file as it is, with its media type, the key and the reason', async () => {
    answer = { status: 201, body: { version: { planId: 'yunyan-district-2021-2025', version: 1 }, changes: [{ field: 'created' }] } };
    const result = await run(['import', VALID, '--url', url, '--reason', 'first load'], { ADMIN_API_KEY: 'key-from-env' });
    expect(result).toEqual({ exitCode: 0, stdout: [`${VALID}: stored yunyan-district-2021-2025 version 1 (1 changes)`], stderr: [] });
    expect(received).toEqual([
      { method: 'POST', url: '/v1/admin/plans?reason=first+load', type: 'application/yaml', key: 'key-from-env', body: readFileSync(path.join(ROOT, VALID), 'utf8') },
    ]);
  });

  it('posts a later version to the plan’s versions, and prints the problems the service names, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wdp-plan-import-'));
    const file = path.join(dir, 'v2.json');
    writeFileSync(file, serializePlan({ ...districtPlan(), version: 2 }, 'json'));
    answer = { status: 422, body: { status: 422, errors: [{ field: 'targets[3].indicator', reason: 'unknown indicator HEA-99: the catalogue has no such code' }] } };
    const result = await run(['import', file, '--url', url, '--key', 'k']);
    expect(result).toEqual({ exitCode: 1, stdout: [`${file}: targets[3].indicator: unknown indicator HEA-99: the catalogue has no such code`], stderr: [] });
    expect(received[0]).toMatchObject({ url: '/v1/admin/plans/yunyan-district-2021-2025/versions', type: 'application/json', key: 'k' });
    answer = { status: 409, body: { status: 409, detail: 'Version 2 of yunyan-district-2021-2025 cannot be stored: versions are immutable and the next one is 3.' } };
    expect((await run(['import', file, '--url', url, '--key', 'k'])).stdout).toEqual([`${file}: 409 Version 2 of yunyan-district-2021-2025 cannot be stored: versions are immutable and the next one is 3.`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so when the service cannot be reached, exit 1, and checks the file is YAML before sending it', async () => {
    const down = await run(['import', VALID, '--url', 'http://127.0.0.1:1', '--key', 'k']);
    expect(down).toMatchObject({ exitCode: 1, stdout: [], stderr: [expect.stringMatching(/^import: cannot reach http:\/\/127.0.0.1:1/)] });
    const dir = mkdtempSync(path.join(tmpdir(), 'wdp-plan-import-'));
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'id: [\n');
    expect((await run(['import', file, '--url', url, '--key', 'k'])).exitCode).toBe(1);
    expect(received).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
