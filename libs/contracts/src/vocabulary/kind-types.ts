import type { RecordFact, SexOrTotal } from '../facts';
import type { DepartmentCode } from './departments';
import type { PeriodGranularity } from './period';
import type { UnitCode } from './units';

export type AttributeType = 'enum' | 'boolean' | 'integer' | 'number' | 'string';

export interface AttributeDefinition {
  /** camelCase key inside `RecordFact.attributes`. */
  readonly name: string;
  readonly type: AttributeType;
  /** Allowed values, for `enum` only. */
  readonly values?: readonly string[];
  /** Inclusive bounds, for `integer` and `number`. */
  readonly min?: number;
  readonly max?: number;
  /** Regular expression source a `string` must match. */
  readonly pattern?: string;
  readonly required: boolean;
  readonly description: string;
}

/** A kind of individual-level record (or facility aggregate) a department submits. */
export interface RecordKindDefinition {
  readonly department: DepartmentCode;
  /** kebab-case, unique within the department; part of the event type. */
  readonly kind: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly description: string;
  /** The record carries the subject's sex (`RecordFact.sex` required). */
  readonly hasSex: boolean;
  /** The subject is a woman by definition (pregnancy, screening); such records carry no sex field. */
  readonly impliedSex?: 'F';
  /** The record carries a five-year age band; `ageBandOf` says whose age. */
  readonly hasAgeBand: boolean;
  readonly ageBandOf?: string;
  /**
   * True when `count` may exceed 1: a facility or school reports an aggregate (e.g. places, enrolment).
   * False when each record is one person or case (`count` must be 1).
   */
  readonly carriesCount: boolean;
  /**
   * How counts of successive months roll up to a quarter or year: `sum` for events (births, cases),
   * `latest` for period-end snapshots (insured persons, childcare places), where summing would multiply.
   */
  readonly aggregation: 'sum' | 'latest';
  readonly attributes: readonly AttributeDefinition[];
  /** Rules across fields that a per-attribute definition cannot express (e.g. school year against period). */
  readonly checks?: readonly FactCheck[];
}

/** A problem with one field of a record fact; `field` is its path inside the fact, e.g. `attributes.schoolYear`. */
export interface FactIssue {
  readonly field: string;
  readonly reason: string;
}

export type FactCheck = (fact: RecordFact) => FactIssue | undefined;

/** A kind of statistical return: aggregated figures by area, period and sex. */
export interface ReturnKindDefinition {
  readonly department: DepartmentCode;
  readonly kind: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly description: string;
  readonly unit: UnitCode;
  /** Figures must carry numerator and denominator (survey shares) so rates can be re-aggregated. */
  readonly hasNumeratorDenominator: boolean;
  /** Sex codes a figure may carry. */
  readonly sexes: readonly SexOrTotal[];
  /** Figures may be broken down by five-year age band. */
  readonly hasAgeBand: boolean;
  /** Period granularities a return may be filed for. */
  readonly granularities: readonly PeriodGranularity[];
}
