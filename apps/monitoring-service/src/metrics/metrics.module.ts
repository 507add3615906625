import { Module } from '@nestjs/common';
import { ConsumptionModule } from '../consumption/consumption.module';
import { MonitoringGauges } from './monitoring-gauges';

@Module({ imports: [ConsumptionModule], providers: [MonitoringGauges] })
export class MonitoringMetricsModule {}
