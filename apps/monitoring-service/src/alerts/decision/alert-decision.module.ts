import { Module } from '@nestjs/common';
import { AssessmentModule } from '../../assessment/assessment.module';
import { AlertsModule } from '../alerts.module';
import { AlertDecider } from './alert-decider';
import { AlertHoldRelease } from './alert-hold-release';
import { AlertQueueRepository } from './alert-queue.repository';
import { AlertSettler } from './alert-settler';

/** The alert decision: the settler's queue and timer, hold releases, and the sink assessments hand their changes to. */
@Module({
  imports: [AssessmentModule, AlertsModule],
  providers: [AlertQueueRepository, AlertSettler, AlertHoldRelease, AlertDecider],
  exports: [AlertQueueRepository, AlertSettler, AlertHoldRelease],
})
export class AlertDecisionModule {}
