import { DynamicModule, Module } from '@nestjs/common';
import type { IngestionOptions } from '@wdp/ingestion';
import { ingestionMigrations } from '@wdp/ingestion';
import { PlatformModule } from '@wdp/platform';
import { AdminModule } from './admin/admin.module';
import { AlertsModule } from './alerts/alerts.module';
import { AlertDecisionModule } from './alerts/decision/alert-decision.module';
import { AssessmentModule } from './assessment/assessment.module';
import { StatisticsIngestionModule } from './auth/statistics-ingestion.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import type { MonitoringServiceConfig } from './config';
import { ConsumptionModule } from './consumption/consumption.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { monitoringMigrations } from './database/migrations';
import { MonitoringMetricsModule } from './metrics/metrics.module';
import { QueryModule } from './query/query.module';
import { ReportsModule } from './reports/reports.module';
import { SERVICE_INFO } from './service-info';
import { SilencesModule } from './silences/silences.module';
import { StreamModule } from './alerts/stream/stream.module';
import { DeliveryModule } from './delivery/delivery.module';

@Module({})
export class AppModule {
  static forRoot(config: MonitoringServiceConfig, ingestionOverrides: Partial<IngestionOptions> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...monitoringMigrations, ...ingestionMigrations], entities: [] }),
        StatisticsIngestionModule.forRoot(config, ingestionOverrides),
        CatalogueModule,
        AssessmentModule,
        AlertsModule,
        AlertDecisionModule,
        ConsumptionModule,
        QueryModule,
        AdminModule,
        DashboardModule,
        DeliveryModule,
        SilencesModule,
        StreamModule,
        ReportsModule,
        MonitoringMetricsModule,
      ],
    };
  }
}
