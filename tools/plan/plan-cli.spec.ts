import { spawnSync } from 'node:child_process';
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
  it('refuses an unknown plan or format, a validate without files, and import, exit 2', () => {
    for (const args of [['export', 'nowhere-2021-2025'], ['export', 'yunyan-district-2021-2025', '--format', 'xml'], ['validate'], ['import', VALID], ['export', '--bogus']]) {
      const result = run(args);
      expect({ args, exitCode: result.exitCode, stdout: result.stdout }).toEqual({ args, exitCode: 2, stdout: [] });
      expect(result.stderr[0]).toMatch(/^(export|validate|import|Unknown option)/);
    }
  });

  it('says a file that is neither YAML nor JSON by name cannot be read as a plan', () => {
    expect(run(['validate', 'plan.txt'])).toEqual({ exitCode: 1, stdout: ['plan.txt: (document): name a .yaml, .yml or .json file, so its format is known'], stderr: [] });
  });

  it('prints the published JSON Schema', () => {
    expect(run(['schema']).stdout).toEqual([planJsonSchemaText().trimEnd()]);
  });
});
