import { Module } from '@nestjs/common';
import { MonitoringGauges } from './monitoring-gauges';

@Module({ providers: [MonitoringGauges] })
export class MonitoringMetricsModule {}
