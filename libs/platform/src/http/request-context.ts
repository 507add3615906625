import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** What identifies one API call while it runs, so its events and log lines can be tied back to it. */
export interface RequestContext {
  requestId: string;
  /** W3C trace context of the caller, when it sent a valid one. */
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** The request being served, if any (undefined in consumers and background jobs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** A caller's X-Request-Id if it is sane, else a fresh UUID. */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Gives every request an id (the caller's X-Request-Id or a UUID), echoes it in the response, mirrors it
 * into the raw headers so the pino HTTP logger logs the same id, and keeps it with the caller's
 * traceparent in async context for the whole request — including the outbox write of its events.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    request.raw.headers[REQUEST_ID_HEADER] = request.id;
    reply.header('X-Request-Id', request.id);
    const traceparent = request.headers.traceparent;
    const ctx: RequestContext = { requestId: request.id, ...(typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? { traceparent } : {}) };
    storage.run(ctx, done);
  });
}
