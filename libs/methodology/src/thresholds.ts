import { InvalidSpecError } from './errors';
import type { DirectionalThresholds, ProgressStatus, RatioThresholds } from './types';

export const DEFAULT_RATIO_THRESHOLDS: RatioThresholds = Object.freeze({ onTrack: 0.95, accelerationNeeded: 0.6, limited: 0 });

export const DEFAULT_DIRECTIONAL_THRESHOLDS: DirectionalThresholds = Object.freeze({
  onTrack: 0.015,
  accelerationNeeded: 0.005,
  limited: 0,
});

type Ladder = RatioThresholds | DirectionalThresholds;
type GradedStatus = Extract<ProgressStatus, 'on_track' | 'acceleration_needed' | 'limited' | 'deteriorating'>;

export function resolveRatioThresholds(overrides?: Partial<RatioThresholds>): RatioThresholds {
  return checkLadder({ ...DEFAULT_RATIO_THRESHOLDS, ...overrides });
}

export function resolveDirectionalThresholds(overrides?: Partial<DirectionalThresholds>): DirectionalThresholds {
  return checkLadder({ ...DEFAULT_DIRECTIONAL_THRESHOLDS, ...overrides });
}

/** Grades a progress ratio R or a direction-signed CAGR against a threshold ladder (lower bounds inclusive). */
export function gradeProgress(value: number, ladder: Ladder): GradedStatus {
  // NaN would fail every comparison and silently read as deteriorating.
  if (Number.isNaN(value)) throw new RangeError('cannot grade NaN');
  if (value >= ladder.onTrack) return 'on_track';
  if (value >= ladder.accelerationNeeded) return 'acceleration_needed';
  if (value >= ladder.limited) return 'limited';
  return 'deteriorating';
}

function checkLadder<T extends Ladder>(ladder: T): T {
  const ordered = ladder.onTrack >= ladder.accelerationNeeded && ladder.accelerationNeeded >= ladder.limited;
  if (![ladder.onTrack, ladder.accelerationNeeded, ladder.limited].every(Number.isFinite) || !ordered) {
    throw new InvalidSpecError(`thresholds must be finite and ordered onTrack ≥ accelerationNeeded ≥ limited`);
  }
  return Object.freeze({ ...ladder }) as unknown as T;
}
