import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import type { MonitoringServiceConfig } from '../config';
import { PeriodicJob } from '../periodic-job';
import { ApprovalBlocks } from './approval-blocks';

/**
 * The fallback of the approval holds: at the validation run's cadence (VALIDATION_RUN_INTERVAL_MS) every approved
 * cell is re-decided and a cell that became blocked or free is queued for the settler. Overrides, rule changes and
 * runs re-decide the cells they concern in their own transactions (ApprovalBlocks.violationsChanged); this round
 * catches what nothing handed on, such as a violation changed by hand in the database.
 */
@Injectable()
export class ApprovalBlockJob extends PeriodicJob {
  protected readonly task = 'approval block check';

  constructor(
    private readonly dataSource: DataSource,
    private readonly blocks: ApprovalBlocks,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.VALIDATION_RUN_INTERVAL_MS;
  }

  /** Re-decides every approved cell and queues the pairs of those that changed; the number that changed. */
  async recheck(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const { released, held } = await this.blocks.redecide(manager);
      return released.length + held.length;
    });
  }

  protected async runOnce(): Promise<string | undefined> {
    const n = await this.recheck();
    return n ? `approval blocks: ${n} approved cells became blocked or free` : undefined;
  }
}
