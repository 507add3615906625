import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENTED_SERVICES } from './services';
import { documentFile } from './build-document';

const ROOT = path.resolve(__dirname, '..', '..');

describe('docs/openapi and the generated client types', () => {
  jest.setTimeout(120_000);

  it('are what the services generate (run `npm run docs:openapi` after changing an API)', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/openapi/generate.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SWCRC: 'true' },
    });
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('describe every service with its routes and no machine-specific server', () => {
    for (const { info } of DOCUMENTED_SERVICES) {
      const document = JSON.parse(fs.readFileSync(documentFile(info.name), 'utf8'));
      expect(document.info.title).toBe(info.title);
      expect(document.servers).toEqual([{ url: '/', description: 'the service itself' }]);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    }
  });

  it('lint clean with @redocly/cli (redocly.yaml, reviewed exceptions in .redocly.lint-ignore.yaml)', () => {
    const files = DOCUMENTED_SERVICES.map(({ info }) => path.relative(ROOT, documentFile(info.name)));
    const redocly = path.join(ROOT, 'node_modules', '.bin', 'redocly');
    const result = spawnSync(redocly, ['lint', ...files, '--format=stylish'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const problems = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /^\s*\d+:\d+\s+(error|warning)\s/.test(line));
    expect({ status: result.status, problems }).toEqual({ status: 0, problems: [] });
  });
});
