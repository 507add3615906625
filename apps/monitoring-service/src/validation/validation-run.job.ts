import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { MonitoringServiceConfig } from '../config';
import { PeriodicJob } from '../periodic-job';
import { ValidationService } from './validation.service';

/**
 * How long after the first request the rules named are run: a burst of batches (a bulk load's, one per fetch) asks
 * once. A latency, not a correctness setting: the run reads whatever has committed by then. After a run that took
 * longer, the next waits as long as it took, so a stream of data into held datasets keeps rules running at most
 * half the time.
 */
export const RUN_SOON_DELAY_MS = 1_000;

/**
 * The scheduled validation run: every VALIDATION_RUN_INTERVAL_MS all enabled rules are checked over all areas and
 * periods (and on demand through POST /v1/validation/runs). It is how departmental data is validated against other
 * departments' — a departmental service cannot see them, so its records are checked after they arrive here.
 *
 * `soon` runs named rules a second after data arrived that may resolve a violation holding an approval (the
 * consumer asks after its batch commits), so corrected data releases the approval without waiting for the schedule.
 */
@Injectable()
export class ValidationRunJob extends PeriodicJob {
  protected readonly task = 'validation run';
  private readonly asked = new Set<string>();
  private soonTimer: NodeJS.Timeout | null = null;
  private soonRun: Promise<void> | null = null;
  private lastRunMs = 0;
  private stopped = false;

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
    return line(await this.validation.run());
  }

  /** Runs these rules a moment from now (together with any asked for meanwhile); one run at a time. */
  soon(ruleCodes: readonly string[]): void {
    if (this.stopped || ruleCodes.length === 0) return;
    for (const code of ruleCodes) this.asked.add(code);
    if (!this.soonTimer) this.soonTimer = setTimeout(() => this.runAsked(), this.delayMs());
  }

  override async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
    await this.soonRun;
    await super.onApplicationShutdown();
  }

  private runAsked(): void {
    this.soonTimer = null;
    // A run in progress: try again after it, with whatever was asked meanwhile.
    if (this.soonRun) {
      this.soonTimer = setTimeout(() => this.runAsked(), this.delayMs());
      return;
    }
    const codes = new Set(this.asked);
    this.asked.clear();
    const started = Date.now();
    this.soonRun = this.validation
      .run(codes)
      .then((r) => this.logger.log(`after new data: ${line(r)}`))
      .catch((err) => this.logger.error(`${this.task} after new data failed: ${(err as Error).message}`))
      .finally(() => {
        this.lastRunMs = Date.now() - started;
        this.soonRun = null;
      });
  }

  private delayMs(): number {
    return Math.max(RUN_SOON_DELAY_MS, this.lastRunMs);
  }
}

const line = (r: { rules: number; checked: number; violations: number; resolved: number; cellsReleased: number; cellsHeld: number }) =>
  `validation run: ${r.rules} rules, ${r.checked} checks, ${r.violations} violations, ${r.resolved} resolved; ${r.cellsReleased} approved cells released, ${r.cellsHeld} held`;
