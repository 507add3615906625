import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '@wdp/config';
import { REQUEST_ID_HEADER, requestIdFrom, traceparentFrom } from './http/request-context';
import { containsResidentIdNumber } from './privacy/resident-id';
import type { ServiceInfo } from './tokens';

/** Anything shaped like one of our API keys (wdp_<department>_<8 hex>_<secret>), wherever it appears. */
const KEY_SHAPED = /wdp_[a-z-]+_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}/g;
/** A query parameter's name worth keeping in a log line; anything else is masked like the values. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;
const MAX_LOGGED_SEGMENT = 200;

/**
 * A request URL as it may be logged: the query keeps its parameter names but no value (`?area=…&period=…`:
 * values are filters, tokens and reasons, any of which may carry an ID number or a secret), and a path
 * segment that holds a resident ID number in any encoding (percent-encoded, separated, with invisible
 * characters) or an API key is replaced. Rejected requests are logged too, so nothing here trusts the URL.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  const path = loggablePath(q < 0 ? url : url.slice(0, q));
  if (q < 0) return path;
  const names = url
    .slice(q + 1)
    .split('#')[0]
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const name = p.split('=')[0];
      return `${PLAIN_NAME.test(name) ? name : '…'}=…`;
    });
  return names.length ? `${path}?${names.join('&')}` : path;
}

/** A URL path with every segment that could carry an ID number or a key (alone or with its neighbours) replaced. */
export function loggablePath(path: string): string {
  const raws = path.split('/');
  const decoded = raws.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return undefined; // bad percent-encoding: Fastify refuses it, and its text is not worth keeping
    }
  });
  // Every reading: `%A1101...` decodes the escape with the ID's first digit, so the raw text holds it and the decoded
  // does not; `%2531...` holds it only once decoded twice.
  const holdsId = raws.map((raw) => readingsOf(raw).some((text) => containsResidentIdNumber(text)));
  const spansSegments = !holdsId.includes(true) && (containsResidentIdNumber(path) || containsResidentIdNumber(decoded.map((d) => d ?? '').join('/')));
  return raws
    .map((raw, i) => {
      const text = decoded[i];
      if (holdsId[i]) return '[redacted]';
      if (text === undefined) return '[undecodable]';
      if (spansSegments && /\d/.test(raw + text.normalize('NFKC'))) return '[redacted]';
      if (text.replace(KEY_SHAPED, '') !== text) return '[redacted]';
      return raw.length > MAX_LOGGED_SEGMENT ? `${raw.slice(0, MAX_LOGGED_SEGMENT)}…` : raw;
    })
    .join('/');
}

/** A path segment as sent and as decoded once, twice and three times (as far as it decodes). */
function readingsOf(segment: string): string[] {
  const out = [segment];
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(out[out.length - 1]);
      if (next === out[out.length - 1]) break;
      out.push(next);
    } catch {
      break;
    }
  }
  return out;
}

/** Free text for a log line (an error message, a user agent) unless it holds a resident ID number. */
export function loggableText(text: string | undefined, what = 'text'): string | undefined {
  if (text === undefined) return undefined;
  return containsResidentIdNumber(text) ? `[${what} withheld: it held a resident ID number]` : text.replace(KEY_SHAPED, '[redacted]');
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
            // Only what was validated or screened: a header is as hostile as the URL.
            headers: {
              'user-agent': loggableText(req.headers['user-agent'] as string | undefined, 'user agent'),
              traceparent: traceparentFrom(req.headers.traceparent),
              'x-api-key': req.headers['x-api-key'] ? '[redacted]' : undefined,
            },
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
