#!/usr/bin/env node
// `npm test`: installs what is missing, type-checks, lints, then runs every unit and integration test in
// one jest run. The integration globalSetup starts a real Kafka broker unless KAFKA_BROKERS/DATABASE_URL
// are given. Results go to reports/jest-results.json, which .ci/run summarises.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import deps from './lib/ensure-deps.cjs';
import nodeRuntime from './lib/node-runtime.cjs';

const { ensureDeps, ROOT } = deps;
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
// A tool runs on this script's Node, not on whichever `node` its `#!/usr/bin/env node` line finds.
const run = (tool, args, label) => {
  console.log(`\n[test] ${label} on Node ${process.versions.node}`);
  const r = spawnSync(process.execPath, [bin(tool), ...args], { cwd: ROOT, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};

// On a Node older than engines.node this reruns the script on Node 24 from node_modules/.bin and never returns.
await nodeRuntime.runOnRequiredNode();
ensureDeps();
process.env.NX_DAEMON ??= 'false';
process.env.NX_NO_CLOUD ??= 'true';
fs.mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
fs.rmSync(path.join(ROOT, 'reports', 'jest-results.json'), { force: true });

const extra = process.argv.slice(2);
if (extra.length === 0) {
  if (run('tsc', ['-p', 'tsconfig.json', '--noEmit'], 'type-check (tsc --noEmit)') !== 0) process.exit(1);
  // The Nx boundary rule reads the cached project graph; without one it silently skips.
  if (run('nx', ['show', 'projects'], 'Nx project graph') !== 0) process.exit(1);
  if (run('eslint', ['.', '--max-warnings=0'], 'lint (eslint, incl. Nx module boundaries)') !== 0) process.exit(1);
}
const status = run(
  'jest',
  ['--ci', '--json', '--outputFile=reports/jest-results.json', '--maxWorkers=2', ...extra],
  'jest: unit + integration',
);
process.exit(status);
