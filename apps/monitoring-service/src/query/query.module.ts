import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { DemoReaderKey } from '../auth/demo-reader-key';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { SubYearValuesService } from '../evaluation/sub-year-values.service';
import { FactsModule } from '../facts/facts.module';
import { AssessmentsController } from './assessments.controller';
import { IndicatorsController } from './indicators.controller';
import { QueryService } from './query.service';
import { ValuesController } from './values.controller';

@Module({
  imports: [IndicatorStoreModule, FactsModule, AssessmentModule, DisclosureModule],
  controllers: [IndicatorsController, ValuesController, AssessmentsController],
  providers: [QueryService, SubYearValuesService, DemoReaderKey],
  exports: [QueryService],
})
export class QueryModule {}
