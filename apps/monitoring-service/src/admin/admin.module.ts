import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { PlansModule } from '../plans/plans.module';
import { QueryModule } from '../query/query.module';
import { AdminController } from './admin.controller';
import { IndicatorTargetsController } from './indicator-targets.controller';

/** The administrator's writes: recomputation, the submission check and indicator targets (admin scope). */
@Module({
  imports: [AssessmentModule, QueryModule, PlansModule],
  controllers: [AdminController, IndicatorTargetsController],
})
export class AdminModule {}
