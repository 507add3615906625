import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENTED_SERVICES } from './services';
import { documentFile } from './build-document';

const ROOT = path.resolve(__dirname, '..', '..');

describe('docs/openapi and the generated client types', () => {
  jest.setTimeout(120_000);

  const checkDrift = (preload: string[] = [], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [...preload, '-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'tools/openapi/generate.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SWCRC: 'true', ...env },
    });
    return { status: result.status, stderr: result.stderr.trim() };
  };

  it('are what the services generate (run `npm run docs:openapi` after changing an API)', () => {
    expect(checkDrift()).toEqual({ status: 0, stderr: '' });
  });

  // Examples once took their period from the clock, so main turned red at every change of month.
  it.each(['2031-02-28T23:30:00Z', '2019-11-01T00:00:00Z'])('do not change with the date (clock at %s)', (at) => {
    expect(checkDrift(['-r', './tools/openapi/test-support/fixed-clock.js'], { FIXED_CLOCK: at })).toEqual({ status: 0, stderr: '' });
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
