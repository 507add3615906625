import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoggedAlertEvent } from './alert-event-log';

/** Takes logged alert changes inside the transaction that made them: what it writes commits with them, or not at all. */
export interface AlertSink {
  accept(manager: EntityManager, events: readonly LoggedAlertEvent[]): Promise<void>;
}

/**
 * Where the alert-event log hands each change on. alerts/ knows no channel: a channel (the webhook deliveries
 * of delivery/) registers its sink here when the application starts, so channels depend on alerts and never
 * the other way round.
 */
@Injectable()
export class AlertSinks {
  private readonly sinks: AlertSink[] = [];

  register(sink: AlertSink): void {
    this.sinks.push(sink);
  }

  async fanOut(manager: EntityManager, events: readonly LoggedAlertEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const sink of this.sinks) await sink.accept(manager, events);
  }
}
