import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import type { MonitoringServiceConfig } from '../config';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { SECRET_BOX, secretBoxFrom } from './secret-key';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSink } from './webhook-sink';
import { WebhookTargets } from './webhook-targets';

@Module({
  imports: [AlertsModule, CatalogueModule],
  providers: [
    { provide: SECRET_BOX, inject: [SERVICE_CONFIG], useFactory: (config: MonitoringServiceConfig) => secretBoxFrom(config) },
    WebhookDeliveryRepository,
    SubscriptionRepository,
    WebhookDispatcher,
    WebhookSink,
    WebhookTargets,
  ],
  exports: [SECRET_BOX, WebhookDeliveryRepository, WebhookDispatcher, WebhookTargets],
})
export class WebhooksModule {}
