import { HttpException } from '@nestjs/common';
import { FieldError, problem, ProblemDetails } from './problem-details';

/** Throw to answer with a problem-details body; the global filter passes it through untouched. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails, readonly headers: Record<string, string> = {}) {
    super(problem, problem.status);
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields; nothing was written.'): ProblemException {
    return new ProblemException(problem(422, detail, { errors }));
  }

  static conflict(detail: string, extra: Partial<ProblemDetails> = {}): ProblemException {
    return new ProblemException(problem(409, detail, extra));
  }

  static notFound(detail: string): ProblemException {
    return new ProblemException(problem(404, detail));
  }

  static unavailable(detail: string, retryAfterSeconds = 5): ProblemException {
    return new ProblemException(problem(503, detail), { 'Retry-After': String(retryAfterSeconds) });
  }
}
