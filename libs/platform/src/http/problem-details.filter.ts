import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggablePath, loggableText } from '../logging';
import { problem, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';
import { ProblemException } from './problem.exception';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Maps every error to problem details. Unknown errors become 500 and are logged, never echoed. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { body, headers } = this.toProblem(err);
    // The path as logged: a segment holding an ID number is neither echoed nor logged.
    const path = request?.url === undefined ? undefined : loggablePath(request.url.split('?')[0]);
    if (isUnmatchedRoute(err, request)) body.detail = `No route matches ${request.method} ${path}.`;
    body.instance ??= path;
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(`${request?.method} ${path} failed: ${loggableText((err as Error)?.stack ?? String(err), 'error')}`);
    }
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(err: unknown): { body: ProblemDetails; headers: Record<string, string> } {
    if (err instanceof ProblemException) return { body: { ...err.problem }, headers: err.headers };
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const response = err.getResponse();
      const detail = typeof response === 'string' ? response : messageOf(response);
      const body = problem(status, status >= 500 ? undefined : detail);
      // /health/ready's 503 keeps its per-check results (terminus' `details`): which check failed, and why.
      const checks = status === 503 && typeof response === 'object' ? (response as { details?: unknown }).details : undefined;
      return { body: checks ? { ...body, checks } : body, headers: {} };
    }
    // Errors Fastify raises before the route runs: malformed JSON, oversized bodies, bad content types.
    const fe = err as FastifyLikeError;
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return { body: problem(fe.statusCode, fe.message), headers: {} };
    }
    return { body: problem(500, 'An unexpected error occurred; it has been logged.'), headers: {} };
  }
}

/**
 * Nest's not-found handler says `Cannot GET <url>`, echoing the client's path and query verbatim (an ID in
 * any encoding, a token); it is recognised by that text so a handler's own 404 keeps its detail.
 */
function isUnmatchedRoute(err: unknown, request: FastifyRequest | undefined): request is FastifyRequest {
  if (!(err instanceof NotFoundException) || request?.url === undefined) return false;
  return messageOf(err.getResponse() as object)?.startsWith(`Cannot ${request.method} `) === true;
}

function messageOf(response: object): string | undefined {
  const m = (response as { message?: unknown }).message;
  if (Array.isArray(m)) return m.join('; ');
  return typeof m === 'string' ? m : undefined;
}
