#!/usr/bin/env node
// `npm start`: the whole system on this machine. Installs dependencies if missing, starts a real Kafka
// broker (unless KAFKA_BROKERS is given), uses PostgreSQL at DATABASE_URL (default 127.0.0.1:5432), starts
// the seven services (each creates and migrates its own database), waits until all are ready, loads the
// demo data set once, and prints the URLs and demo API keys. Ctrl-C stops everything, the broker included.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import deps from './lib/ensure-deps.cjs';
import kafka from './lib/kafka-local.cjs';
import localEnv from './lib/local-env.cjs';
import nodeRuntime from './lib/node-runtime.cjs';
import services from './lib/services.cjs';

const { ensureDeps, ROOT } = deps;
const { SERVICES, tsNodeArgs, tsNodeEnv } = services;
const LOG_DIR = path.join(ROOT, '.local', 'logs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// On a Node older than engines.node this reruns the script on Node 24 from node_modules/.bin and never returns.
await nodeRuntime.runOnRequiredNode();
ensureDeps();
fs.mkdirSync(LOG_DIR, { recursive: true });

const env = localEnv.localDemoEnv(process.env);
let brokerStartedHere = false;
const broker = kafka.instance(9092);
if (!env.KAFKA_BROKERS) {
  brokerStartedHere = (await kafka.start(broker)).started;
  env.KAFKA_BROKERS = broker.brokers;
}

const children = new Map();
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping services...');
  for (const child of children.values()) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while ([...children.values()].some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(100);
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (brokerStartedHere) await kafka.stop(broker);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

for (const svc of SERVICES) {
  const log = fs.openSync(path.join(LOG_DIR, `${svc.name}.log`), 'a');
  const child = spawn(process.execPath, tsNodeArgs(ROOT, `apps/${svc.name}/src/main.ts`), {
    cwd: ROOT,
    env: tsNodeEnv(ROOT, { ...env, PORT: env[`${svc.name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? String(svc.port) }),
    stdio: ['ignore', log, log],
  });
  children.set(svc.name, child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${svc.name} exited (${signal ?? code}); see .local/logs/${svc.name}.log`);
      void shutdown(1);
    }
  });
}

async function ready(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 180_000;
const pending = new Set(SERVICES.map((s) => s.name));
while (pending.size && Date.now() < deadline && !stopping) {
  for (const svc of SERVICES) if (pending.has(svc.name) && (await ready(svc.port))) pending.delete(svc.name);
  if (pending.size) await sleep(500);
}
if (pending.size) {
  console.error(`[start] not ready after 180 s: ${[...pending].join(', ')} (logs in .local/logs/)`);
  await shutdown(1);
}

const demo = path.join(ROOT, 'tools', 'demo-data', 'load.ts');
if (fs.existsSync(demo) && !process.env.SKIP_DEMO_DATA) {
  await new Promise((resolve) => {
    const c = spawn(process.execPath, tsNodeArgs(ROOT, 'tools/demo-data/load.ts'), { cwd: ROOT, env: tsNodeEnv(ROOT, env), stdio: 'inherit' });
    c.on('exit', resolve);
  });
}

console.log('\nYunyan WDP is running:\n');
for (const svc of SERVICES) {
  console.log(`  ${svc.name.padEnd(26)} http://127.0.0.1:${svc.port}   docs: http://127.0.0.1:${svc.port}/docs`);
}
console.log(`\n  Kafka                      ${env.KAFKA_BROKERS}`);
console.log(`  PostgreSQL                 ${env.DATABASE_URL.replace(/\/\/([^:@/]+):[^@]+@/, '//$1:***@')}`);
const keysDir = path.join(ROOT, '.local', 'keys');
if (fs.existsSync(keysDir)) console.log(`  Demo API keys              ${path.relative(ROOT, keysDir)}/ (one JSON file per service)`);
console.log(`  Logs                       ${path.relative(ROOT, LOG_DIR)}/\n\nPress Ctrl-C to stop.`);
