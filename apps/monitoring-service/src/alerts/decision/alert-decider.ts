import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { EntityManager } from 'typeorm';
import { type AssessmentOutcome, AssessmentOutcomes, type AssessmentSink } from '../../assessment/assessment-outcomes';
import type { MonitoringServiceConfig } from '../../config';
import { AlertService } from '../alert.service';
import { alertsInScope, missingDataTransition, orphanResolutions, slotTransitionsOf } from './alert-transitions';

/**
 * Turns what an assessment found into alert changes, in the assessment's transaction: each pair's raises and
 * resolutions, the resolutions of slots no longer assessed, then the missing-data verdicts; a recompute's raises
 * are narrowed to ALERT_AREAS. Registers itself as the assessments' sink.
 */
@Injectable()
export class AlertDecider implements AssessmentSink {
  constructor(
    outcomes: AssessmentOutcomes,
    private readonly alerts: AlertService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {
    outcomes.register(this);
  }

  async accept(manager: EntityManager, outcome: AssessmentOutcome, now: Date): Promise<{ raised: number; resolved: number }> {
    const transitions = outcome.assessed.flatMap((p) => [
      ...slotTransitionsOf(p.indicatorCode, p.areaCode, p.transitions),
      ...orphanResolutions(p.indicatorCode, p.areaCode, p.assessedSexes),
    ]);
    transitions.push(...outcome.missingData.map((d) => missingDataTransition(outcome.districtCode, d)));
    const changes = await this.alerts.apply(manager, outcome.scoped ? alertsInScope(transitions, this.config.ALERT_AREAS, outcome.districtCode) : transitions, now);
    return { raised: changes.raised, resolved: changes.resolved };
  }
}
