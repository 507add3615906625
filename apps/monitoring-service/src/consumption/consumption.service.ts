import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ensureTopics, InboxConsumer, type InboxConsumerStats } from '@wdp/messaging';
import { ConsumerReadiness, nestMessagingLogger, SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertSettler } from '../alerts/decision/alert-settler';
import { consumedTopics, type MonitoringServiceConfig } from '../config';
import { registerLagGauge } from '../metrics/monitoring-metrics';
import { ValidationRunJob } from '../validation/validation-run.job';
import { BatchProcessor } from './batch-processor.service';

/**
 * Runs the inbox consumer over every departmental topic, each batch applied by BatchProcessor in the
 * inbox transaction, and tells the alert settler after each batch whether it queued pairs and whether the
 * consumer has caught up, and the validation run which rules its data asked to run again
 * (ApprovalBlocks.rulesToRunAfter). (Monitoring's own outbox — the alert events and the statistics bureau's
 * returns — is published by the OutboxRelayModule the app imports.)
 */
@Injectable()
export class ConsumptionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsumptionService.name);
  private consumer: InboxConsumer | null = null;
  /** The batch in progress queued alert pairs (in some attempt: a rolled-back one only costs the settler a look). */
  private queuedPairs = false;
  /** Rules the batches in progress asked to run again (a rolled-back attempt's only cost a run). */
  private readonly rulesToRun = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly processor: BatchProcessor,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
    private readonly readiness: ConsumerReadiness,
    private readonly settler: AlertSettler,
    private readonly validationRun: ValidationRunJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.MESSAGING_ENABLED) return;
    const logger = nestMessagingLogger(this.logger);
    this.consumer = new InboxConsumer({
      dataSource: this.dataSource,
      brokers: this.config.KAFKA_BROKERS,
      groupId: this.config.CONSUMER_GROUP_ID,
      clientId: 'monitoring-service',
      topics: consumedTopics(this.config),
      fromBeginning: this.config.CONSUME_FROM_BEGINNING,
      // Each batch recomputes the assessments it touched once: bigger batches (up to ~6,000 record events)
      // spread that over more events when catching up (measured in tools/bench, docs/benchmarks.md).
      maxBytesPerPartition: 4 << 20,
      concurrentPartitions: this.config.CONSUMER_CONCURRENT_PARTITIONS,
      sessionTimeoutMs: this.config.CONSUMER_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: Math.min(3_000, Math.floor(this.config.CONSUMER_SESSION_TIMEOUT_MS / 3)),
      readiness: { graceMs: this.config.CONSUMER_READY_GRACE_MS, stallMs: this.config.CONSUMER_STALL_MS },
      logger,
      // Before every attempt to join: on a new broker monitoring may start before any other service.
      beforeJoin: () => ensureTopics(this.config.KAFKA_BROKERS, undefined, { logger }),
      // The outcome names the items of batch events it rejected, for the dead-letter topic.
      handler: async (events, manager) => {
        const outcome = await this.processor.process(events, manager);
        if (outcome.pairs > 0) this.queuedPairs = true;
        for (const code of outcome.rulesToRun) this.rulesToRun.add(code);
        return outcome;
      },
      afterBatch: () => {
        const queued = this.queuedPairs;
        this.queuedPairs = false;
        this.settler.batchCommitted(queued);
        if (this.rulesToRun.size > 0) {
          this.validationRun.soon([...this.rulesToRun]);
          this.rulesToRun.clear();
        }
      },
    });
    const consumer = this.consumer;
    this.settler.follow({ caughtUp: () => consumer.caughtUp() });
    this.readiness.track(this.config.CONSUMER_GROUP_ID, () => consumer.health());
    // Returns once the first attempt joined or failed; a failure is retried in the background, forever, and
    // shows as not ready (never as a failed start of the whole service).
    await this.consumer.start();
    registerLagGauge(() => {
      const lag = this.consumer?.stats().lag;
      return lag ? Object.values(lag).reduce((sum, n) => sum + n, 0) : null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.readiness.untrack(this.config.CONSUMER_GROUP_ID);
    await this.consumer?.stop();
    this.consumer = null;
  }

  /** Resolves once the consumer has joined its group (tests and readiness). */
  async ready(timeoutMs?: number): Promise<void> {
    await this.consumer?.ready(timeoutMs);
  }

  stats(): InboxConsumerStats | null {
    return this.consumer?.stats() ?? null;
  }
}
