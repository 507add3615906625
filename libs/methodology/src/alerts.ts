import { evidenceAtLeast } from './evidence';
import type { FluctuationResult } from './fluctuation';
import type { GapAssessment } from './gap';
import type { SubmissionCheck } from './missing-data';
import type { EvidenceLevel, ProgressAssessment } from './types';

/**
 * `late_dataset` is not an assessment's verdict: monitoring's completeness check raises it, one per dataset ×
 * area, when a due period's data has not arrived (apps/monitoring-service/src/completeness).
 */
export type AlertKind = 'acceleration_needed' | 'limited' | 'deteriorating' | 'fluctuating' | 'gap_widening' | 'missing_data' | 'late_dataset';

/** Every kind, in the fixed order results use. */
export const ALERT_KINDS: readonly AlertKind[] = Object.freeze([
  'acceleration_needed',
  'limited',
  'deteriorating',
  'fluctuating',
  'gap_widening',
  'missing_data',
  'late_dataset',
]);

const PROGRESS_KINDS: readonly AlertKind[] = ['acceleration_needed', 'limited', 'deteriorating'];

/** Whatever was assessed for one indicator × area × sex; absent parts neither raise nor resolve. */
export interface AlertInputs {
  readonly progress?: ProgressAssessment;
  readonly fluctuation?: FluctuationResult;
  readonly gap?: GapAssessment | null;
  readonly submission?: SubmissionCheck;
}

export interface AlertPolicy {
  /**
   * Progress alerts need at least this evidence (default 'moderate': 3 points over 2 years). Below it a
   * worrying status is held back rather than raised, so a 2020 baseline and one 2021 return cannot open
   * a "deteriorating" alert. A verdict in the target year is final and is never held back.
   */
  readonly minEvidence?: EvidenceLevel;
}

/** Kinds to open (or keep open) and kinds to close, for one indicator × area × sex. */
export interface AlertTransitions {
  readonly raise: readonly AlertKind[];
  readonly resolve: readonly AlertKind[];
}

export function alertTransitionsFor(inputs: AlertInputs, policy: AlertPolicy = {}): AlertTransitions {
  const raise = new Set<AlertKind>();
  const resolve = new Set<AlertKind>();
  const { progress, fluctuation, gap, submission } = inputs;

  if (progress) {
    const s = progress.status;
    if (s === 'achieved' || s === 'on_track') PROGRESS_KINDS.forEach((k) => resolve.add(k));
    if (s === 'acceleration_needed' || s === 'limited' || s === 'deteriorating') {
      const final = progress.reason === 'target_year_reached_not_met';
      if (final || evidenceAtLeast(progress.evidence.level, policy.minEvidence ?? 'moderate')) {
        raise.add(s);
        PROGRESS_KINDS.filter((k) => k !== s).forEach((k) => resolve.add(k));
      }
    }
    // insufficient_data, undetermined and insufficient_evidence say nothing new: open alerts stay as they are.
  }
  if (fluctuation) (fluctuation.fluctuating ? raise : resolve).add('fluctuating');
  if (gap && gap.trend !== 'insufficient_data') (gap.gapWidening ? raise : resolve).add('gap_widening');
  if (submission) (submission.overdue ? raise : resolve).add('missing_data');

  return { raise: ALERT_KINDS.filter((k) => raise.has(k)), resolve: ALERT_KINDS.filter((k) => resolve.has(k)) };
}

/** The alert kinds an assessment raises (see alertTransitionsFor for the ones it resolves). */
export function alertKindsFor(inputs: AlertInputs, policy: AlertPolicy = {}): AlertKind[] {
  return [...alertTransitionsFor(inputs, policy).raise];
}
