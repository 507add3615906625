import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SeriesTransitions } from './assess-area';
import type { MissingDataDecision } from './submission';

/** One indicator × area pair just assessed: how each series' status changed, and which sexes are still assessed. */
export interface AssessedPair {
  indicatorCode: string;
  areaCode: string;
  transitions: readonly SeriesTransitions[];
  assessedSexes: ReadonlySet<string>;
}

/** What one assessment hands on, in the transaction that stored it. */
export interface AssessmentOutcome {
  /** In the order they were assessed. */
  assessed: readonly AssessedPair[];
  /** The missing-data verdicts at the district (`districtCode`). */
  missingData: readonly MissingDataDecision[];
  districtCode: string;
  /** True when ALERT_AREAS narrows where warnings are raised (a recompute); false for the periodic submission check. */
  scoped: boolean;
}

/** Takes an assessment's outcome inside its transaction (the alerts' lock is held) and reports the alerts it raised and resolved. */
export interface AssessmentSink {
  accept(manager: EntityManager, outcome: AssessmentOutcome, now: Date): Promise<{ raised: number; resolved: number }>;
}

/**
 * Where assessments hand their status changes on. assessment/ knows nothing of alerts: the alert decision
 * (alerts/decision) registers itself here when the application starts, so alerts depend on assessments and
 * never the other way round.
 */
@Injectable()
export class AssessmentOutcomes {
  private sink: AssessmentSink | null = null;

  register(sink: AssessmentSink): void {
    if (this.sink) throw new Error('an assessment sink is already registered');
    this.sink = sink;
  }

  hand(manager: EntityManager, outcome: AssessmentOutcome, now: Date): Promise<{ raised: number; resolved: number }> {
    // Assessing without deciding alerts would silently lose warnings: a missing sink is a wiring error.
    if (!this.sink) throw new Error('no assessment sink registered (the alert decision module is missing)');
    return this.sink.accept(manager, outcome, now);
  }
}
