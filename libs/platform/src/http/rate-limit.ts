import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RateLimitSettings {
  /** Requests per window per client; 0 turns limiting off. */
  RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
}

/**
 * Who an authenticated request is (an API key's id), found by verifying its credentials; undefined when it
 * presents none or they do not verify. Provided by the ingestion framework under RATE_LIMIT_IDENTITY.
 */
export interface RateLimitIdentity {
  principalOf(request: FastifyRequest): Promise<string | undefined>;
}

export const RATE_LIMIT_IDENTITY = Symbol('RATE_LIMIT_IDENTITY');

/** Probes and scrapes are never throttled: an orchestrator must always see whether the service is alive. */
const UNLIMITED = /^\/(health\/|metrics(\?|$))/;

export function isRateLimited(path: string): boolean {
  return !UNLIMITED.test(path);
}

/**
 * Who a request counts against: the key it authenticated with, else the connecting address (the socket's, not
 * X-Forwarded-For, which any client can write). Keyed after verification, never on what the client claims:
 * a forged key carrying a real key's public prefix counts against the forger's address, not that key, and
 * made-up keys do not each get a fresh allowance.
 */
export function rateLimitKeyGenerator(identity?: RateLimitIdentity): (request: FastifyRequest) => Promise<string> {
  return async (request) => {
    const principal = identity && isRateLimited(request.url) ? await identity.principalOf(request).catch(() => undefined) : undefined;
    return principal ? `key:${principal}` : `addr:${request.socket?.remoteAddress ?? 'unknown'}`;
  };
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
    keyGenerator: rateLimitKeyGenerator(identityOf(app)),
    allowList: (request) => !isRateLimited(request.url),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `Too many requests: at most ${context.max} per ${context.after}. Retry after the time in Retry-After.`,
    }),
  });
}

function identityOf(app: NestFastifyApplication): RateLimitIdentity | undefined {
  try {
    return app.get<RateLimitIdentity>(RATE_LIMIT_IDENTITY, { strict: false });
  } catch {
    return undefined; // a service without API keys: every client is counted by address
  }
}
