import type { Sex } from '@wdp/contracts';
import { type IndicatorFormula, type InputRef, isAreaCountRef, isInputRef, type ObservationRef, type Operand } from '@wdp/indicators';

/** A women's share: numerator and denominator from the same source, women selected in the numerator only. */
export function isShareOfWomen(formula: IndicatorFormula): boolean {
  if (formula.type !== 'ratio' || isAreaCountRef(formula.numerator) || isAreaCountRef(formula.denominator)) return false;
  const source = (op: InputRef | ObservationRef) => (isInputRef(op) ? `r/${op.department}/${op.recordKind}` : `o/${op.department}/${op.returnKind}`);
  return formula.numerator.sex === 'F' && formula.denominator.sex !== 'F' && source(formula.numerator) === source(formula.denominator);
}

/** Whether a formula selects women somewhere (its headline is F, its M variant swaps the selection). */
export function selectsWomen(formula: IndicatorFormula): boolean {
  const ops: Operand[] = formula.type === 'ratio' ? [formula.numerator, formula.denominator] : formula.type === 'count' ? [formula.input] : [];
  if (formula.type === 'observation') return formula.figure.sex === 'F';
  return ops.some((op) => !isAreaCountRef(op) && op.sex === 'F');
}

/** The formula for one sex: a women's formula swaps F for M; a neutral one restricts every operand. */
export function sexVariant(formula: IndicatorFormula, sex: Sex): IndicatorFormula {
  const women = selectsWomen(formula);
  const swap = <T extends Operand>(op: T): T => {
    if (isAreaCountRef(op)) return op;
    if (women) return op.sex === 'F' ? { ...op, sex } : op;
    return { ...op, sex } as T;
  };
  switch (formula.type) {
    case 'ratio':
      return { ...formula, numerator: swap(formula.numerator), denominator: swap(formula.denominator) };
    case 'count':
      return { ...formula, input: swap(formula.input) };
    case 'observation':
      return { ...formula, figure: { ...formula.figure, sex: women || formula.figure.sex === 'T' ? sex : formula.figure.sex } };
  }
}
