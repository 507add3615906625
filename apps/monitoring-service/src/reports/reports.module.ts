import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CompletenessModule } from '../completeness/completeness.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { PlansModule } from '../plans/plans.module';
import { PlanReportsController } from './plan-reports.controller';
import { PdfRenderer } from './render-pdf';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [IndicatorStoreModule, AlertsModule, CompletenessModule, PlansModule],
  controllers: [ReportsController, PlanReportsController],
  providers: [ReportRepository, ReportService, PdfRenderer],
})
export class ReportsModule {}
