import type { ReturnFacts } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';

/**
 * A check of a return against data beyond it, run before anything of the return is written (inside the write's
 * transaction; on the service's connection for a dry run). It throws a ProblemException to refuse the return, so
 * nothing is written, or gives warnings that the answer lists under `warnings`. The monitoring service checks the
 * statistics bureau's returns against its cross-dataset validation rules this way; a departmental service has no
 * check, since it sees no other department's data (its data is validated after it arrives at monitoring).
 */
export interface ReturnCheck {
  /**
   * `alongside`: the other returns written in the same transaction (a batch such as an SDMX message); the check
   * reads them as if they were stored, so a rule relating two returns of one batch is checked at submission.
   */
  check(manager: EntityManager, department: string, facts: ReturnFacts, alongside?: readonly ReturnFacts[]): Promise<readonly object[]>;
}
