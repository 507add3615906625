import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createKafka, type KafkaAdmin } from '@wdp/messaging';
import type { ServiceConfig } from '@wdp/config';
import { registerCollectedGauge } from '../metrics/collected-gauge';
import { SERVICE_CONFIG, SERVICE_INFO, ServiceInfo } from '../tokens';

/**
 * Answers whether the Kafka cluster is reachable: /health/kafka, the `wdp_kafka_cluster_up` gauge, and
 * readiness only to tell a dead consumer from one waiting for the cluster (consumer-verdict.ts).
 */
@Injectable()
export class KafkaProbe implements OnModuleInit, OnModuleDestroy {
  private admin?: KafkaAdmin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  onModuleInit(): void {
    registerCollectedGauge('wdp_kafka_cluster_up', 'Whether the Kafka cluster answered this scrape (1) or not (0); not part of readiness.', [], async () => [
      { value: await this.check().then(() => 1, () => 0) },
    ]);
  }

  async check(timeoutMs = 2000): Promise<{ brokers: number }> {
    if (!this.admin) {
      this.admin = createKafka({
        brokers: this.config.KAFKA_BROKERS,
        clientId: `${this.info.name}-probe`,
        client: this.config.KAFKA_CLIENT,
        connectionTimeoutMs: timeoutMs,
        requestTimeoutMs: timeoutMs,
        retries: 0,
      }).admin();
    }
    const admin = this.admin;
    try {
      await withTimeout(admin.connect(), timeoutMs);
      return { brokers: await withTimeout(admin.brokerCount(), timeoutMs) };
    } catch (err) {
      // Drop the client so the next probe reconnects from scratch after a broker restart.
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
