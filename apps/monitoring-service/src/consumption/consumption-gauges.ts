import { Injectable, type OnModuleInit } from '@nestjs/common';
import { registerCollectedGauge } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { ConsumptionService } from './consumption.service';
import { RequestProgressRepository } from './request-progress.repository';

/** The consumer's gauges, read at scrape time: incomplete requests and dead letters. */
@Injectable()
export class ConsumptionGauges implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumption: ConsumptionService,
    private readonly progress: RequestProgressRepository,
  ) {}

  onModuleInit(): void {
    registerCollectedGauge(
      'wdp_monitoring_requests_incomplete',
      'Accepted requests (wdpbatch) with some events applied and others not yet: their indicators’ alert decisions wait.',
      [],
      async () => [{ value: await this.progress.incompleteCount(this.dataSource) }],
    );
    registerCollectedGauge('wdp_monitoring_dead_lettered_messages', 'Messages this consumer sent to a dead-letter topic since it started.', [], async () => [
      { value: this.consumption.stats()?.deadLettered ?? 0 },
    ]);
  }
}
