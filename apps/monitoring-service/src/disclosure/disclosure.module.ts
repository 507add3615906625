import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DisclosureService } from './disclosure.service';

@Module({
  imports: [CatalogueModule],
  providers: [DisclosureService],
  exports: [DisclosureService],
})
export class DisclosureModule {}
