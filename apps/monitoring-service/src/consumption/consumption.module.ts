import { Module } from '@nestjs/common';
import { AlertDecisionModule } from '../alerts/decision/alert-decision.module';
import { ApprovalModule } from '../approval/approval.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { CompletenessModule } from '../completeness/completeness.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { FactsModule } from '../facts/facts.module';
import { ValidationModule } from '../validation/validation.module';
import { BatchProcessor } from './batch-processor.service';
import { ConsumptionGauges } from './consumption-gauges';
import { ConsumptionService } from './consumption.service';
import { RequestProgressRepository } from './request-progress.repository';
import { RequestProgressRetention } from './request-progress.retention';

@Module({
  imports: [IndicatorStoreModule, FactsModule, AssessmentModule, AlertDecisionModule, ApprovalModule, CompletenessModule, ValidationModule],
  providers: [BatchProcessor, ConsumptionService, RequestProgressRepository, RequestProgressRetention, ConsumptionGauges],
  exports: [BatchProcessor, ConsumptionService, RequestProgressRepository],
})
export class ConsumptionModule {}
