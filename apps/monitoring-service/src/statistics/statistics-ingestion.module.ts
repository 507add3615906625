import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadAreas, loadReferenceAreas, returnKindsOf, Topic } from '@wdp/contracts';
import { IngestionModule, type IngestionOptions } from '@wdp/ingestion';
import type { MonitoringServiceConfig } from '../config';

/**
 * The district statistics bureau files its returns (decision-making, rural revitalization, environment)
 * with the monitoring service through the same ingestion framework the departmental services use: the
 * same validation, API keys, scopes and problem details, and the same outbox → topic path, so the
 * consumer treats them exactly like any department's returns. Only the bureau may file returns for the areas
 * above the district (the city, the province, the country). Global so every feature module's
 * controllers can use its API-key guard. Its events wait in monitoring's outbox, which the app's
 * OutboxRelayModule publishes together with the alert events.
 */
@Global()
@Module({})
export class StatisticsIngestionModule {
  /** The topic the bureau's returns are published to (tests give their own). */
  static topicOf(overrides: Partial<IngestionOptions> = {}): string {
    return overrides.topic ?? Topic.StatisticsEvents;
  }

  static forRoot(config: MonitoringServiceConfig, overrides: Partial<IngestionOptions> = {}): DynamicModule {
    const ingestion = IngestionModule.forDepartment({
      department: 'statistics',
      topic: StatisticsIngestionModule.topicOf(overrides),
      returnKinds: returnKindsOf('statistics'),
      areasFile: config.AREAS_FILE,
      returnAreasAbove: loadReferenceAreas(config.REFERENCE_AREAS_FILE, loadAreas(config.AREAS_FILE)),
      ...overrides,
    });
    return { module: StatisticsIngestionModule, imports: [ingestion], exports: [ingestion] };
  }
}
