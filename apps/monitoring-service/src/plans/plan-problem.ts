import type { PlanProblem } from '@wdp/plans';
import { ProblemException } from '@wdp/platform';

/** A 422 with one entry per problem of a plan document, each naming its field (`targets[3].indicator`). */
export const invalidPlan = (problems: readonly PlanProblem[]) =>
  ProblemException.validation(
    problems.map((p) => ({ field: p.path || '(document)', reason: p.reason })),
    'The plan document has problems; nothing was written.',
  );
