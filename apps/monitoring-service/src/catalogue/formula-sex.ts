import type { SexOrTotal } from '@wdp/contracts';
import { type IndicatorDefinition, type IndicatorFormula, isAreaCountRef, isInputRef, type Operand, operandsOf } from '@wdp/indicators';

/**
 * Sex variants of a formula. A formula either selects women somewhere (`female`: "women's life
 * expectancy", "women's share of deputies") or selects no sex at all (`neutral`: "enrolment rate").
 * - neutral: the F/M/T variant restricts every operand to that sex (T = no restriction);
 * - female: the variant replaces each selection of F with the requested sex; other selections (the T of
 *   a women's-share denominator) stay.
 * The headline series — the one the plan's target speaks about — is the formula as written: F for a
 * female formula, T for a neutral one.
 */
export type FormulaMode = 'female' | 'neutral';

export function formulaMode(formula: IndicatorFormula): FormulaMode {
  return operandsOf(formula).some((op) => operandSex(op) === 'F') ? 'female' : 'neutral';
}

export function headlineSex(formula: IndicatorFormula): 'F' | 'T' {
  return formulaMode(formula) === 'female' ? 'F' : 'T';
}

/** A women's share: numerator selects women, denominator does not (F / T). Its male variant is the men's share. */
export function isShareOfWomen(formula: IndicatorFormula): boolean {
  if (formula.type !== 'ratio') return false;
  return operandSex(formula.numerator) === 'F' && operandSex(formula.denominator) !== 'F';
}

/** The sexes a value series is kept for. */
export function seriesSexes(indicator: IndicatorDefinition): SexOrTotal[] {
  const headline = headlineSex(indicator.definition);
  if (!indicator.sexDisaggregated) return [headline];
  if (headline === 'T') return ['F', 'M', 'T'];
  return isShareOfWomen(indicator.definition) ? ['F', 'M'] : ['F', 'M', 'T'];
}

/**
 * The sexes the plan's target addresses, so the ones whose progress raises alerts: every sex of a
 * neutral, disaggregated indicator ("enrolment ≥ 95%" holds for girls and boys), only the headline of
 * a women's indicator (men's life expectancy is context, compared through the gender gap instead).
 */
export function targetSexes(indicator: IndicatorDefinition): SexOrTotal[] {
  const headline = headlineSex(indicator.definition);
  return indicator.sexDisaggregated && headline === 'T' ? ['F', 'M', 'T'] : [headline];
}

/** The formula for one sex variant (see FormulaMode). Returns the formula itself for the headline. */
export function formulaForSex(formula: IndicatorFormula, sex: SexOrTotal): IndicatorFormula {
  const mode = formulaMode(formula);
  if (sex === headlineSex(formula)) return formula;
  const swap = (op: Operand): Operand => {
    if (isAreaCountRef(op)) return op;
    const current = operandSex(op);
    if (mode === 'female' && current !== 'F') return op;
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
      const current = formula.figure.sex;
      if (mode === 'female' && current !== 'F') return formula;
      return { ...formula, figure: { ...formula.figure, sex } };
    }
  }
}

function operandSex(op: Operand): SexOrTotal | undefined {
  if (isAreaCountRef(op)) return undefined;
  return op.sex;
}
