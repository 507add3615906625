import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '../assessment/clock';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SilenceRepository } from './silence.repository';
import { SilencesController } from './silences.controller';

@Module({
  imports: [CatalogueModule],
  controllers: [SilencesController],
  providers: [SilenceRepository, { provide: CLOCK, useValue: systemClock }],
  exports: [SilenceRepository],
})
export class SilencesModule {}
