import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { ArrivalRepository } from './arrival.repository';
import { CompletenessController } from './completeness.controller';
import { CompletenessService } from './completeness.service';
import { LateDatasetCheckJob } from './late-dataset-check.job';

/** Completeness and timeliness: dataset arrivals, `/v1/completeness`, and the late_dataset alerts. */
@Module({
  imports: [IndicatorStoreModule, AssessmentModule, AlertsModule],
  controllers: [CompletenessController],
  providers: [ArrivalRepository, CompletenessService, LateDatasetCheckJob],
  exports: [CompletenessService],
})
export class CompletenessModule {}
