#!/usr/bin/env node
// `npm run test:scale`: installs what is missing, then runs tests/scale (see tests/scale/run.ts).
import { spawnSync } from 'node:child_process';
import deps from './lib/ensure-deps.cjs';
import nodeRuntime from './lib/node-runtime.cjs';
import services from './lib/services.cjs';

const { ensureDeps, ROOT } = deps;
// On a Node older than engines.node this reruns the script on Node 24 from node_modules/.bin and never returns.
await nodeRuntime.runOnRequiredNode();
ensureDeps();
const r = spawnSync(process.execPath, services.tsNodeArgs(ROOT, 'tests/scale/run.ts'), {
  cwd: ROOT,
  stdio: 'inherit',
  env: services.tsNodeEnv(ROOT),
});
process.exit(r.status ?? 1);
