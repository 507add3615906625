import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { ServiceConfig } from '@wdp/config';
import { ProblemException, SERVICE_CONFIG } from '@wdp/platform';
import { catchError, Observable, throwError, timeout } from 'rxjs';
import { rethrowAsUnavailable } from './database-errors';

/**
 * Turns a database outage during a handler into 503 + Retry-After instead of a 500, and bounds how long a
 * client waits: past REQUEST_DEADLINE_MS it gets 503 too. The handler's transaction may still commit after
 * that answer; a retry with the same body (natural keys) or Idempotency-Key is safe either way.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout({
        first: this.config.REQUEST_DEADLINE_MS,
        with: () =>
          throwError(() =>
            ProblemException.unavailable(
              `The database did not answer within ${this.config.REQUEST_DEADLINE_MS} ms. The request may or may not have been applied; retrying it unchanged (or with the same Idempotency-Key) is safe.`,
              5,
            ),
          ),
      }),
      catchError((err: unknown) => rethrowAsUnavailable(err)),
    );
  }
}
