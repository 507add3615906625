import { Module, type OnModuleInit } from '@nestjs/common';
import { ReturnService } from '@wdp/ingestion';
import { CLOCK, systemClock } from '../assessment/clock';
import { FactsModule } from '../facts/facts.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { ValidationRunJob } from './validation-run.job';
import { ValidationController } from './validation.controller';
import { ValidationRepository } from './validation.repository';
import { ValidationService } from './validation.service';
import { ViolationChanges } from './violation-changes';

/**
 * Validation rules across datasets. Exports ValidationService, whose `blockingViolations(cell)` approval asks
 * before it approves a cell, and ViolationChanges, where approval registers to re-decide the cells changed
 * violations concern.
 */
@Module({
  imports: [FactsModule, IndicatorStoreModule],
  controllers: [ValidationController],
  providers: [ValidationRepository, ValidationService, ValidationRunJob, ViolationChanges, { provide: CLOCK, useValue: systemClock }],
  exports: [ValidationService, ValidationRunJob, ViolationChanges],
})
export class ValidationModule implements OnModuleInit {
  constructor(
    private readonly returns: ReturnService,
    private readonly validation: ValidationService,
  ) {}

  /** The statistics bureau's returns, filed with this service, are checked against the rules before they are written. */
  onModuleInit(): void {
    this.returns.checkReturnsWith(this.validation);
  }
}
