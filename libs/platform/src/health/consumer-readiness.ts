import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';

/** What a consumer reports about itself (InboxConsumer.health() in @wdp/messaging has this shape). */
export interface ConsumerHealthReport {
  /** The consumer group. */
  name: string;
  member: boolean;
  ready: boolean;
  reason?: string;
  assignedPartitions: number;
  restarts: number;
}

/**
 * The service's Kafka consumers, for /health/ready and the consumer metrics. A consumer that is out of its
 * group (past its grace) or stalled makes the service not ready: consumer lag alone reads 0 when nothing is
 * consumed at all.
 */
@Injectable()
export class ConsumerReadiness implements OnModuleInit {
  private readonly sources = new Map<string, () => ConsumerHealthReport>();

  /** `read` is called at every readiness probe and scrape; the latest registration for a group wins. */
  track(group: string, read: () => ConsumerHealthReport): void {
    this.sources.set(group, read);
  }

  untrack(group: string): void {
    this.sources.delete(group);
  }

  reports(): ConsumerHealthReport[] {
    return [...this.sources.values()].map((read) => read());
  }

  onModuleInit(): void {
    // The latest app instance in a process (tests start several) owns the metrics, as with registerCollectedGauge.
    const reports = () => this.reports();
    for (const name of ['wdp_consumer_member', 'wdp_consumer_restarts_total']) {
      if (register.getSingleMetric(name)) register.removeSingleMetric(name);
    }
    new Gauge({
      name: 'wdp_consumer_member',
      help: 'Whether the consumer is a member of its group now (1) or not (0: joining, rebalancing, crashed, restarting).',
      labelNames: ['group'],
      collect() {
        this.reset();
        for (const r of reports()) this.set({ group: r.name }, r.member ? 1 : 0);
      },
    });
    new Counter({
      name: 'wdp_consumer_restarts_total',
      help: 'Times the consumer was restarted after a crash or a failed join, since the process started.',
      labelNames: ['group'],
      collect() {
        this.reset();
        for (const r of reports()) this.inc({ group: r.name }, r.restarts);
      },
    });
  }
}
