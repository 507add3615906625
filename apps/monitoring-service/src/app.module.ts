import { DynamicModule, Module } from '@nestjs/common';
import type { IngestionOptions } from '@wdp/ingestion';
import { ingestionMigrations } from '@wdp/ingestion';
import { OutboxRelayModule, PlatformModule, type RelayOverride } from '@wdp/platform';
import { AdminModule } from './admin/admin.module';
import { AlertsModule } from './alerts/alerts.module';
import { AlertDecisionModule } from './alerts/decision/alert-decision.module';
import { AssessmentModule } from './assessment/assessment.module';
import { IndicatorStoreModule } from './indicator-store/indicator-store.module';
import type { MonitoringServiceConfig } from './config';
import { CompletenessModule } from './completeness/completeness.module';
import { ConsumptionModule } from './consumption/consumption.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { monitoringMigrations } from './database/migrations';
import { MonitoringMetricsModule } from './metrics/metrics.module';
import { PlanAssessmentsModule } from './plan-assessments/plan-assessments.module';
import { PlansModule } from './plans/plans.module';
import { QueryModule } from './query/query.module';
import { ReportsModule } from './reports/reports.module';
import { SdmxModule } from './sdmx/sdmx.module';
import { SERVICE_INFO } from './service-info';
import { SilencesModule } from './silences/silences.module';
import { StatisticsIngestionModule } from './statistics/statistics-ingestion.module';
import { StreamModule } from './alerts/stream/stream.module';
import { DeliveryModule } from './delivery/delivery.module';
import { ValidationModule } from './validation/validation.module';

@Module({})
export class AppModule {
  static forRoot(config: MonitoringServiceConfig, { relay, ...ingestionOverrides }: Partial<IngestionOptions> & RelayOverride = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ info: SERVICE_INFO, config, migrations: [...monitoringMigrations, ...ingestionMigrations], entities: [] }),
        StatisticsIngestionModule.forRoot(config, ingestionOverrides),
        // Publishes monitoring's outbox: the statistics bureau's returns and the alert events.
        OutboxRelayModule.forService({ topic: StatisticsIngestionModule.topicOf(ingestionOverrides), enabled: relay ?? config.MESSAGING_ENABLED }),
        IndicatorStoreModule,
        AssessmentModule,
        AlertsModule,
        AlertDecisionModule,
        ConsumptionModule,
        QueryModule,
        AdminModule,
        PlansModule,
        PlanAssessmentsModule,
        DashboardModule,
        DeliveryModule,
        SilencesModule,
        StreamModule,
        ReportsModule,
        SdmxModule,
        CompletenessModule,
        MonitoringMetricsModule,
        ValidationModule,
      ],
    };
  }
}
