import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '@wdp/config';
import { REQUEST_ID_HEADER, requestIdFrom } from './http/request-context';
import type { ServiceInfo } from './tokens';

/** Anything shaped like one of our API keys (wdp_<department>_<8 hex>_<secret>), wherever it appears. */
const KEY_SHAPED = /wdp_[a-z-]+_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}/g;

/**
 * Masks secrets in a logged URL: query parameters that carry them (SSE stream tokens) and any API key a
 * client pasted into the URL by mistake (e.g. into a withdrawal reason).
 */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|key|api_key|apiKey)=)[^&#]*/gi, '$1[redacted]').replace(KEY_SHAPED, '[redacted]');
}

/**
 * Structured JSON logs (pino) on stdout: one line per request with its id, route, status and time, and
 * every Nest log line with the service name. Keys, cookies and tokens never reach a log line.
 */
export function loggingModule(info: ServiceInfo, config: ServiceConfig) {
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level: config.LOG_LEVEL,
        base: { service: info.name },
        // registerRequestContext mirrors Fastify's request id into this header before the logger runs.
        genReqId: (req: IncomingMessage) => requestIdFrom(req.headers[REQUEST_ID_HEADER]),
        redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
        serializers: {
          req: (req: { id: unknown; method: string; url?: string; headers: Record<string, unknown> }) => ({
            id: req.id,
            method: req.method,
            url: redactUrl(req.url),
            headers: { 'user-agent': req.headers['user-agent'], traceparent: req.headers.traceparent, 'x-api-key': req.headers['x-api-key'] ? '[redacted]' : undefined },
          }),
        },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/metrics' || (req.url ?? '').startsWith('/health/') },
        customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      },
      // process.stdout (not pino's direct fd writer), so whatever captures the process's output sees every line.
      process.stdout,
    ],
  });
}
