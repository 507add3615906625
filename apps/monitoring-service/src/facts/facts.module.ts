import { Module } from '@nestjs/common';
import { FactRepository } from './fact.repository';
import { ObservationRepository } from './observation.repository';

@Module({
  providers: [FactRepository, ObservationRepository],
  exports: [FactRepository, ObservationRepository],
})
export class FactsModule {}
