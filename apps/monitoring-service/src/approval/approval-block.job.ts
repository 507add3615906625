import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertQueueRepository } from '../alerts/decision/alert-queue.repository';
import { AssessmentService } from '../assessment/assessment.service';
import type { MonitoringServiceConfig } from '../config';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { PeriodicJob } from '../periodic-job';
import { ApprovalBlocks } from './approval-blocks';
import { touchedByCells } from './approval-cells';

/**
 * Violations open and close with the validation run and with overrides, without any event: at the validation
 * run's cadence (VALIDATION_RUN_INTERVAL_MS) every approved cell is re-decided, and a cell that became blocked or
 * free is queued for the settler, which recomputes its pairs from the cell's year.
 */
@Injectable()
export class ApprovalBlockJob extends PeriodicJob {
  protected readonly task = 'approval block check';

  constructor(
    private readonly dataSource: DataSource,
    private readonly blocks: ApprovalBlocks,
    private readonly assessment: AssessmentService,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly alertQueue: AlertQueueRepository,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.VALIDATION_RUN_INTERVAL_MS;
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

  protected async runOnce(): Promise<string | undefined> {
    const n = await this.recheck();
    return n ? `approval blocks: ${n} approved cells became blocked or free` : undefined;
  }
}
