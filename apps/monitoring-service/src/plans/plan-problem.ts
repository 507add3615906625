import type { PlanProblem } from '@wdp/plans';
import { type FieldError, ProblemException } from '@wdp/platform';

/** A 422 with one entry per problem of a plan document, each naming its field (`targets[3].indicator`), after any other field errors of the request. */
export const invalidPlan = (problems: readonly PlanProblem[], others: readonly FieldError[] = []) =>
  ProblemException.validation(
    [...others, ...problems.map((p) => ({ field: p.path || '(document)', reason: p.reason }))],
    'The plan document has problems; nothing was written.',
  );
