import { Module } from '@nestjs/common';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { FactsModule } from '../facts/facts.module';
import { AssessmentOutcomes } from './assessment-outcomes';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentService } from './assessment.service';
import { CatalogueChangeRecompute } from './catalogue-change.recompute';
import { CLOCK, systemClock } from './clock';
import { SubmissionCheckJob } from './submission-check.job';
import { TargetChangeService } from './target-change.service';

@Module({
  imports: [IndicatorStoreModule, FactsModule],
  providers: [AssessmentRepository, AssessmentOutcomes, AssessmentService, SubmissionCheckJob, TargetChangeService, CatalogueChangeRecompute, { provide: CLOCK, useValue: systemClock }],
  exports: [AssessmentRepository, AssessmentOutcomes, AssessmentService, TargetChangeService, CLOCK],
})
export class AssessmentModule {}
