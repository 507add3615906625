import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Observable } from 'rxjs';
import { ProblemException } from './problem.exception';

const READS_RAW_BODY = 'wdp:readsRawBody';

/** Marks a handler that reads the body from the request itself (a spreadsheet upload), not through @Body(). */
export const ReadsRawBody = (): MethodDecorator => SetMetadata(READS_RAW_BODY, true);

export const NO_BODY_REASON = 'must be absent: this operation takes no request body';

/** Does the handler take a body: a @Body() or @RawBody() parameter, or the ReadsRawBody marker. */
export function handlerTakesBody(controller: object, handler: (...args: unknown[]) => unknown): boolean {
  if (Reflect.getMetadata(READS_RAW_BODY, handler)) return true;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => {
    const type = Number(key.split(':')[0]);
    return type === RouteParamtypes.BODY || type === RouteParamtypes.RAW_BODY || key.includes('__customRouteArgs__');
  });
}

/** `{}`: what clients commonly send with a POST that needs nothing; anything else is a body. */
function isEmptyBody(body: unknown): boolean {
  if (body === undefined) return true;
  return body !== null && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body) && Object.keys(body).length === 0;
}

/**
 * Operations documented without a request body (stream-tokens, regenerate, enable, rotate-secret, deletes...)
 * refuse one with a 422, instead of accepting whatever arrives, however deeply nested. Runs after the guards,
 * so an unauthenticated caller still gets its 401 first.
 */
@Injectable()
export class NoBodyInterceptor implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const handler = context.getHandler() as (...args: unknown[]) => unknown;
      let takes = this.takesBody.get(handler);
      if (takes === undefined) {
        takes = handlerTakesBody(context.getClass(), handler);
        this.takesBody.set(handler, takes);
      }
      const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
      if (!takes && !isEmptyBody(body)) throw ProblemException.validation([{ field: '(body)', reason: NO_BODY_REASON }]);
    }
    return next.handle();
  }
}
