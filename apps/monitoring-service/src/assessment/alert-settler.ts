import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MonitoringServiceConfig } from '../config';
import type { IndicatorArea } from './assessment.repository';
import { AlertQueueRepository, type QueuedPairAge } from './alert-queue.repository';
import { AssessmentService } from './assessment.service';
import type { TouchedPair } from './recompute-scope';

const POLL_MS = 50;

/**
 * The pairs to decide now: each once its own data has been quiet for `settleMs`, or it has waited `maxWaitMs`
 * under a continuous stream of changes. Per pair, so an indicator nobody else touches is decided
 * `settleMs` after its change however busy the rest of the system is.
 */
export function duePairs(ages: readonly QueuedPairAge[], settleMs: number, maxWaitMs: number): IndicatorArea[] {
  return ages.filter((a) => a.idleMs >= settleMs || a.waitedMs >= maxWaitMs).map(({ indicatorCode, areaCode }) => ({ indicatorCode, areaCode }));
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
    return this.decide((manager) => this.queue.claim(manager));
  }

  /** Claims pairs (inside the transaction, under the assessment lock), recomputes them and decides their alerts. */
  private async decide(claim: (manager: EntityManager) => Promise<TouchedPair[]>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lock(manager);
      const pairs = await claim(manager);
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
      const { ALERT_SETTLE_MS: settle, ALERT_MAX_WAIT_MS: maxWait } = this.config;
      // A cheap look first: the transaction and the lock only when something is due.
      if (duePairs(await this.queue.ages(this.dataSource), settle, maxWait).length === 0) return;
      await this.decide(async (manager) => this.queue.claimPairs(manager, duePairs(await this.queue.ages(manager), settle, maxWait)));
    })()
      .catch((err) => this.logger.error(`alert decision failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
