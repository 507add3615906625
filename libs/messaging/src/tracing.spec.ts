import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  currentTraceparent, formatTraceparent, inLinkedSpan, inOutboxSpan, inProcessSpans, inPublishSpans, inSpan, MAX_SPAN_LINKS,
  parentAndLinks, parseTraceparent, withTraceparent,
} from './tracing';

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const OTHER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const tp = (i: number) => `00-${i.toString(16).padStart(32, '0')}-${(i + 1).toString(16).padStart(16, '0')}-01`;

const row = (topic: string, traceparent?: string) => ({ topic, headers: { ce_id: 'x', ...(traceparent ? { traceparent } : {}) } });
const event = (traceparent?: string) => ({ topic: 'wdp.health.events.v1', partition: 2, headers: traceparent ? { traceparent } : {} }) as {
  topic: string; partition: number; headers: Record<string, string>; traceparent?: string;
};

describe('traceparent syntax', () => {
  it('reads a valid W3C traceparent as a remote context and writes it back the same', () => {
    expect(parseTraceparent(CALLER)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    expect(formatTraceparent(parseTraceparent(CALLER)!)).toBe(CALLER);
    expect(formatTraceparent(parseTraceparent(CALLER.replace(/01$/, '00'))!)).toBe(CALLER.replace(/01$/, '00'));
  });

  it('refuses what W3C calls invalid', () => {
    for (const bad of [
      undefined, 42, '', 'garbage', CALLER.toUpperCase(), `ff${CALLER.slice(2)}`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`, `${CALLER}-extra`,
    ]) expect(parseTraceparent(bad)).toBeUndefined();
  });
});

describe('with no tracer provider (tracing off)', () => {
  it('hands the caller’s traceparent through unchanged at every hop', async () => {
    let written: readonly { headers?: Record<string, string> }[] = [];
    await inOutboxSpan([{ topic: 't', headers: { traceparent: CALLER } }, { topic: 't' }], async (m) => void (written = m));
    expect(written).toEqual([{ topic: 't', headers: { traceparent: CALLER } }, { topic: 't' }]);

    let sent: { headers: Record<string, string> }[] = [];
    await inPublishSpans([row('t', CALLER), row('t')], async (rows) => void (sent = rows));
    expect(sent.map((r) => r.headers.traceparent)).toEqual([CALLER, undefined]);

    const events = [event(CALLER), event()];
    await inProcessSpans(events, 'g', async () => expect(currentTraceparent()).toBeUndefined());
    expect(events.map((e) => e.traceparent)).toEqual([CALLER, undefined]);
  });
});

describe('with a tracer provider', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const spans = () => exporter.getFinishedSpans();
  const named = (name: string) => spans().filter((s) => s.name === name);
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
  const contextOf = (s: ReadableSpan) => formatTraceparent(s.spanContext());

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('stores the outbox write span’s context with each message, the span a child of the active one', async () => {
    let written: readonly { headers?: Record<string, string> }[] = [];
    await inSpan('POST /v1/records', { kind: SpanKind.SERVER }, () =>
      inOutboxSpan([{ topic: 't', headers: { traceparent: CALLER } }, { topic: 't' }], async (m) => void (written = m)));
    const [write] = named('outbox write');
    const [http] = named('POST /v1/records');
    expect(parentOf(write)).toBe(http.spanContext().spanId);
    expect(write.attributes).toMatchObject({ 'messaging.batch.message_count': 2 });
    expect(written.map((m) => m.headers?.traceparent)).toEqual([contextOf(write), contextOf(write)]);
  });

  it('publishes under one producer span per stored context and topic, and sends that span’s context on', async () => {
    let sent: { topic: string; headers: Record<string, string> }[] = [];
    await inPublishSpans([row('a', CALLER), row('a', CALLER), row('b', CALLER), row('a', OTHER), row('a')], async (rows) => void (sent = rows));
    const producers = spans();
    expect(producers).toHaveLength(3);
    for (const s of producers) expect(s.kind).toBe(SpanKind.PRODUCER);
    const forCaller = producers.find((s) => s.name === 'send a' && s.spanContext().traceId === parseTraceparent(CALLER)!.traceId)!;
    expect(parentOf(forCaller)).toBe(parseTraceparent(CALLER)!.spanId);
    expect(forCaller.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'a', 'messaging.batch.message_count': 2 });
    expect(sent[0].headers.traceparent).toBe(contextOf(forCaller));
    expect(sent[1].headers.traceparent).toBe(contextOf(forCaller));
    expect(sent[2].headers.traceparent).not.toBe(contextOf(forCaller));
    expect(parseTraceparent(sent[3].headers.traceparent)!.traceId).toBe(parseTraceparent(OTHER)!.traceId);
    expect(sent[4].headers.traceparent).toBeUndefined();
  });

  it('marks the producer spans failed, by error class only, when the send fails', async () => {
    await expect(inPublishSpans([row('a', CALLER)], async () => {
      throw new TypeError('row 520103199001011234 refused');
    })).rejects.toThrow(TypeError);
    expect(spans()[0].status).toEqual({ code: SpanStatusCode.ERROR, message: 'TypeError' });
  });

  it('processes under one consumer span per header context, names it on each event and runs the handler in the first', async () => {
    const events = [event(CALLER), event(OTHER), event(CALLER), event()];
    let active: string | undefined;
    await inProcessSpans(events, 'monitoring', async () => void (active = currentTraceparent()));
    const consumers = spans();
    expect(consumers).toHaveLength(2);
    const [first, second] = [CALLER, OTHER].map((h) => consumers.find((s) => parentOf(s) === parseTraceparent(h)!.spanId)!);
    expect(first.kind).toBe(SpanKind.CONSUMER);
    expect(first.spanContext().traceId).toBe(parseTraceparent(CALLER)!.traceId);
    expect(first.attributes).toMatchObject({ 'messaging.consumer.group.name': 'monitoring', 'messaging.destination.partition.id': '2', 'messaging.batch.message_count': 2 });
    expect(events.map((e) => e.traceparent)).toEqual([contextOf(first), contextOf(second), contextOf(first), undefined]);
    expect(active).toBe(contextOf(first));
  });

  it('parents work fed by several requests on the first and links the others, once each, at most MAX_SPAN_LINKS', async () => {
    const many = Array.from({ length: MAX_SPAN_LINKS + 10 }, (_, i) => tp(i + 1));
    const { links } = parentAndLinks([undefined, 'bad', CALLER, OTHER, CALLER, null, ...many]);
    expect(links).toHaveLength(MAX_SPAN_LINKS);
    expect(links[0].context.spanId).toBe(parseTraceparent(OTHER)!.spanId);

    await inLinkedSpan('alert decision', {}, [CALLER, OTHER, CALLER], async () => undefined);
    const [decision] = spans();
    expect(decision.spanContext().traceId).toBe(parseTraceparent(CALLER)!.traceId);
    expect(parentOf(decision)).toBe(parseTraceparent(CALLER)!.spanId);
    expect(decision.links.map((l) => l.context.spanId)).toEqual([parseTraceparent(OTHER)!.spanId]);

    await inLinkedSpan('untraced', {}, [], async () => undefined);
    expect(parentOf(spans()[1])).toBeUndefined();
  });

  it('withTraceparent leaves messages alone when there is no context to give them', () => {
    const m = [{ headers: { a: '1' } }];
    expect(withTraceparent(m, undefined)).toEqual(m);
    expect(withTraceparent(m, CALLER)).toEqual([{ headers: { a: '1', traceparent: CALLER } }]);
  });
});
