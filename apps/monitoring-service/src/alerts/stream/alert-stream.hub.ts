import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertEventLog } from '../alert-event-log';
import type { MonitoringServiceConfig } from '../../config';
import { SSE_HEARTBEAT, sseEvent } from './sse-format';

export interface StreamClient {
  /** Last event id written to this client. */
  cursor: number;
  write(chunk: string): void;
}

const BATCH = 500;

/**
 * Feeds every open live stream from the alert-event log. Each client has its own cursor, so a resuming
 * client is replayed what it missed and a live one gets what is new, from the same reads; the log is
 * in commit order, so polling `seq > cursor` never skips an event.
 */
@Injectable()
export class AlertStreamHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertStreamHub.name);
  private readonly clients = new Set<StreamClient>();
  private poll: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: AlertEventLog,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poll = setInterval(() => this.tick(), this.config.ALERT_DELIVERY_POLL_MS);
    this.heartbeat = setInterval(() => this.clients.forEach((c) => c.write(SSE_HEARTBEAT)), this.config.SSE_HEARTBEAT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.running;
  }

  /** Adds a client; with no resume point it starts at the newest event (live only). */
  async add(client: Omit<StreamClient, 'cursor'>, resumeAfter: number | undefined): Promise<StreamClient> {
    const entry: StreamClient = { ...client, cursor: resumeAfter ?? (await this.log.latestSeq(this.dataSource.manager)) };
    this.clients.add(entry);
    this.tick();
    return entry;
  }

  remove(client: StreamClient): void {
    this.clients.delete(client);
  }

  get size(): number {
    return this.clients.size;
  }

  private tick(): void {
    if (this.running || this.clients.size === 0) return;
    this.running = this.push()
      .catch((err) => this.logger.error(`live stream read failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }

  private async push(): Promise<void> {
    for (;;) {
      if (this.clients.size === 0) return;
      const from = Math.min(...[...this.clients].map((c) => c.cursor));
      const events = await this.log.since(this.dataSource.manager, from, BATCH);
      for (const e of events) {
        for (const c of this.clients) {
          if (e.seq <= c.cursor) continue;
          c.write(sseEvent(e.seq, 'alert', e.alert));
          c.cursor = e.seq;
        }
      }
      if (events.length < BATCH) return;
    }
  }
}
