import { Module } from '@nestjs/common';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { DisclosureService } from './disclosure.service';

@Module({
  imports: [IndicatorStoreModule],
  providers: [DisclosureService],
  exports: [DisclosureService],
})
export class DisclosureModule {}
