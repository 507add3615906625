import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { ServiceConfig } from '@wdp/config';
import { SERVICE_CONFIG } from '@wdp/platform';
import { catchError, Observable, throwError, timeout } from 'rxjs';
import { rethrowAsUnavailable } from './database-errors';
import { deadlinePassed, requestDeadlineAt } from './request-deadline';

/**
 * Turns a database outage during a handler into 503 + Retry-After instead of a 500, and bounds how long a
 * client waits: past REQUEST_DEADLINE_MS from the start of the request's database work (the key check
 * included) it gets 503 too. The handler's transaction may still commit after that answer; a retry with the
 * same body (natural keys) or Idempotency-Key is safe either way.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const budget = this.config.REQUEST_DEADLINE_MS;
    const request = context.switchToHttp().getRequest<object>();
    return next.handle().pipe(
      timeout({
        first: Math.max(0, requestDeadlineAt(request, budget) - Date.now()),
        with: () => throwError(() => deadlinePassed(budget, 'unknown')),
      }),
      catchError((err: unknown) => rethrowAsUnavailable(err)),
    );
  }
}
