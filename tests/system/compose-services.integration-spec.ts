import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { parseApiKey } from '@wdp/ingestion';
import { adminKeyVariable, composeEnvSecrets, type ComposeService, containerEnvironment, loadCompose, loadRuntimeStage, ROOT } from './compose-file';

// docker-compose.yml without a Docker engine: each of the seven services runs as a process with the environment
// compose gives its container (the image's ENV, then compose's `environment`, interpolated with the secrets
// `npm run compose:env` writes) and the image's CMD, in a copy of the image's /app built by tools/build/build.cjs,
// as an unprivileged user that cannot write there (when the test runs as root), i.e. the read-only root.
//
// What differs from a container, and why: `kafka:9092` and `postgres:5432` are names inside compose's network, so
// they become the broker and the server this suite uses (KAFKA_BROKERS, DATABASE_URL; the server's own
// credentials where its URL has any); PORT is a free port instead of 3000-3006 (npm start and other suites may
// hold those); DATABASE_NAME and CONSUMER_GROUP_ID are this run's own, so no other suite's data or consumer group
// is touched; PATH finds this Node 24. node_modules is the repository's (all dependencies, not only production).

const { SERVICES } = require('../../scripts/lib/services.cjs') as { SERVICES: { name: string; port: number }[] };

const compose = loadCompose();
const RUN = `cmp${process.pid}`;
const dbName = (svc: string) => `wdp_${RUN}_${svc.replace(/-service$/, '').replace(/-/g, '_')}`;
/** Whether a user other than the owner can reach `file`: every directory above it lets others through. */
function othersReach(file: string): boolean {
  for (let dir = path.dirname(fs.realpathSync(file)); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}
// As root (CI), the services run as nobody, like the image's USER, so a write under the app folder would fail
// as it would in the container. nobody needs to reach this checkout's node_modules and Node binary: a clone
// inside a private folder (mktemp -d is 0700) keeps them from it, and then the services run as this user; the
// check that nothing under the app folder changed holds either way.
const UNPRIVILEGED = process.getuid?.() === 0 && othersReach(path.join(ROOT, 'node_modules')) && othersReach(process.execPath)
  ? { uid: 65534, gid: 65534 }
  : {};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every file and folder under `dir` with its size and modification time: what a write would change. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.name === 'node_modules' && d === dir) continue;
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Replaces compose-network host names with the servers this suite runs against. */
function onThisHost(env: Record<string, string>): Record<string, string> {
  const db = new URL(process.env.DATABASE_URL!);
  const brokers = process.env.KAFKA_BROKERS!;
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.replace(/\bkafka:9092\b/g, brokers).replace(/^(postgres(?:ql)?:\/\/)([^@/]*@)?postgres:5432/, (_, scheme: string, auth?: string) => {
        const own = db.username ? `${db.username}${db.password ? `:${db.password}` : ''}@` : '';
        return `${scheme}${own || auth || ''}${db.host}`;
      }),
    ]),
  );
}

interface Running {
  name: string;
  port: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** The container's command (the image's CMD) in its working directory, as the image's user would run it. */
function runImage(appDir: string, svc: ComposeService, env: Record<string, string>, name: string, port: number): Running {
  const [command, ...args] = loadRuntimeStage(svc).cmd;
  let out = '';
  const child = spawn(command, args, {
    cwd: appDir,
    env: { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...UNPRIVILEGED,
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, port, child, output: () => out, exited };
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) })).status === 200;
  } catch {
    return false;
  }
}

async function stop(r: Running): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
  await r.exited;
}

