import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { MessagingLogger } from './logger';

/** Connection settings for a dedicated pg client, taken from a TypeORM postgres DataSource. */
export function pgConfigFromDataSource(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as {
    type: string; url?: string; host?: string; port?: number; username?: string; password?: string | (() => string | Promise<string>);
    database?: string; ssl?: ClientConfig['ssl'];
  };
  if (o.type !== 'postgres') throw new Error(`messaging needs a postgres DataSource, got ${o.type}`);
  return {
    ...(o.url ? { connectionString: o.url } : {}),
    ...(o.host ? { host: o.host } : {}),
    ...(o.port ? { port: o.port } : {}),
    ...(o.username ? { user: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.database ? { database: o.database } : {}),
    ...(o.ssl !== undefined ? { ssl: o.ssl } : {}),
    application_name: 'wdp-outbox-listener',
  };
}

/**
 * Holds one LISTEN connection open outside the pool and calls `onWake` for every notification, and also
 * after each (re)connect because notifications sent while disconnected are lost. Reconnects with a delay.
 */
export class PgListener {
  private client: Client | null = null;
  private stopped = true;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onWake: () => void,
    private readonly logger: MessagingLogger,
    private readonly reconnectDelayMs = 1_000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    const onLost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.logger.warn('outbox LISTEN connection lost; reconnecting', { error: err?.message });
        this.scheduleReconnect();
      }
    };
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.onWake();
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.quotedChannel()}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.onWake();
    } catch (err) {
      client.end().catch(() => undefined);
      this.logger.warn('outbox LISTEN connection failed; relying on polling until it is back', { error: (err as Error).message });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect() {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.connect();
    }, this.reconnectDelayMs);
    // Never the reason a process stays alive: the relay's own loop and stop() govern its lifetime.
    this.reconnectTimer.unref();
  }

  private quotedChannel(): string {
    return `"${this.channel.replace(/"/g, '""')}"`;
  }
}
