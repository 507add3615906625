import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Admin, Kafka, logLevel } from 'kafkajs';
import type { ServiceConfig } from '@wdp/config';
import { SERVICE_CONFIG, SERVICE_INFO, ServiceInfo } from '../tokens';

/** Answers whether the Kafka cluster is reachable, for /health/ready. */
@Injectable()
export class KafkaProbe implements OnModuleDestroy {
  private admin?: Admin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  async check(timeoutMs = 2000): Promise<{ brokers: number }> {
    if (!this.admin) {
      const kafka = new Kafka({
        clientId: `${this.info.name}-probe`,
        brokers: this.config.KAFKA_BROKERS.split(','),
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      });
      this.admin = kafka.admin();
    }
    const admin = this.admin;
    try {
      await withTimeout(admin.connect(), timeoutMs);
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs);
      return { brokers: cluster.brokers.length };
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
