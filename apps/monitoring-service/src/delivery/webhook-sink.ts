import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LoggedAlertEvent } from '../alerts/alert-event-log';
import { type AlertSink, AlertSinks } from '../alerts/alert-sink';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { matchesFilter } from './subscription-filter';
import { SubscriptionRepository } from './subscription.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/**
 * The webhook channel's sink: queues a delivery of each logged alert change to every subscription whose filter
 * it matches, in the transaction that made the change. Changes of a silenced alert get no delivery.
 */
@Injectable()
export class WebhookSink implements AlertSink {
  constructor(
    sinks: AlertSinks,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly catalogue: IndicatorStoreService,
  ) {
    sinks.register(this);
  }

  async accept(manager: EntityManager, events: readonly LoggedAlertEvent[]): Promise<void> {
    const subscriptions = await this.subscriptions.filters(manager);
    if (subscriptions.length === 0) return;
    const deliveries: [string, string, number][] = [];
    for (const e of events) {
      // A silenced alert is recorded, streamed and published, but nobody is notified (Alertmanager's silences).
      if (e.alert.silencedBy) continue;
      const domain = this.catalogue.find(e.alert.indicatorCode)?.domain ?? '';
      const matchable = { ...e.alert, domain };
      for (const s of subscriptions) if (matchesFilter(s.filter, matchable)) deliveries.push([randomUUID(), s.id, e.seq]);
    }
    await this.deliveries.enqueue(manager, deliveries);
  }
}
