import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_KEY_HEADER } from './openapi';

export interface RateLimitSettings {
  /** Requests per window per client; 0 turns limiting off. */
  RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
}

/** The public prefix of a well-formed key (`wdp_<department>_<prefix>_<secret>`); the secret never becomes a map key. */
const KEY_PREFIX = /^wdp_[a-z][a-z-]{1,30}[a-z]_([0-9a-f]{8})_/;
const HEADER = API_KEY_HEADER.toLowerCase();

/** Probes and scrapes are never throttled: an orchestrator must always see whether the service is alive. */
const UNLIMITED = /^\/(health\/|metrics(\?|$))/;

/**
 * Who a request counts against: the API key's public prefix when it presents a well-formed key, else the
 * connecting address (the socket's, not X-Forwarded-For, which any client can write).
 */
export function rateLimitKey(request: Pick<FastifyRequest, 'headers' | 'socket'>): string {
  const raw = request.headers[HEADER];
  const presented = Array.isArray(raw) ? raw[0] : raw;
  const prefix = presented ? KEY_PREFIX.exec(presented.trim())?.[1] : undefined;
  return prefix ? `key:${prefix}` : `addr:${request.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * Per-client request limit (in memory, per process). Over the limit the answer is 429 with Retry-After,
 * as problem details through the global filter. Must be registered before the app initialises its routes.
 */
export async function registerRateLimit(app: NestFastifyApplication, settings: RateLimitSettings): Promise<void> {
  if (!settings.RATE_LIMIT_MAX) return;
  // @nestjs/platform-fastify brings its own copy of fastify's types; the plugin is typed against the root one.
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(rateLimit, {
    global: true,
    max: settings.RATE_LIMIT_MAX,
    timeWindow: settings.RATE_LIMIT_WINDOW_MS,
    keyGenerator: rateLimitKey,
    allowList: (request) => UNLIMITED.test(request.url),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `Too many requests: at most ${context.max} per ${context.after}. Retry after the time in Retry-After.`,
    }),
  });
}
