import type { IndicatorDefinition } from '@wdp/indicators';

/** The fields an administrator may change through the API; everything else comes from the catalogue. */
export const TARGET_FIELDS = ['targetValue', 'tolerance', 'baselineValue'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];
export type TargetValues = Record<TargetField, number | null>;

/** An `indicator` row: the catalogue entry as seeded, and the targets in force. */
export interface StoredIndicator {
  code: string;
  entry: IndicatorDefinition;
  catalogueVersion: string;
  targets: TargetValues;
  /** Target fields set through the API, which later seeds leave alone. */
  overridden: TargetField[];
  revision: number;
  updatedAt: string;
}

export function targetsOf(entry: IndicatorDefinition): TargetValues {
  return { targetValue: entry.targetValue, tolerance: entry.tolerance ?? null, baselineValue: entry.baseline.value };
}

/** The definition in force: the catalogue entry with the stored targets and baseline. */
export function effectiveDefinition(stored: StoredIndicator): IndicatorDefinition {
  const { targetValue, tolerance, baselineValue } = stored.targets;
  const { tolerance: _seeded, ...rest } = stored.entry;
  return {
    ...rest,
    targetValue,
    ...(tolerance !== null ? { tolerance } : {}),
    baseline: { year: stored.entry.baseline.year, value: baselineValue },
  };
}
