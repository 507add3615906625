import { Module } from '@nestjs/common';
import { AreaService } from './area.service';
import { CatalogueRepository } from './catalogue.repository';
import { CatalogueService } from './catalogue.service';

@Module({
  providers: [CatalogueRepository, CatalogueService, AreaService],
  exports: [CatalogueRepository, CatalogueService, AreaService],
})
export class CatalogueModule {}
