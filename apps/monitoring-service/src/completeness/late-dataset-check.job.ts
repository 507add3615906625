import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { CompletenessService } from './completeness.service';

/**
 * Deadlines pass without any event: every SUBMISSION_CHECK_INTERVAL_MS (the missing-data check's interval)
 * the late datasets are checked, which also resolves the alerts of data that has since arrived.
 */
@Injectable()
export class LateDatasetCheckJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LateDatasetCheckJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly completeness: CompletenessService,
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
    this.running = this.completeness
      .checkLateDatasets()
      .then((r) => {
        if (r.raised || r.resolved) this.logger.log(`late-dataset check: ${r.raised} raised, ${r.resolved} resolved`);
      })
      .catch((err) => this.logger.error(`late-dataset check failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
