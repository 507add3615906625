import {
  AREA_LEVELS,
  type AttributeValue,
  isAgeBand,
  recordKind,
  returnKind,
  UNITS,
  validateAttributeValue,
} from '@wdp/contracts';
import { isAreaCountRef, isInputRef, operandsOf } from './builders';
import { DOMAINS } from './domains';
import type { Comparator, Direction, IndicatorDefinition, IndicatorFormula, InputRef, ObservationRef, Operand } from './types';

const NUMERIC: readonly Comparator[] = ['at_least', 'at_most', 'about', 'coverage'];
const ALLOWED_DIRECTIONS: Readonly<Record<Comparator, readonly Direction[]>> = {
  at_least: ['higher_is_better'],
  coverage: ['higher_is_better'],
  increase: ['higher_is_better'],
  at_most: ['lower_is_better'],
  decrease: ['lower_is_better'],
  about: ['towards_reference'],
  gap_narrows: ['towards_reference'],
  parity: ['towards_reference', 'higher_is_better'],
};

function inputProblems(ref: InputRef): string[] {
  const def = recordKind(ref.department, ref.recordKind);
  if (!def) return [`record kind ${ref.department}/${ref.recordKind} is not in the vocabulary`];
  const at = `${ref.department}/${ref.recordKind}`;
  const problems: string[] = [];
  if (ref.sex !== undefined && !def.hasSex) problems.push(`${at} has no sex to select on`);
  if (ref.ageBands !== undefined && (!def.hasAgeBand || !ref.ageBands.every(isAgeBand))) problems.push(`${at}: invalid age band selection`);
  if (ref.distinctAreas !== undefined && !AREA_LEVELS.includes(ref.distinctAreas)) problems.push(`${at}: unknown area level ${ref.distinctAreas}`);
  for (const [name, wanted] of Object.entries(ref.where ?? {})) {
    const attr = def.attributes.find((a) => a.name === name);
    if (!attr) {
      problems.push(`${at} has no attribute ${name}`);
      continue;
    }
    const values: readonly AttributeValue[] = Array.isArray(wanted) ? wanted : [wanted as AttributeValue];
    if (values.length === 0) problems.push(`${at}.${name}: empty value list`);
    for (const v of values) problems.push(...validateAttributeValue(attr, v).map((p) => `${at}: ${p}`));
  }
  return problems;
}

function observationProblems(ref: ObservationRef): string[] {
  const def = returnKind(ref.department, ref.returnKind);
  if (!def) return [`return kind ${ref.department}/${ref.returnKind} is not in the vocabulary`];
  const at = `${ref.department}/${ref.returnKind}`;
  const problems: string[] = [];
  if (!def.sexes.includes(ref.sex)) problems.push(`${at} has no figures for sex ${ref.sex}`);
  if (ref.ageBands !== undefined && (!def.hasAgeBand || !ref.ageBands.every(isAgeBand))) problems.push(`${at}: invalid age band selection`);
  if ((ref.measure === 'numerator' || ref.measure === 'denominator') && !def.hasNumeratorDenominator) {
    problems.push(`${at} carries no ${ref.measure}`);
  }
  return problems;
}

/** Everything wrong with one operand against the vocabulary (the validation rules check theirs with it too). */
export function operandProblems(op: Operand): string[] {
  if (isInputRef(op)) return inputProblems(op);
  if (isAreaCountRef(op)) return AREA_LEVELS.includes(op.areaLevel) ? [] : [`unknown area level ${op.areaLevel}`];
  return observationProblems(op);
}

function formulaProblems(formula: IndicatorFormula): string[] {
  const problems = operandsOf(formula).flatMap(operandProblems);
  if (formula.type === 'ratio') {
    if (!(formula.factor > 0)) problems.push('ratio factor must be positive');
    if (isAreaCountRef(formula.numerator)) problems.push('an area count can only be a denominator');
  }
  return problems;
}

/**
 * Everything wrong with one catalogue entry: unresolved references to the vocabulary, a target that
 * does not fit its comparator, a direction that contradicts it, a factor that disagrees with the unit.
 * The monitoring service runs this on any catalogue version it loads.
 */
export function validateIndicator(def: IndicatorDefinition): string[] {
  const problems: string[] = [];
  if (!/^[A-Z]{3}-\d{2}$/.test(def.code)) problems.push('code must look like HEA-01');
  if (!DOMAINS.includes(def.domain)) problems.push(`unknown domain ${def.domain}`);
  if (!(def.unit in UNITS)) problems.push(`unknown unit ${def.unit}`);
  else if (def.factor !== UNITS[def.unit].factor) problems.push(`factor ${def.factor} disagrees with unit ${def.unit}`);
  if (def.definition.type === 'ratio' && def.definition.factor !== def.factor) problems.push('ratio factor disagrees with the indicator factor');
  const numeric = NUMERIC.includes(def.comparator);
  if (numeric && (def.targetValue === null || !Number.isFinite(def.targetValue))) problems.push(`${def.comparator} needs a numeric target`);
  if (!numeric && def.targetValue !== null) problems.push(`${def.comparator} is directional and takes no target value`);
  if (def.comparator === 'about' && !(def.tolerance! > 0)) problems.push('about needs a positive tolerance');
  if (!ALLOWED_DIRECTIONS[def.comparator].includes(def.direction)) problems.push(`direction ${def.direction} contradicts ${def.comparator}`);
  if ((def.comparator === 'gap_narrows') !== (def.gap !== undefined)) problems.push('gap is required for, and only for, gap_narrows');
  if ((def.comparator === 'parity') !== (def.reference !== undefined)) problems.push('reference is required for, and only for, parity');
  if (def.comparator === 'gap_narrows' && !def.sexDisaggregated) problems.push('a gender gap needs sex-disaggregated data');
  if (!def.nameZh || !def.nameEn || !def.source.text) problems.push('names and source text are required');
  problems.push(...formulaProblems(def.definition));
  if (def.reference) problems.push(...formulaProblems(def.reference).map((p) => `reference: ${p}`));
  if (!(def.reporting.deadlineDaysAfterPeriodEnd > 0)) problems.push('deadline must be positive');
  if (!(def.fluctuation.maxYearOnYearChange > 0)) problems.push('fluctuation bound must be positive');
  return problems;
}
