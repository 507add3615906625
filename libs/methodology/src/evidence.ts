import type { Evidence, EvidenceLevel } from './types';

/** Minimums behind the evidence levels; exported so the documentation and tests quote one source. */
export const EVIDENCE_RULES = Object.freeze({
  /** Below either of these the evidence is weak. */
  weak: { minPoints: 3, minSpanYears: 2 },
  /** At or above all of these the evidence is strong. */
  strong: { minPoints: 4, minSpanYears: 3, minR2: 0.5 },
});

/**
 * How far a reader can trust a status from this window. A 2020→2025 plan judged at mid-term has
 * three or four points at most, so a two-point "deteriorating" must not read like a five-year one.
 * r² is null for a flat series (nothing to explain) and then does not count against the evidence.
 */
export function evidenceOf(points: number, spanYears: number, r2: number | null): Evidence {
  return { points, spanYears, r2, level: levelOf(points, spanYears, r2) };
}

function levelOf(points: number, spanYears: number, r2: number | null): EvidenceLevel {
  const { weak, strong } = EVIDENCE_RULES;
  if (points < weak.minPoints || spanYears < weak.minSpanYears) return 'weak';
  if (points >= strong.minPoints && spanYears >= strong.minSpanYears && (r2 === null || r2 >= strong.minR2)) return 'strong';
  return 'moderate';
}

const ORDER: Record<EvidenceLevel, number> = { weak: 0, moderate: 1, strong: 2 };

export function evidenceAtLeast(level: EvidenceLevel, minimum: EvidenceLevel): boolean {
  return ORDER[level] >= ORDER[minimum];
}
