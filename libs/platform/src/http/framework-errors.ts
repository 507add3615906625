import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem-details';
import { ProblemException } from './problem.exception';

/** Longest request target (path and query) served; longer ones are a 414 before routing. */
export const MAX_URL_LENGTH = 4096;

const DETAILS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The request path is not valid percent-encoding.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than any identifier this API issues.',
};

/** Structural, because @nestjs/platform-fastify brings its own copy of Fastify's types. */
interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/**
 * Fastify's `frameworkErrors` option: errors its router raises before any hook or Nest filter runs (bad
 * percent-encoding, an over-long path parameter) answered as problem details instead of Fastify's own JSON.
 */
export function frameworkErrorsAsProblems(error: { statusCode?: number; code?: string }, _request: unknown, reply: unknown): void {
  const r = reply as ReplyLike;
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  r.status(status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem(status, DETAILS[error.code ?? ''] ?? 'The request could not be routed.'));
}

/** The problem Node's HTTP parser gets for a request it gave up on; `rawPacket` tells a long URL from big headers. */
export function clientErrorProblem(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { status: number; detail: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, detail: 'The request was not received in time.' };
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const raw = err.rawPacket;
    const lineEnd = raw ? raw.indexOf('\n') : -1;
    const requestLine = raw ? (lineEnd === -1 ? raw.length : lineEnd) : 0;
    return requestLine > MAX_URL_LENGTH
      ? { status: 414, detail: `The request target exceeds ${MAX_URL_LENGTH} characters.` }
      : { status: 431, detail: `The request headers exceed ${maxHeaderSize} bytes.` };
  }
  return { status: 400, detail: 'The request is not valid HTTP.' };
}

/**
 * Fastify's `clientErrorHandler`: Node rejects oversized headers (431; the request line counts towards Node's
 * maxHeaderSize, 16 KiB, so a huge URL ends here too) or malformed requests before Fastify sees them, so the
 * answer is written to the socket here, still as problem details.
 */
export function problemClientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = clientErrorProblem(err);
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** A reason to refuse the request before routing, from its target and encoding alone. */
export function envelopeProblem(url: string, contentEncoding: string | string[] | undefined): ProblemException | undefined {
  if (url.length > MAX_URL_LENGTH) return new ProblemException(problem(414, `The request target exceeds ${MAX_URL_LENGTH} characters.`));
  if (contentEncoding !== undefined) {
    const codings = (Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding).split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
    // No body is decompressed: a compressed one would otherwise be parsed as if it were plain JSON or CSV.
    if (codings.some((c) => c !== 'identity')) {
      return new ProblemException(problem(415, 'Content-Encoding is not supported: send the body uncompressed.'), { 'Accept-Encoding': 'identity' });
    }
  }
  return undefined;
}

/** onRequest: a URL under the limit (Node's own limit is far higher) and no Content-Encoding we would ignore. */
export function registerRequestEnvelopeChecks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    done(envelopeProblem(request.url, request.headers['content-encoding']));
  });
}
