import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import type { MonitoringServiceConfig } from '../config';
import { AlertQueueRepository, type QueueState } from './alert-queue.repository';
import { AssessmentService } from './assessment.service';

const POLL_MS = 50;

/** Decide now when the queue has been quiet for `settleMs`, or its oldest entry waited `maxWaitMs`. */
export function dueForDecision(state: QueueState, settleMs: number, maxWaitMs: number): boolean {
  return state.pending > 0 && (state.idleMs >= settleMs || state.oldestMs >= maxWaitMs);
}

/**
 * Decides the alerts of queued indicator × area pairs once their data has settled: the pairs are
 * claimed, re-assessed and their alerts raised or resolved (events to the outbox) in one transaction.
 * Queued pairs survive a crash (the queue is a table written in the batch transaction).
 */
@Injectable()
export class AlertSettler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertSettler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: AlertQueueRepository,
    private readonly assessment: AssessmentService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ALERT_SETTLE_MS > 0) this.timer = setInterval(() => this.tick(), POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Decides every queued pair now (tests, shutdown). Returns the number of pairs decided. */
  async settleNow(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lock(manager);
      const pairs = await this.queue.claim(manager);
      if (pairs.length === 0) return 0;
      const summary = await this.assessment.recompute(manager, pairs);
      if (summary.alertsRaised || summary.alertsResolved) {
        this.logger.log(`${pairs.length} settled assessments: ${summary.alertsRaised} alerts raised, ${summary.alertsResolved} resolved`);
      }
      return pairs.length;
    });
  }

  private tick(): void {
    if (this.running) return;
    this.running = (async () => {
      const state = await this.queue.state(this.dataSource);
      if (dueForDecision(state, this.config.ALERT_SETTLE_MS, this.config.ALERT_MAX_WAIT_MS)) await this.settleNow();
    })()
      .catch((err) => this.logger.error(`alert decision failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
