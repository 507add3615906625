import {
  context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace,
  type Attributes, type Context, type Link, type Span, type SpanContext,
} from '@opentelemetry/api';

/**
 * W3C trace context across the event backbone, with the OpenTelemetry API only. Until a service registers a
 * tracer provider (libs/platform `startTracing`), every span here is the API's no-op and no context is ever
 * active, so the helpers hand events through unchanged: a caller's traceparent still travels as before.
 */

/** The Kafka header (and outbox header, and webhook request header) holding the W3C trace context. */
export const TRACEPARENT_HEADER = 'traceparent';

/** W3C Trace Context level 1: version-traceid-parentid-flags, lowercase hex; version ff and all-zero ids are invalid. */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-((?!0{32})[0-9a-f]{32})-((?!0{16})[0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Links one span may carry. A decision or a delivery fed by more requests than this links the first ones:
 * the SDK's own limit is 128, and a trace view with hundreds of links is no help to anyone reading it.
 */
export const MAX_SPAN_LINKS = 64;

/** The API's proxy tracer: it starts real spans once a provider is registered, no-op spans before. */
const tracer = trace.getTracer('wdp');

/** A remote span context from a traceparent value, or undefined if it is not valid W3C syntax. */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TRACEPARENT.exec(value);
  if (!m) return undefined;
  return { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16) & 1, isRemote: true };
}

export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The traceparent naming this span as the parent of the next hop, or undefined for the no-op span. */
export function traceparentOf(span: Span | undefined): string | undefined {
  const sc = span?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? formatTraceparent(sc) : undefined;
}

/** The active span's traceparent (undefined when tracing is off or nothing is traced here). */
export function currentTraceparent(): string | undefined {
  return traceparentOf(trace.getActiveSpan());
}

/** A context whose parent is the given traceparent (the root context if it is missing or invalid). */
export function contextFrom(traceparent: unknown): Context {
  const sc = parseTraceparent(traceparent);
  return sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT;
}

/**
 * Parent on the first valid traceparent, links to the other distinct ones (at most MAX_SPAN_LINKS): for work
 * that more than one request fed, such as an alert decision or a grouped webhook delivery.
 */
export function parentAndLinks(traceparents: Iterable<string | null | undefined>): { parent: Context; links: Link[] } {
  const seen = new Set<string>();
  let parent: SpanContext | undefined;
  const links: Link[] = [];
  for (const tp of traceparents) {
    if (!tp || seen.has(tp)) continue;
    seen.add(tp);
    const sc = parseTraceparent(tp);
    if (!sc) continue;
    if (!parent) parent = sc;
    else if (links.length < MAX_SPAN_LINKS) links.push({ context: sc });
  }
  return { parent: parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT, links };
}

/** Marks a span failed with the error's class name only: messages can quote data (a row, a path). */
export function recordFailure(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context; the active one when omitted. */
  parent?: Context;
  links?: Link[];
}

