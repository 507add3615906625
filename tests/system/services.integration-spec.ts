import SwaggerParser from '@apidevtools/swagger-parser';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';

// System test: the seven services run as real processes, exactly as `npm start` runs them, against the
// real broker and database. Ports and database names are offset so a running `npm start` is not disturbed.
 
const { SERVICES, tsNodeArgs, tsNodeEnv } = require('../../scripts/lib/services.cjs') as {
  SERVICES: { name: string; port: number }[];
  tsNodeArgs: (root: string, entry: string) => string[];
  tsNodeEnv: (root: string, env?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

const ROOT = path.resolve(__dirname, '..', '..');
const PORT_OFFSET = 500;
const RUN = `sys${process.pid}`;
const dbName = (svc: string) => `wdp_${RUN}_${svc.replace(/-service$/, '').replace(/-/g, '_')}`;

function startService(name: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, tsNodeArgs(ROOT, `apps/${name}/src/main.ts`), {
    cwd: ROOT,
    env: tsNodeEnv(ROOT, { ...process.env, LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function waitReady(port: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) });
      last = res.status;
      if (res.status === 200) return 200;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return last;
}

describe('the seven services as processes', () => {
  const running: ReturnType<typeof startService>[] = [];

  beforeAll(async () => {
    for (const svc of SERVICES) {
      running.push(startService(svc.name, { PORT: String(svc.port + PORT_OFFSET), DATABASE_NAME: dbName(svc.name) }));
    }
    const statuses = await Promise.all(SERVICES.map((s) => waitReady(s.port + PORT_OFFSET, 120_000)));
    statuses.forEach((status, i) => {
      if (status !== 200) throw new Error(`${SERVICES[i].name} not ready (${status}):\n${running[i].output()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      running.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    for (const svc of SERVICES) await pg.query(`DROP DATABASE IF EXISTS "${dbName(svc.name)}" WITH (FORCE)`);
    await pg.end();
  }, 60_000);

  it.each(SERVICES.map((s) => [s.name, s.port + PORT_OFFSET] as const))('%s is live, ready (database up) and reaches Kafka', async (_name, port) => {
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { details: Record<string, { status: string }> };
    expect(body.details.database.status).toBe('up');
    const kafka = await fetch(`http://127.0.0.1:${port}/health/kafka`);
    expect(kafka.status).toBe(200);
    expect(((await kafka.json()) as { details: Record<string, { status: string }> }).details.kafka.status).toBe('up');
  });

  it.each(SERVICES.map((s) => [s.name, s.port + PORT_OFFSET] as const))('%s serves a valid OpenAPI 3 document and Swagger UI', async (_name, port) => {
    const res = await fetch(`http://127.0.0.1:${port}/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string };
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    const ui = await fetch(`http://127.0.0.1:${port}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it.each(SERVICES.map((s) => [s.name, s.port + PORT_OFFSET] as const))('%s exposes Prometheus metrics', async (_name, port) => {
    await fetch(`http://127.0.0.1:${port}/health/live`);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('process_resident_memory_bytes');
    // Every service runs an outbox relay (monitoring for alerts and statistics returns).
    expect(text).toMatch(/^wdp_outbox_backlog \d+$/m);
    expect(text).toMatch(/^wdp_outbox_oldest_age_seconds [\d.e+-]+$/m);
  });

  it('monitoring-service exposes consumer, alert and webhook gauges', async () => {
    const monitoring = SERVICES.find((s) => s.name === 'monitoring-service')!;
    const text = await (await fetch(`http://127.0.0.1:${monitoring.port + PORT_OFFSET}/metrics`)).text();
    expect(text).toContain('# TYPE wdp_monitoring_alerts_open gauge');
    expect(text).toMatch(/^wdp_monitoring_dead_lettered_messages \d+$/m);
    expect(text).toMatch(/^wdp_monitoring_webhook_failed_attempts \d+$/m);
    expect(text).toMatch(/^wdp_monitoring_webhook_pending_deliveries \d+$/m);
  });
});

describe('configuration is validated at boot', () => {
  it('a wrong variable stops the service with a message naming it', async () => {
    const { child, output } = startService('family-service', { PORT: 'not-a-port', KAFKA_BROKERS: 'nohostport' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(78);
    expect(output()).toMatch(/PORT: .*TCP port/);
    expect(output()).toMatch(/KAFKA_BROKERS: .*host:port/);
  }, 60_000);
});
