import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { PlansModule } from '../plans/plans.module';
import { PlanAssessmentService } from './plan-assessment.service';
import { PlanAssessmentsController } from './plan-assessments.controller';

/** Every plan's targets assessed as of an evaluation year, and one indicator under every plan side by side. */
@Module({
  imports: [PlansModule, AssessmentModule, IndicatorStoreModule],
  controllers: [PlanAssessmentsController],
  providers: [PlanAssessmentService],
})
export class PlanAssessmentsModule {}
