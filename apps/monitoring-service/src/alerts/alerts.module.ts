import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { AnyScopeGuard } from './alert-access';
import { AlertEventLog } from './alert-event-log';
import { SilenceRepository } from '../silences/silence.repository';
import { AlertHoldRepository } from './alert-hold.repository';
import { AlertLifecycleController } from './alert-lifecycle.controller';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';

@Module({
  imports: [CatalogueModule],
  controllers: [AlertLifecycleController],
  providers: [AlertRepository, AlertHoldRepository, SilenceRepository, AlertService, AlertEventLog, AlertLifecycleService, SubscriptionRepository, AnyScopeGuard],
  exports: [AlertRepository, AlertHoldRepository, SilenceRepository, AlertService, AlertEventLog, AnyScopeGuard],
})
export class AlertsModule {}
