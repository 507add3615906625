import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { AnyScopeGuard } from './alert-access';
import { AlertEventLog } from './alert-event-log';
import { AlertSinks } from './alert-sink';
import { SilenceRepository } from '../silences/silence.repository';
import { AlertHoldRepository } from './alert-hold.repository';
import { AlertLifecycleController } from './alert-lifecycle.controller';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';

@Module({
  imports: [CatalogueModule],
  controllers: [AlertLifecycleController],
  providers: [AlertRepository, AlertHoldRepository, SilenceRepository, AlertService, AlertEventLog, AlertSinks, AlertLifecycleService, AnyScopeGuard],
  exports: [AlertRepository, AlertHoldRepository, SilenceRepository, AlertService, AlertEventLog, AlertSinks, AnyScopeGuard],
})
export class AlertsModule {}
