import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable } from 'rxjs';
import { rethrowAsUnavailable } from './database-errors';

/** Turns a database outage during a handler into 503 + Retry-After instead of a 500. */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => rethrowAsUnavailable(err)));
  }
}
