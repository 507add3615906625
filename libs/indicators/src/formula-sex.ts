import type { Sex, SexOrTotal } from '@wdp/contracts';
import { isAreaCountRef, isInputRef, operandsOf } from './builders';
import type { IndicatorDefinition, IndicatorFormula, Operand } from './types';

/**
 * Sex variants of a formula. A formula either selects one sex somewhere (`selecting`: "women's life
 * expectancy", "women's share of deputies", "fathers' share of participants") or no sex at all
 * (`neutral`: "enrolment rate").
 * - neutral: the F/M/T variant restricts every operand to that sex (T = no restriction);
 * - selecting: the variant replaces each selection of the formula's sex with the requested one; other
 *   selections (the T of a share's denominator) stay.
 * The headline series — the one the plan's target speaks about — is the formula as written: the selected
 * sex, or T for a neutral formula.
 */
export function selectedSex(formula: IndicatorFormula): Sex | null {
  const selected = operandsOf(formula)
    .map(operandSex)
    .find((s): s is Sex => s === 'F' || s === 'M');
  return selected ?? null;
}

export function headlineSex(formula: IndicatorFormula): SexOrTotal {
  return selectedSex(formula) ?? 'T';
}

/** A share of one sex: the numerator selects it, the denominator does not (F / T, or fathers / all parents). */
export function isShareOfOneSex(formula: IndicatorFormula): boolean {
  if (formula.type !== 'ratio') return false;
  const sex = selectedSex(formula);
  return sex !== null && operandSex(formula.numerator) === sex && operandSex(formula.denominator) !== sex;
}

/** The sexes a value series is kept for. */
export function seriesSexes(indicator: IndicatorDefinition): SexOrTotal[] {
  const headline = headlineSex(indicator.definition);
  if (!indicator.sexDisaggregated) return [headline];
  if (headline === 'T') return ['F', 'M', 'T'];
  return isShareOfOneSex(indicator.definition) ? ['F', 'M'] : ['F', 'M', 'T'];
}

/**
 * The sexes the plan's target addresses, so the ones whose progress raises alerts: every sex of a
 * neutral, disaggregated indicator ("enrolment ≥ 95%" holds for girls and boys), only the headline of
 * a one-sex indicator (men's life expectancy is context, compared through the gender gap instead).
 */
export function targetSexes(indicator: IndicatorDefinition): SexOrTotal[] {
  const headline = headlineSex(indicator.definition);
  return indicator.sexDisaggregated && headline === 'T' ? ['F', 'M', 'T'] : [headline];
}

/** The formula for one sex variant. Returns the formula itself for the headline. */
export function formulaForSex(formula: IndicatorFormula, sex: SexOrTotal): IndicatorFormula {
  const selected = selectedSex(formula);
  if (sex === headlineSex(formula)) return formula;
  const swap = (op: Operand): Operand => {
    if (isAreaCountRef(op)) return op;
    if (selected !== null && operandSex(op) !== selected) return op;
    if (isInputRef(op)) {
      const { sex: _old, ...rest } = op;
      return sex === 'T' ? rest : { ...rest, sex };
    }
    return { ...op, sex };
  };
  switch (formula.type) {
    case 'ratio':
      return { ...formula, numerator: swap(formula.numerator), denominator: swap(formula.denominator) };
    case 'count':
      return { ...formula, input: swap(formula.input) as typeof formula.input };
    case 'observation': {
      if (selected !== null && formula.figure.sex !== selected) return formula;
      return { ...formula, figure: { ...formula.figure, sex } };
    }
  }
}

function operandSex(op: Operand): SexOrTotal | undefined {
  if (isAreaCountRef(op)) return undefined;
  return op.sex;
}
