import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertQueueRepository } from '../alerts/decision/alert-queue.repository';
import { AssessmentService } from '../assessment/assessment.service';
import type { MonitoringServiceConfig } from '../config';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { ApprovalBlocks } from './approval-blocks';
import { touchedByCells } from './approval-cells';

/**
 * Violations open and close with the validation run and with overrides, without any event: at the validation
 * run's cadence (VALIDATION_RUN_INTERVAL_MS) every approved cell is re-decided, and a cell that became blocked or
 * free is queued for the settler, which recomputes its pairs from the cell's year.
 */
@Injectable()
export class ApprovalBlockJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApprovalBlockJob.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly blocks: ApprovalBlocks,
    private readonly assessment: AssessmentService,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly alertQueue: AlertQueueRepository,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.VALIDATION_RUN_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Re-decides every approved cell and queues the pairs of those that changed; the number that changed. */
  async recheck(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await this.catalogue.refresh(manager);
      const changed = await this.blocks.refresh(manager);
      const index = this.catalogue.index();
      const touched = touchedByCells(changed, (department, kind) => index.inputsForRecordKind(department, kind), this.areas.assessedAreas().map((a) => a.code));
      await this.alertQueue.enqueue(manager, this.assessment.pairsAffectedBy(touched.inputs, touched.returns));
      return changed.length;
    });
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.recheck()
      .then((n) => {
        if (n) this.logger.log(`approval blocks: ${n} approved cells became blocked or free`);
      })
      .catch((err) => this.logger.error(`approval block check failed: ${(err as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}
