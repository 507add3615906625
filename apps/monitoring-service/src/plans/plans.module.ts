import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { PlanAdminController } from './plan-admin.controller';
import { PlanBodyParsers } from './plan-body';
import { PlanImportService } from './plan-import.service';
import { PlanRegistryRepository } from './plan-registry.repository';
import { PlanRegistryService } from './plan-registry.service';
import { PlansController } from './plans.controller';

/**
 * The plan registry: plans as versioned documents (libs/plans), seeded at start, imported and exported by the
 * administrator, read by everyone with the read scope. PlanRegistryService is what other parts build on.
 */
@Module({
  imports: [IndicatorStoreModule, AssessmentModule],
  controllers: [PlansController, PlanAdminController],
  providers: [PlanRegistryRepository, PlanRegistryService, PlanImportService, PlanBodyParsers],
  exports: [PlanRegistryService, PlanImportService],
})
export class PlansModule {}
