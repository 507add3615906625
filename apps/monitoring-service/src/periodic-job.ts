import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A task repeated on a timer from start to shutdown. A tick that finds the previous run still going is skipped
 * rather than queued, so a slow run never piles up behind itself; shutdown waits for the run in progress, so no
 * transaction is cut off as the pool closes. An interval of 0 turns the timer off (tests call the task directly).
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  /** Names the task in the line logged when a run fails. */
  protected abstract readonly task: string;

  /** Milliseconds between runs; 0 for never. */
  protected abstract intervalMs(): number;

  /** One run; a line for the log saying what it changed, or undefined when it changed nothing. */
  protected abstract runOnce(): Promise<string | undefined>;

  onApplicationBootstrap(): void {
    const every = this.intervalMs();
    if (every > 0) this.timer = setInterval(() => this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .then((line) => {
        if (line) this.logger.log(line);
      })
      .catch((err) => this.logger.error(`${this.task} failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
