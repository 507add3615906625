import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { traceparentFrom } from '../http/request-context';
import { loggablePath } from '../logging';

const tracer = trace.getTracer('wdp');

/** Probes and scrapes arrive every few seconds from machines, and a trace of each would bury the real ones. */
const UNTRACED = /^\/(health|metrics)(\/|\?|$)/;

/**
 * A server span per request, continuing the caller's traceparent when it is valid (and holds no ID number,
 * like every header this service keeps), else starting a trace; it is the active span for the whole request,
 * so the outbox write of the request's events is its child. Attributes are the method, the route template,
 * the path as logs show it (query string dropped, resident ID numbers masked) and the status code: never a
 * body, a query or a header value.
 */
export function registerHttpTracing(fastify: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (UNTRACED.test(request.url)) return done();
    const route = request.routeOptions?.url;
    const traceparent = traceparentFrom(request.headers.traceparent);
    // The W3C propagator registerTracerProvider installs; with no provider this is the root context.
    const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: loggablePath(request.url.split('?')[0]),
          'wdp.request_id': request.id,
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  const end = (request: FastifyRequest, statusCode: number | undefined) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (statusCode !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    // A server span is failed by a 5xx only: a 4xx is the client's error, answered as designed.
    if (statusCode === undefined || statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
}
