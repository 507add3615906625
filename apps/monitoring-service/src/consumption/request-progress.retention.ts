import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestProgressRepository } from './request-progress.repository';

/** Completed requests are kept an hour, for looking into a recent load; their events cannot count again. */
const COMPLETED_REQUEST_RETENTION_MS = 3_600_000;
/**
 * A request still incomplete after the topics' retention (7 days) will not complete: the rest of its events
 * are gone (dead-lettered or expired).
 */
const INCOMPLETE_REQUEST_RETENTION_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 600_000;

/** Keeps `request_progress` small: the settler reads its incomplete rows every tick. */
@Injectable()
export class RequestProgressRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RequestProgressRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly progress: RequestProgressRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune(), PRUNE_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<number> {
    try {
      const n = await this.progress.prune(this.dataSource, COMPLETED_REQUEST_RETENTION_MS, INCOMPLETE_REQUEST_RETENTION_MS);
      if (n) this.logger.log(`forgot ${n} request progress rows`);
      return n;
    } catch (err) {
      this.logger.warn(`request progress pruning failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
