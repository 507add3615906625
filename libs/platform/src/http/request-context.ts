import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { containsResidentIdNumber } from '../privacy/resident-id';

/** What identifies one API call while it runs, so its events and log lines can be tied back to it. */
export interface RequestContext {
  requestId: string;
  /** W3C trace context of the caller, when it sent a valid one. */
  traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** W3C Trace Context level 1: version-traceid-parentid-flags, lowercase hex; version ff is invalid. */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** The request being served, if any (undefined in consumers and background jobs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * A caller's X-Request-Id if it is a short token (a UUID fits) holding no resident ID number, else a fresh
 * UUID: the id is logged, stored in the outbox and published as a Kafka header, and a bad one is no reason
 * to refuse the request.
 */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) && !containsResidentIdNumber(header) ? header : randomUUID();
}

/** A caller's traceparent if it is valid W3C syntax (and, being hex, holds no ID number), else undefined: it is dropped. */
export function traceparentFrom(header: unknown): string | undefined {
  return typeof header === 'string' && TRACEPARENT.test(header) && !containsResidentIdNumber(header) ? header : undefined;
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
    const traceparent = traceparentFrom(request.headers.traceparent);
    const ctx: RequestContext = { requestId: request.id, ...(traceparent ? { traceparent } : {}) };
    storage.run(ctx, done);
  });
}
