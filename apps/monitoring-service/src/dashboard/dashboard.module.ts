import { Module } from '@nestjs/common';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { DashboardController } from './dashboard.controller';
import { DashboardReferenceService } from './dashboard-reference.service';

/** Serves the monitoring dashboard at /dashboard (see public/; no build step). */
@Module({
  imports: [IndicatorStoreModule],
  controllers: [DashboardController],
  providers: [DashboardReferenceService],
})
export class DashboardModule {}
