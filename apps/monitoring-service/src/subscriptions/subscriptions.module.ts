import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsController } from './subscriptions.controller';

@Module({
  imports: [AlertsModule, WebhooksModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionRepository],
})
export class SubscriptionsModule {}
