#!/usr/bin/env node
// `npm test`: installs what is missing, type-checks, lints, then runs every unit and integration test in
// one jest run. The integration globalSetup starts a real Kafka broker unless KAFKA_BROKERS/DATABASE_URL
// are given. Results go to reports/jest-results.json, which .ci/run summarises.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import deps from './lib/ensure-deps.cjs';

const { ensureDeps, ROOT } = deps;
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const run = (cmd, args, label) => {
  console.log(`\n[test] ${label}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

ensureDeps();
process.env.NX_DAEMON ??= 'false';
process.env.NX_NO_CLOUD ??= 'true';
fs.mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
fs.rmSync(path.join(ROOT, 'reports', 'jest-results.json'), { force: true });

const extra = process.argv.slice(2);
if (extra.length === 0) {
  if (run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], 'type-check (tsc --noEmit)') !== 0) process.exit(1);
  // The Nx boundary rule reads the cached project graph; without one it silently skips.
  if (run(bin('nx'), ['show', 'projects'], 'Nx project graph') !== 0) process.exit(1);
  if (run(bin('eslint'), ['.', '--max-warnings=0'], 'lint (eslint, incl. Nx module boundaries)') !== 0) process.exit(1);
}
const status = run(
  bin('jest'),
  ['--ci', '--json', '--outputFile=reports/jest-results.json', '--maxWorkers=2', ...extra],
  'jest: unit + integration',
);
process.exit(status);
