import type { AgeBand, AreaLevel, AttributeValue, DepartmentCode, Sex, SexOrTotal, UnitCode } from '@wdp/contracts';
import type { Domain } from './domains';

/**
 * How the observed value is judged against the target:
 * - at_least / at_most: numeric threshold (达到…以上 / 控制在…以内);
 * - about: numeric target ± `tolerance` (…左右);
 * - coverage: full or near-full coverage, a numeric target (usually 100) that counts as met from `target − tolerance`;
 * - increase / decrease: directional, no numeric target (提高 / 降低);
 * - gap_narrows: the female–male gap (see `gap`) should shrink;
 * - parity: the value should reach the value of `reference` (e.g. women's share among delegates vs among party members).
 */
export type Comparator = 'at_least' | 'at_most' | 'about' | 'increase' | 'decrease' | 'gap_narrows' | 'parity' | 'coverage';

/** Explicit, never defaulted (Open SDG silently assumes lower-is-better). */
export type Direction = 'higher_is_better' | 'lower_is_better' | 'towards_reference';

export type ReportingFrequency = 'annual' | 'quarterly' | 'monthly';

/** A filtered sum of record counts from one department's record kind. */
export interface InputRef {
  department: DepartmentCode;
  recordKind: string;
  /** Attribute filters; an array means "any of these values". */
  where?: Readonly<Record<string, AttributeValue | readonly AttributeValue[]>>;
  sex?: Sex;
  ageBands?: readonly AgeBand[];
  /**
   * Count distinct areas of this level that have at least one matching record, instead of summing counts
   * (e.g. streets that have an operating elderly-care centre).
   */
  distinctAreas?: AreaLevel;
}

/** A figure taken from a statistical return: the value (or numerator/denominator) of one sex, summed over age bands. */
export interface ObservationRef {
  department: DepartmentCode;
  returnKind: string;
  sex: SexOrTotal;
  /** Sum of these age-band figures; absent = the all-ages figure. Only for kinds with an age breakdown. */
  ageBands?: readonly AgeBand[];
  /** Which measure of the figure: the value (default) or its numerator/denominator. */
  measure?: 'value' | 'numerator' | 'denominator';
}

/** The number of areas of a level in the reference data (e.g. all 17 streets). */
export interface AreaCountRef {
  areaLevel: AreaLevel;
}

export type Operand = InputRef | ObservationRef | AreaCountRef;

export interface RatioDefinition {
  type: 'ratio';
  numerator: Operand;
  denominator: Operand;
  /** Multiplier of numerator/denominator: 100 for %, 100000 for per 100,000. Equals the unit's factor. */
  factor: number;
  /**
   * Sum the numerator over this many years ending with the period (screening coverage over a screening
   * interval). Absent = the period alone.
   */
  numeratorWindowYears?: number;
}

export interface CountDefinition {
  type: 'count';
  input: InputRef;
}

export interface ObservationDefinition {
  type: 'observation';
  return: { department: DepartmentCode; kind: string };
  figure: { sex: SexOrTotal; ageBands?: readonly AgeBand[] };
}

export type IndicatorFormula = RatioDefinition | CountDefinition | ObservationDefinition;

export interface IndicatorDefinition {
  /** Stable code, `<DOMAIN PREFIX>-<nn>`; never reused for a different meaning. */
  code: string;
  /** The indicator as the plan words it. */
  nameZh: string;
  nameEn: string;
  domain: Domain;
  /** Department that owns (submits) the data. */
  department: DepartmentCode;
  unit: UnitCode;
  /** Publication factor (100 for %, 100000 per 100,000, 1 for plain values). */
  factor: number;
  comparator: Comparator;
  direction: Direction;
  /** Null for directional comparators (increase, decrease, gap_narrows, parity). */
  targetValue: number | null;
  /** Half-width of the acceptable band, in the unit: for `about` (required) and `coverage` (optional). */
  tolerance?: number;
  /** The district 2021–2025 plan's target year, 2025; another plan's target (libs/plans) carries its own, e.g. the national outline's 2030. */
  targetYear: number;
  /** The baseline (2020 for the district plan); value only where the plan states it. */
  baseline: { year: number; value: number | null };
  /** Published and assessed by sex as well as for women (or in total). */
  sexDisaggregated: boolean;
  definition: IndicatorFormula;
  /**
   * For gap_narrows: compare the formula evaluated for F with the same formula evaluated for M (every sex
   * selection replaced): `difference` = |F − M|, `ratio` = F / M (target 1).
   */
  gap?: { measure: 'difference' | 'ratio' };
  /** For parity: the reference value the indicator should reach (a formula of its own). */
  reference?: IndicatorFormula;
  reporting: { frequency: ReportingFrequency; deadlineDaysAfterPeriodEnd: number };
  /** Largest plausible year-on-year swing; a bigger one raises a fluctuation (波动较大) warning. */
  fluctuation: { maxYearOnYearChange: number; mode: 'absolute' | 'relative' };
  source: {
    /** 主要目标 (main goal) or 策略措施 (strategy measure), with its number within the domain. */
    clause: 'main-goal' | 'strategy-measure';
    number: number;
    /** The plan's sentence, verbatim. */
    text: string;
  };
  /** Interpretation choices the plan leaves open, stated so the monitoring team can defend them. */
  notes?: string;
}
