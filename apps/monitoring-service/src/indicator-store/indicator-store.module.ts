import { Module } from '@nestjs/common';
import { AreaService } from './area.service';
import { IndicatorStoreRepository } from './indicator-store.repository';
import { IndicatorStoreService } from './indicator-store.service';

// The service's stored copy of the catalogue (@wdp/indicators holds the definitions; here they are seeded,
// carry the targets an administrator set and are indexed for the consumer), with the areas they are assessed in.
@Module({
  providers: [IndicatorStoreRepository, IndicatorStoreService, AreaService],
  exports: [IndicatorStoreRepository, IndicatorStoreService, AreaService],
})
export class IndicatorStoreModule {}
