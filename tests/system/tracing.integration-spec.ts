import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { topicPartitions } from '@wdp/contracts';
import { ApiKeyService } from '@wdp/ingestion';
import { formatTraceparent, keyPartition } from '@wdp/messaging';
import { createServiceApp, registerTracerProvider, type Tracing } from '@wdp/platform';
import { createTestDatabase, testInfra, type TestDatabase, waitFor } from '@wdp/testing';
import { AppModule as EmploymentModule } from '../../apps/employment-service/src/app.module';
import { EmploymentServiceConfig } from '../../apps/employment-service/src/config';
import { SERVICE_INFO as EMPLOYMENT_INFO } from '../../apps/employment-service/src/service-info';
import { type MonitoringHarness, startMonitoring } from '../../apps/monitoring-service/src/test-support/monitoring-harness';

// One accepted request, traced from the departmental API to the webhook that reports its alert: employment-service
// and monitoring-service in this process on the real broker and PostgreSQL, spans kept in memory. Every hop has
// to hand its context on (HTTP → outbox row → Kafka header → alert queue row → alert event row → webhook), or the
// chain below breaks.

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const AREA = '520103001001';

/** New urban employment registrations, all men, over four years: a women's share of 0 % against a 40 % target. */
const hires = Array.from({ length: 24 }, (_, i) => {
  const year = 2021 + (i % 4);
  return {
    reference: `TRACE-${i}`, subjectRef: `psn-trace-${i}`, area: AREA, period: `${year}-04`, occurredOn: `${year}-04-12`, sex: 'M', age: 25 + (i % 10),
    attributes: { employmentForm: 'employee', collegeGraduate: false },
  };
});

interface Receiver {
  url: string;
  received: IncomingHttpHeaders[];
  server: Server;
}

async function startReceiver(): Promise<Receiver> {
  const r = { received: [] } as unknown as Receiver;
  r.server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      r.received.push(req.headers);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  return r;
}

describe('one accepted request, one connected trace down to its webhook', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let monitoring: MonitoringHarness;
  let employment: NestFastifyApplication;
  let employmentDb: TestDatabase;
  let receiver: Receiver;
  let writeKey = '';

  beforeAll(async () => {
    tracing = registerTracerProvider({ serviceName: 'trace-test', spanProcessor: new SimpleSpanProcessor(exporter) });
    monitoring = await startMonitoring('mon_trace', {
      ALERT_DELIVERY_POLL_MS: '50',
      WEBHOOK_SECRET_KEY: 'integration-test-webhook-secret-key-0123456789',
      WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.1/32',
      WEBHOOK_GROUP_WAIT_MS: '0',
      WEBHOOK_GROUP_INTERVAL_MS: '0',
    });
    const { kafkaBrokers, databaseUrl } = testInfra();
    employmentDb = await createTestDatabase('employment_trace');
    const config = Object.assign(new EmploymentServiceConfig(), { DATABASE_URL: databaseUrl, DATABASE_NAME: employmentDb.name, KAFKA_BROKERS: kafkaBrokers, LOG_LEVEL: 'error' });
    // The department publishes onto the copy of its topic this monitoring service reads.
    employment = await createServiceApp(EmploymentModule.forRoot(config, { topic: monitoring.topics.employment, keysFile: false }), EMPLOYMENT_INFO, config);
    await employment.init();
    await employment.getHttpAdapter().getInstance().ready();
    writeKey = (await employment.get(ApiKeyService).issue({ department: 'employment', scopes: ['write:employment'], label: 'trace test' })).key;
    receiver = await startReceiver();
    const sub = await monitoring.app.inject({
      method: 'POST', url: '/v1/subscriptions', headers: { 'x-api-key': monitoring.keys.admin },
      payload: { name: 'trace', channel: 'webhook', url: receiver.url, filter: { indicators: ['ECO-01'] } },
    });
    expect(sub.statusCode).toBe(201);
  }, 150_000);

  afterAll(async () => {
    await employment?.close();
    await monitoring?.close();
    await employmentDb?.drop();
    await new Promise((ok) => receiver?.server.close(ok));
    await tracing?.shutdown();
  });

  it('links HTTP → outbox → send → process → alert decision → webhook delivery, and the receiver can join it', async () => {
    const res = await employment.inject({
      method: 'POST', url: '/v1/records/new-urban-employment', headers: { 'x-api-key': writeKey, traceparent: CALLER }, payload: { items: hires },
    });
    expect(res.statusCode).toBe(201);
    const [hook] = await waitFor(() => (receiver.received.length ? receiver.received : undefined), { what: 'the alert webhook', timeoutMs: 120_000 });

    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => byId.get(s.parentSpanContext?.spanId ?? '');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

    const http = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] === '/v1/records/new-urban-employment')!;
    expect(http).toBeDefined();
    expect(http.spanContext().traceId).toBe(traceId);
    expect(http.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');

    // The request's records as batch events (EVENT_GENERATION v2, the default): one per partition their ids hash to.
    const ids = (res.json().items as { id: string }[]).map((i) => i.id);
    expect(ids).toHaveLength(hires.length);
    const events = new Set(ids.map((id) => keyPartition(id, topicPartitions(monitoring.topics.employment)))).size;
    const write = spans.find((s) => s.name === 'outbox write' && parentOf(s) === http)!;
    expect(write.attributes['messaging.batch.message_count']).toBe(events);
    const sends = spans.filter((s) => s.kind === SpanKind.PRODUCER && parentOf(s) === write);
    expect(sends.map((s) => s.name)).toEqual([`send ${monitoring.topics.employment}`]);
    const processes = spans.filter((s) => s.kind === SpanKind.CONSUMER && parentOf(s) === sends[0]);
    expect(processes.length).toBeGreaterThan(0);
    // Each partition's batch adds its events' span; together they carry the whole request.
    expect(processes.reduce((n, s) => n + Number(s.attributes['messaging.batch.message_count']), 0)).toBe(events);

    const fedBy = (s: ReadableSpan) => [s.parentSpanContext?.spanId, ...s.links.map((l) => l.context.spanId)];
    const decision = spans.find((s) => s.name === 'alert decision' && Number(s.attributes['wdp.alerts.raised']) > 0)!;
    expect(decision).toBeDefined();
    expect(processes.map((s) => s.spanContext().spanId)).toContain(fedBy(decision)[0]);
    for (const id of fedBy(decision).filter(Boolean)) expect(processes.map((s) => s.spanContext().spanId)).toContain(id);

    const delivery = spans.find((s) => s.name === 'webhook delivery')!;
    expect(delivery.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(delivery)).toBe(decision);
    expect(delivery.attributes['http.response.status_code']).toBe(204);
    expect(hook.traceparent).toBe(formatTraceparent(delivery.spanContext()));

    // One trace from end to end, and nothing in it that could identify a person or quote a request.
    const chain = [http, write, ...sends, ...processes, decision, delivery];
    for (const s of chain) expect(s.spanContext().traceId).toBe(traceId);
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    expect(JSON.stringify(inTrace.map((s) => [s.name, s.attributes, s.status]))).not.toMatch(/psn-trace|TRACE-|"items"/);
  }, 150_000);
});
