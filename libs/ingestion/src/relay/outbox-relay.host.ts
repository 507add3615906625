import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay, type MessagingLogger } from '@wdp/messaging';
import type { DataSource } from 'typeorm';

/** Runs the outbox relay inside the service: started once the app is up, stopped (gracefully) at shutdown. */
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, brokers: string, clientId: string) {
    const logger = new Logger('OutboxRelay');
    const log: MessagingLogger = {
      debug: (m, c) => logger.debug(withContext(m, c)),
      info: (m, c) => logger.log(withContext(m, c)),
      warn: (m, c) => logger.warn(withContext(m, c)),
      error: (m, c) => logger.error(withContext(m, c)),
    };
    this.relay = new OutboxRelay({ dataSource, brokers, clientId, logger: log });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

function withContext(message: string, context?: Record<string, unknown>): string {
  return context && Object.keys(context).length ? `${message} ${JSON.stringify(context)}` : message;
}
