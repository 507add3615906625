import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertHoldRepository } from '../alert-hold.repository';
import { AlertService } from '../alert.service';
import type { MonitoringServiceConfig } from '../../config';
import { AssessmentService } from '../../assessment/assessment.service';
import { CLOCK, type Clock } from '../../assessment/clock';
import { PeriodicJob } from '../../periodic-job';

/** How often to look for holds that have lasted: a tenth of the shortest hold, within 50 ms – 1 s. */
function holdPollMs(raiseHoldMs: number, resolveHoldMs: number): number {
  const holds = [raiseHoldMs, resolveHoldMs].filter((ms) => ms > 0);
  if (holds.length === 0) return 0;
  return Math.min(1000, Math.max(50, Math.floor(Math.min(...holds) / 10)));
}

/**
 * Makes the changes whose hold has lasted: with data arriving by events, nothing else would re-assess a
 * slot whose condition simply stays true. Runs under the alerts' lock, so a hold is never released
 * while a decision about its slot is being made; holds survive a restart (they are a table).
 */
@Injectable()
export class AlertHoldRelease extends PeriodicJob {
  protected readonly task = 'releasing alert holds';

  constructor(
    private readonly dataSource: DataSource,
    private readonly holds: AlertHoldRepository,
    private readonly alerts: AlertService,
    private readonly assessment: AssessmentService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return holdPollMs(this.config.ALERT_RAISE_HOLD_MS, this.config.ALERT_RESOLVE_HOLD_MS);
  }

  /** Releases every hold due at `now` (tests); returns the alerts raised and resolved. */
  async releaseNow(now: Date = this.clock()): Promise<{ raised: number; resolved: number }> {
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lockAlerts(manager);
      const { raised, resolved } = await this.alerts.releaseDue(manager, now);
      if (raised || resolved) this.logger.log(`holds lasted: ${raised} alerts raised, ${resolved} resolved`);
      return { raised, resolved };
    });
  }

  protected async runOnce(): Promise<undefined> {
    const now = this.clock();
    // A cheap look first: the transaction and the lock only when something is due (releaseNow logs what it did).
    const due = await this.holds.earliestDue(this.dataSource.manager, this.alerts.holdPolicy());
    if (due && due.getTime() <= now.getTime()) await this.releaseNow(now);
    return undefined;
  }
}
