import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../assessment/clock';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { SilenceRepository } from './silence.repository';
import { SilencesController } from './silences.controller';

@Module({
  imports: [IndicatorStoreModule],
  controllers: [SilencesController],
  providers: [SilenceRepository, { provide: CLOCK, useValue: systemClock }],
  exports: [SilenceRepository],
})
export class SilencesModule {}
