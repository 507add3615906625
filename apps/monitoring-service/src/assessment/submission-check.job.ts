import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { PeriodicJob } from '../periodic-job';
import { AssessmentService } from './assessment.service';

/**
 * Deadlines pass without any event, so missing data needs a clock: every SUBMISSION_CHECK_INTERVAL_MS
 * the expected submissions of every indicator are checked (and on demand through the admin API).
 */
@Injectable()
export class SubmissionCheckJob extends PeriodicJob {
  protected readonly task = 'missing-data check';

  constructor(
    private readonly assessment: AssessmentService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.SUBMISSION_CHECK_INTERVAL_MS;
  }

  protected async runOnce(): Promise<string | undefined> {
    const r = await this.assessment.checkSubmissions();
    return r.raised || r.resolved ? `missing-data check: ${r.raised} raised, ${r.resolved} resolved` : undefined;
  }
}
