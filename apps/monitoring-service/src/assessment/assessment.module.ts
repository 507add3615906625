import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { FactsModule } from '../facts/facts.module';
import { AlertHoldRelease } from './alert-hold-release';
import { AlertQueueRepository } from './alert-queue.repository';
import { AlertSettler } from './alert-settler';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentService } from './assessment.service';
import { CatalogueChangeRecompute } from './catalogue-change.recompute';
import { CLOCK, systemClock } from './clock';
import { SubmissionCheckJob } from './submission-check.job';
import { TargetChangeService } from './target-change.service';

@Module({
  imports: [CatalogueModule, FactsModule, AlertsModule],
  providers: [AssessmentRepository, AlertQueueRepository, AlertSettler, AlertHoldRelease, AssessmentService, SubmissionCheckJob, TargetChangeService, CatalogueChangeRecompute, { provide: CLOCK, useValue: systemClock }],
  exports: [AssessmentRepository, AlertQueueRepository, AlertSettler, AlertHoldRelease, AssessmentService, TargetChangeService],
})
export class AssessmentModule {}
