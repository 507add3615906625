import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { FactsModule } from '../facts/facts.module';
import { BatchProcessor } from './batch-processor.service';
import { ConsumptionService } from './consumption.service';

@Module({
  imports: [CatalogueModule, FactsModule, AssessmentModule],
  providers: [BatchProcessor, ConsumptionService],
  exports: [BatchProcessor, ConsumptionService],
})
export class ConsumptionModule {}