/** Runs `fn` in a new span made active, ends it when `fn` settles and marks it failed if `fn` throws. */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    recordFailure(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** `inSpan` with parentAndLinks(traceparents): one unit of work fed by several traced requests. */
export function inLinkedSpan<T>(
  name: string, options: Omit<SpanOptions, 'parent' | 'links'>, traceparents: Iterable<string | null | undefined>, fn: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(name, { ...options, ...parentAndLinks(traceparents) }, fn);
}

interface Headed {
  headers?: Record<string, string>;
}

/** `messages` with their traceparent header set to `traceparent`, or the same array when it is undefined. */
export function withTraceparent<M extends Headed>(messages: readonly M[], traceparent: string | undefined): readonly M[] {
  if (!traceparent) return messages;
  return messages.map((m) => ({ ...m, headers: { ...m.headers, [TRACEPARENT_HEADER]: traceparent } }));
}

const KAFKA = { 'messaging.system': 'kafka' } as const;

/**
 * One span per group of rows that share a stored traceparent and a topic (a request's events, normally), a
 * child of that context, so a relay batch carrying many requests' events adds one span per request, not per
 * event. `send` gets the rows with their traceparent header rewritten to their span, which is what the
 * consumer continues from. Rows without a traceparent are sent as they are.
 */
export async function inPublishSpans<R extends { topic: string; headers: Record<string, string> }>(
  rows: readonly R[], send: (rows: R[]) => Promise<void>,
): Promise<void> {
  // Looked up per row, parsed once per group: a batch holds thousands of rows and a few requests.
  type Group = { span: Span; traceparent: string | undefined; count: number } | null;
  const byTopic = new Map<string, Map<string, Group>>();
  const traced = rows.map((row) => {
    const stored = row.headers[TRACEPARENT_HEADER];
    if (!stored) return row;
    let groups = byTopic.get(row.topic);
    if (!groups) byTopic.set(row.topic, (groups = new Map()));
    let group = groups.get(stored);
    if (group === undefined) {
      const parent = parseTraceparent(stored);
      const span = parent && tracer.startSpan(
        `send ${row.topic}`,
        { kind: SpanKind.PRODUCER, attributes: { ...KAFKA, 'messaging.operation.type': 'send', 'messaging.destination.name': row.topic } },
        trace.setSpanContext(ROOT_CONTEXT, parent),
      );
      groups.set(stored, (group = span ? { span, traceparent: traceparentOf(span), count: 0 } : null));
    }
    if (!group) return row;
    group.count += 1;
    return group.traceparent === stored ? row : { ...row, headers: { ...row.headers, [TRACEPARENT_HEADER]: group.traceparent } };
  });
  const spans = [...byTopic.values()].flatMap((groups) => [...groups.values()].filter((g) => g !== null));
  await closingBatchSpans(spans, () => send(traced));
}

/** Runs `fn`, then ends each batch span with its message count, marked failed if `fn` threw. */
async function closingBatchSpans<T>(spans: readonly { span: Span; count: number }[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    for (const { span } of spans) recordFailure(span, err);
    throw err;
  } finally {
    for (const { span, count } of spans) {
      span.setAttribute('messaging.batch.message_count', count);
      span.end();
    }
  }
}

/** What the consumer knows of a consumed event; `traceparent` is filled in by inProcessSpans. */
export interface TracedEvent {
  topic: string;
  partition: number;
  headers: Record<string, string>;
  /** W3C context of the consumer span that processed this event; undefined when it came untraced. */
  traceparent?: string;
}

/**
 * One consumer span per distinct traceparent header among a batch's events (a partition's batch holds few
 * requests), each a child of the producer span in that header. Each event's `traceparent` is set to its span,
 * so work the handler defers (the alert settler) can continue from it; `fn` runs with the first span active.
 */
export async function inProcessSpans<E extends TracedEvent, T>(events: readonly E[], consumerGroup: string, fn: () => Promise<T>): Promise<T> {
  const groups = new Map<string, { span: Span; traceparent: string | undefined; count: number } | null>();
  for (const e of events) {
    const header = e.headers[TRACEPARENT_HEADER];
    if (!header) continue;
    let group = groups.get(header);
    if (group === undefined) {
      const parent = parseTraceparent(header);
      const span = parent && tracer.startSpan(
        `process ${e.topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            ...KAFKA, 'messaging.operation.type': 'process', 'messaging.destination.name': e.topic,
            'messaging.destination.partition.id': String(e.partition), 'messaging.consumer.group.name': consumerGroup,
          },
        },
        trace.setSpanContext(ROOT_CONTEXT, parent),
      );
      groups.set(header, (group = span ? { span, traceparent: traceparentOf(span), count: 0 } : null));
    }
    if (!group) continue;
    group.count += 1;
    e.traceparent = group.traceparent;
  }
  const spans = [...groups.values()].filter((g) => g !== null);
  const first = spans[0]?.span;
  return closingBatchSpans(spans, () => (first ? context.with(trace.setSpan(context.active(), first), fn) : fn()));
}

/**
 * The outbox write of one transaction as a span, a child of the active one (the HTTP request, or the alert
 * decision): each message's stored traceparent becomes this span's context, so the relay's publish span
 * continues the same trace. With tracing off the messages keep the traceparent the caller gave them.
 */
export function inOutboxSpan<M extends Headed & { topic: string }>(messages: readonly M[], write: (messages: readonly M[]) => Promise<void>): Promise<void> {
  return inSpan('outbox write', {}, (span) => {
    if (span.isRecording()) {
      span.setAttributes({ 'messaging.batch.message_count': messages.length, 'messaging.destination.name': [...new Set(messages.map((m) => m.topic))].join(',') });
    }
    return write(withTraceparent(messages, traceparentOf(span)));
  });
}
