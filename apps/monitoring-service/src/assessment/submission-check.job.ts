import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { AssessmentService } from './assessment.service';

/**
 * Deadlines pass without any event, so missing data needs a clock: every SUBMISSION_CHECK_INTERVAL_MS
 * the expected submissions of every indicator are checked (and on demand through the admin API).
 */
@Injectable()
export class SubmissionCheckJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubmissionCheckJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly assessment: AssessmentService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.SUBMISSION_CHECK_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.assessment
      .checkSubmissions()
      .then((r) => {
        if (r.raised || r.resolved) this.logger.log(`missing-data check: ${r.raised} raised, ${r.resolved} resolved`);
      })
      .catch((err) => this.logger.error(`missing-data check failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
