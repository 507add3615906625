import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { deadLetterTopic, TOPIC_PARTITIONS, type Topic } from '@wdp/contracts';
import { keepEnsuringTopics, OutboxRelay, type MessagingLogger } from '@wdp/messaging';
import { DataSource } from 'typeorm';
import { registerCollectedGauge } from '../metrics/collected-gauge';
import { SERVICE_CONFIG, SERVICE_INFO, type ServiceInfo } from '../tokens';
import { nestMessagingLogger } from './nest-messaging-logger';

export interface OutboxRelayOptions {
  /** The topic the service publishes to, created (with its DLQ) if missing so the first publish does not race KRaft auto-creation. */
  topic?: string;
  /** false: no relay in this process (an API-only replica, the migration job). Default true. */
  enabled?: boolean;
}

/** What a service's root module lets tests and the migration job switch off. */
export interface RelayOverride {
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
}

const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

/** Runs the outbox relay inside the service: started once the app is up, stopped (gracefully) at shutdown. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private readonly log: MessagingLogger = nestMessagingLogger(new Logger('OutboxRelay'));
  private readonly shutdown = new AbortController();
  private readonly brokers: string;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: { KAFKA_BROKERS: string },
    @Inject(SERVICE_INFO) info: ServiceInfo,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {
    this.brokers = config.KAFKA_BROKERS;
    this.relay = new OutboxRelay({ dataSource, brokers: this.brokers, clientId: `${info.name}-relay`, logger: this.log });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { topic } = this.options;
    if (topic) {
      const partitions = TOPIC_PARTITIONS[topic as Topic] ?? 6;
      // In the background and until it succeeds: a broker that is down or new at start must not stop the service
      // from taking data (it waits in the outbox), and the relay's sends fail until the topic exists.
      void keepEnsuringTopics(this.brokers, [{ name: topic, partitions }, { name: deadLetterTopic(topic), partitions: 1 }], {
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

/**
 * Publishes the service's outbox (`@wdp/messaging`'s OutboxRelay) to Kafka from inside the service. Every app that
 * writes events imports it in its root module; it needs PlatformModule.forService (config, info, database) with
 * `messagingMigrations`.
 */
@Module({})
export class OutboxRelayModule {
  static forService(options: OutboxRelayOptions = {}): DynamicModule {
    if (options.enabled === false) return { module: OutboxRelayModule };
    return {
      module: OutboxRelayModule,
      providers: [{ provide: OUTBOX_RELAY_OPTIONS, useValue: options }, OutboxRelayHost],
      exports: [OutboxRelayHost],
    };
  }
}
