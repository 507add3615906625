import { Module } from '@nestjs/common';
import { AnyScopeGuard } from '../auth/scope-access';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { SilencesModule } from '../silences/silences.module';
import { AlertEventLog } from './alert-event-log';
import { AlertHoldRepository } from './alert-hold.repository';
import { AlertLifecycleController } from './alert-lifecycle.controller';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertQueryService } from './alert-query.service';
import { AlertSinks } from './alert-sink';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';
import { AlertsController } from './alerts.controller';

@Module({
  imports: [IndicatorStoreModule, SilencesModule],
  controllers: [AlertsController, AlertLifecycleController],
  providers: [AlertRepository, AlertHoldRepository, AlertService, AlertEventLog, AlertSinks, AlertLifecycleService, AlertQueryService, AnyScopeGuard],
  exports: [AlertRepository, AlertHoldRepository, AlertService, AlertEventLog, AlertSinks, AnyScopeGuard],
})
export class AlertsModule {}