describe('docker-compose.yml services, run from the built image layout without Docker', () => {
  const secrets = composeEnvSecrets();
  let appDir: string;
  let before: string[];
  const running: Running[] = [];
  const environments = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    // The image's /app: dist/ (what `npm run build` makes), package.json and node_modules, read-only to the user.
    appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wdp-app-'));
    fs.chmodSync(appDir, 0o755);
    // The build tool runs as `npm run build` runs it (a process), not imported: tests do not reach into tools/.
    await promisify(execFile)(process.execPath, ['tools/build/build.cjs', '--out', appDir], { cwd: ROOT });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(appDir, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'));
    before = snapshot(appDir);
    for (const { name } of SERVICES) {
      const svc = compose.services[name];
      const port = await freePort();
      const env: Record<string, string> = { ...onThisHost(containerEnvironment(svc, secrets)), PORT: String(port), DATABASE_NAME: dbName(name) };
      if (name === 'monitoring-service') env.CONSUMER_GROUP_ID = `${RUN}-monitoring`;
      environments.set(name, env);
      running.push(runImage(appDir, svc, env, name, port));
    }
    const deadline = Date.now() + 150_000;
    const pending = new Set(running);
    while (pending.size && Date.now() < deadline) {
      for (const r of pending) {
        if (r.child.exitCode !== null) throw new Error(`${r.name} exited with ${r.child.exitCode}:\n${r.output()}`);
        if (await ready(r.port)) pending.delete(r);
      }
      if (pending.size) await new Promise((r) => setTimeout(r, 500));
    }
    if (pending.size) throw new Error(`not ready: ${[...pending].map((r) => `${r.name}\n${r.output()}`).join('\n')}`);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(running.map(stop));
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    for (const { name } of SERVICES) await pg.query(`DROP DATABASE IF EXISTS "${dbName(name)}" WITH (FORCE)`);
    await pg.end();
    if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  }, 60_000);

  it.each(SERVICES.map((s) => [s.name]))('%s is ready, and compose\'s health check command says so', async (name) => {
    const r = running.find((x) => x.name === name)!;
    expect(await ready(r.port)).toBe(true);
    const [kind, script] = compose.services[name].healthcheck!.test;
    expect(kind).toBe('CMD-SHELL');
    const check = spawn('sh', ['-c', script.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${r.port}`)], { cwd: appDir, env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` }, ...UNPRIVILEGED });
    expect(await new Promise((resolve) => check.once('exit', resolve))).toBe(0);
  });

  it.each(SERVICES.map((s) => [s.name]))('%s takes the admin key compose gives it (ADMIN_API_KEY from .env)', async (name) => {
    const r = running.find((x) => x.name === name)!;
    const key = secrets[adminKeyVariable(name)];
    const res = await fetch(`http://127.0.0.1:${r.port}/v1/admin/api-keys`, { headers: { 'x-api-key': key } });
    expect(res.status).toBe(200);
    const keys = (await res.json()) as { prefix: string }[];
    expect(keys.map((k) => k.prefix)).toContain(parseApiKey(key)!.prefix);
    expect((await fetch(`http://127.0.0.1:${r.port}/v1/admin/api-keys`)).status).toBe(401);
  });

  it('the services wrote nothing under the app directory (the image runs with a read-only root)', () => {
    expect(snapshot(appDir)).toEqual(before);
    expect(fs.existsSync(path.join(appDir, '.local'))).toBe(false);
  });

  it('the same image without an admin key exits 1 with one line naming ADMIN_API_KEY, writing nothing', async () => {
    const svc = compose.services['health-service'];
    const env: Record<string, string> = { ...environments.get('health-service')!, PORT: String(await freePort()), DATABASE_NAME: dbName('health-service') };
    delete env.ADMIN_API_KEY;
    const r = runImage(appDir, svc, env, 'health-service', Number(env.PORT));
    const code = await r.exited;
    const fatal = r
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toMatch(/^start-up failed, exiting with status 1: MissingAdminKeyError: health-service has no admin key: set ADMIN_API_KEY/);
    expect(r.output()).not.toMatch(/Unhandled|EACCES/);
    expect(snapshot(appDir)).toEqual(before);
  }, 120_000);

  it('the migration Job\'s entry runs from the image too (node tools/deploy/migrate.js <service>)', async () => {
    const svc = compose.services['family-service'];
    const env = { ...environments.get('family-service')!, DATABASE_NAME: `${dbName('family-service')}_job` };
    let out = '';
    const job = spawn(process.execPath, ['tools/deploy/migrate.js', 'family-service'], { cwd: appDir, env: { ...env, PATH: path.dirname(process.execPath) }, ...UNPRIVILEGED });
    job.stdout.on('data', (d) => (out += d));
    job.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => job.once('exit', resolve));
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    try {
      expect([code, out]).toEqual([0, expect.stringContaining('family-service: database ready, migrations applied')]);
    } finally {
      await pg.query(`DROP DATABASE IF EXISTS "${env.DATABASE_NAME}" WITH (FORCE)`);
      await pg.end();
    }
    expect(svc.read_only).toBe(true);
    expect(snapshot(appDir)).toEqual(before);
  }, 120_000);
});
