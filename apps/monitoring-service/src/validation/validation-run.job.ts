import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { PeriodicJob } from '../periodic-job';
import { ValidationService } from './validation.service';

/**
 * The scheduled validation run: every VALIDATION_RUN_INTERVAL_MS all enabled rules are checked over all areas and
 * periods (and on demand through POST /v1/validation/runs). It is how departmental data is validated against other
 * departments' — a departmental service cannot see them, so its records are checked after they arrive here.
 */
@Injectable()
export class ValidationRunJob extends PeriodicJob {
  protected readonly task = 'validation run';

  constructor(
    private readonly validation: ValidationService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.VALIDATION_RUN_INTERVAL_MS;
  }

  protected async runOnce(): Promise<string | undefined> {
    const r = await this.validation.run();
    return `validation run: ${r.rules} rules, ${r.checked} checks, ${r.violations} violations, ${r.resolved} resolved`;
  }
}
