import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [CatalogueModule, AlertsModule],
  controllers: [ReportsController],
  providers: [ReportRepository, ReportService],
})
export class ReportsModule {}
