import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerRequestContext } from '../http/request-context';
import { registerHttpTracing } from './http-tracing';
import { registerTracerProvider, type Tracing } from './tracer-provider';

const ID = '11010519491231002X';
const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('HTTP server spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: FastifyInstance;
  /** The span active inside the handler: what the request's outbox write would be a child of. */
  let seen: string | undefined;

  beforeAll(async () => {
    tracing = registerTracerProvider({ serviceName: 'test-service', spanProcessor: new SimpleSpanProcessor(exporter) });
    app = Fastify();
    registerRequestContext(app);
    registerHttpTracing(app);
    app.get('/v1/records/:id', async () => ({ seen: (seen = trace.getActiveSpan()?.spanContext().spanId) }));
    app.get('/v1/broken', async () => {
      throw new Error(`row ${ID}`);
    });
    app.get('/health/ready', async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });
  beforeEach(() => exporter.reset());

  it('continues a caller’s valid traceparent and is the active span while the handler runs', async () => {
    await app.inject({ method: 'GET', url: '/v1/records/abc', headers: { traceparent: CALLER } });
    const [span] = exporter.getFinishedSpans();
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.name).toBe('GET /v1/records/:id');
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(seen).toBe(span.spanContext().spanId);
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/v1/records/:id', 'http.response.status_code': 200 });
  });

  it('starts a trace when the caller’s traceparent is missing or invalid', async () => {
    await app.inject({ method: 'GET', url: '/v1/records/abc', headers: { traceparent: CALLER.toUpperCase() } });
    await app.inject({ method: 'GET', url: '/v1/records/abc' });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(2);
    for (const s of spans) expect(s.parentSpanContext).toBeUndefined();
    expect(spans[0].spanContext().traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('records no resident ID number, query string or error message', async () => {
    await app.inject({ method: 'GET', url: `/v1/records/${ID}?name=${ID}&token=abc` });
    await app.inject({ method: 'GET', url: '/v1/broken' });
    const [record, broken] = exporter.getFinishedSpans();
    expect(record.attributes['url.path']).toBe('/v1/records/[redacted]');
    expect(JSON.stringify([record.attributes, record.name, broken.attributes, broken.status, broken.events])).not.toMatch(new RegExp(`${ID}|token|abc`));
    expect(broken.status.code).toBe(SpanStatusCode.ERROR);
    expect(broken.attributes['http.response.status_code']).toBe(500);
  });

  it('does not trace probes', async () => {
    await app.inject({ method: 'GET', url: '/health/ready' });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});
