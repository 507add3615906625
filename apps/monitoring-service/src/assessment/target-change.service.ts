import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import type { FieldChange } from '../indicator-store/seed-plan';
import type { TargetValues } from '../indicator-store/stored-indicator';
import { AssessmentService, type RecomputeSummary } from './assessment.service';

/** Target values to write to one indicator. */
export interface IndicatorTargetPatch {
  code: string;
  patch: Partial<TargetValues>;
}

/**
 * A change of targets or baselines (an administrator's edit, a new version of the monitored plan): audited, and
 * the indicators re-assessed in every area in the caller's transaction, so alerts follow the new targets at once.
 */
@Injectable()
export class TargetChangeService {
  constructor(
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly assessment: AssessmentService,
  ) {}

  /** Several indicators' changes (a plan version changes many at once), re-assessed together: one recompute of every changed indicator in every area. */
  async applyWithin(
    manager: EntityManager,
    patches: readonly IndicatorTargetPatch[],
    changedBy: string,
    reason: string | null,
  ): Promise<{ changes: { code: string; changes: FieldChange[] }[]; recompute: RecomputeSummary | null }> {
    await this.assessment.lock(manager);
    const changes: { code: string; changes: FieldChange[] }[] = [];
    for (const { code, patch } of patches) {
      const changed = await this.catalogue.changeTargets(manager, code, patch, changedBy, reason);
      if (changed.length > 0) changes.push({ code, changes: changed });
    }
    if (changes.length === 0) return { changes, recompute: null };
    const pairs = changes.flatMap(({ code }) => this.areas.assessedAreas().map((a) => ({ indicatorCode: code, areaCode: a.code })));
    return { changes, recompute: await this.assessment.recompute(manager, pairs) };
  }
}
