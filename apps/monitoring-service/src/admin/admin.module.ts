import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CompletenessModule } from '../completeness/completeness.module';
import { PlansModule } from '../plans/plans.module';
import { QueryModule } from '../query/query.module';
import { AdminController } from './admin.controller';
import { IndicatorTargetsController } from './indicator-targets.controller';

/** The administrator's writes: recomputation, the submission and late-dataset checks and indicator targets (admin scope). */
@Module({
  imports: [AssessmentModule, CompletenessModule, QueryModule, PlansModule],
  controllers: [AdminController, IndicatorTargetsController],
})
export class AdminModule {}
