import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { DashboardController } from './dashboard.controller';
import { DashboardReferenceService } from './dashboard-reference.service';

/** Serves the monitoring dashboard at /dashboard (see public/; no build step). */
@Module({
  imports: [CatalogueModule],
  controllers: [DashboardController],
  providers: [DashboardReferenceService],
})
export class DashboardModule {}
