import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { AlertsModule } from '../alerts/alerts.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import type { MonitoringServiceConfig } from '../config';
import { SECRET_BOX, secretBoxFrom } from './secret-key';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionService } from './subscription.service';
import { SubscriptionsController } from './subscriptions.controller';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSink } from './webhook-sink';
import { WebhookTargets } from './webhook-targets';

/**
 * Alert delivery: webhook subscriptions, the sink that queues a delivery of each matching alert change (registered
 * with alerts/' AlertSinks), and the dispatcher that posts them, signed, to vetted addresses.
 */
@Module({
  imports: [AlertsModule, IndicatorStoreModule],
  controllers: [SubscriptionsController],
  providers: [
    { provide: SECRET_BOX, inject: [SERVICE_CONFIG], useFactory: (config: MonitoringServiceConfig) => secretBoxFrom(config) },
    SubscriptionRepository,
    SubscriptionService,
    WebhookDeliveryRepository,
    WebhookDispatcher,
    WebhookSink,
    WebhookTargets,
  ],
  exports: [SECRET_BOX, WebhookDeliveryRepository, WebhookDispatcher, WebhookTargets],
})
export class DeliveryModule {}
