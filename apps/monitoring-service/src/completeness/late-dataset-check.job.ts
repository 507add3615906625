import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { PeriodicJob } from '../periodic-job';
import { CompletenessService } from './completeness.service';

/**
 * Deadlines pass without any event: every SUBMISSION_CHECK_INTERVAL_MS (the missing-data check's interval)
 * the late datasets are checked, which also resolves the alerts of data that has since arrived.
 */
@Injectable()
export class LateDatasetCheckJob extends PeriodicJob {
  protected readonly task = 'late-dataset check';

  constructor(
    private readonly completeness: CompletenessService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.SUBMISSION_CHECK_INTERVAL_MS;
  }

  protected async runOnce(): Promise<string | undefined> {
    const r = await this.completeness.checkLateDatasets();
    return r.raised || r.resolved ? `late-dataset check: ${r.raised} raised, ${r.resolved} resolved` : undefined;
  }
}
