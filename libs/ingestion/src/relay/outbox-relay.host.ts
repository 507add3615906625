import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { deadLetterTopic, TOPIC_PARTITIONS, type Topic } from '@wdp/contracts';
import { keepEnsuringTopics, OutboxRelay, type MessagingLogger } from '@wdp/messaging';
import { registerCollectedGauge } from '@wdp/platform';
import type { DataSource } from 'typeorm';

/** Runs the outbox relay inside the service: started once the app is up, stopped (gracefully) at shutdown. */
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private readonly log: MessagingLogger;
  private readonly shutdown = new AbortController();

  /** `topic`: the department topic, created (with its DLQ) if missing so the first publish does not race KRaft auto-creation. */
  constructor(dataSource: DataSource, private readonly brokers: string, clientId: string, private readonly topic?: string) {
    const logger = new Logger('OutboxRelay');
    const log: MessagingLogger = (this.log = {
      debug: (m, c) => logger.debug(withContext(m, c)),
      info: (m, c) => logger.log(withContext(m, c)),
      warn: (m, c) => logger.warn(withContext(m, c)),
      error: (m, c) => logger.error(withContext(m, c)),
    });
    this.relay = new OutboxRelay({ dataSource, brokers, clientId, logger: log });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.topic) {
      const partitions = TOPIC_PARTITIONS[this.topic as Topic] ?? 6;
      // In the background and until it succeeds: a broker that is down or new at start must not stop the service
      // from taking data (it waits in the outbox), and the relay's sends fail until the topic exists.
      void keepEnsuringTopics(this.brokers, [{ name: this.topic, partitions }, { name: deadLetterTopic(this.topic), partitions: 1 }], {
        logger: this.log, signal: this.shutdown.signal,
      });
    }
    registerCollectedGauge('wdp_outbox_backlog', 'Outbox events not yet acknowledged by Kafka.', [], async () => [{ value: (await this.relay.backlog()).count }]);
    registerCollectedGauge('wdp_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox event (0 when empty).', [], async () => [
      { value: (await this.relay.backlog()).oldestAgeSeconds },
    ]);
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.relay.stop();
  }
}

function withContext(message: string, context?: Record<string, unknown>): string {
  return context && Object.keys(context).length ? `${message} ${JSON.stringify(context)}` : message;
}
