import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import type { FieldChange } from '../indicator-store/seed-plan';
import type { TargetValues } from '../indicator-store/stored-indicator';
import { AssessmentService, type RecomputeSummary } from './assessment.service';

export interface TargetChangeResult {
  changes: FieldChange[];
  recompute: RecomputeSummary | null;
}

/**
 * An administrator's change of a target or baseline: audited, and the indicator re-assessed in every
 * area in the same transaction, so alerts follow the new target at once.
 */
@Injectable()
export class TargetChangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly assessment: AssessmentService,
  ) {}

  async change(code: string, patch: Partial<TargetValues>, changedBy: string, reason: string | null): Promise<TargetChangeResult> {
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lock(manager);
      const changes = await this.catalogue.changeTargets(manager, code, patch, changedBy, reason);
      if (changes.length === 0) return { changes, recompute: null };
      const pairs = this.areas.assessedAreas().map((a) => ({ indicatorCode: code, areaCode: a.code }));
      return { changes, recompute: await this.assessment.recompute(manager, pairs) };
    });
  }
}
