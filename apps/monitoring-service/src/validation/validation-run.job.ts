import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { ValidationService } from './validation.service';

/**
 * The scheduled validation run: every VALIDATION_RUN_INTERVAL_MS all enabled rules are checked over all areas and
 * periods (and on demand through POST /v1/validation/runs). It is how departmental data is validated against other
 * departments' — a departmental service cannot see them, so its records are checked after they arrive here.
 */
@Injectable()
export class ValidationRunJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ValidationRunJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly validation: ValidationService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.VALIDATION_RUN_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.validation
      .run()
      .then((r) => this.logger.log(`validation run: ${r.rules} rules, ${r.checked} checks, ${r.violations} violations, ${r.resolved} resolved`))
      .catch((err) => this.logger.error(`validation run failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
