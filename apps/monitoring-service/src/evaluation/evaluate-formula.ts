import type { AreaIndex } from '@wdp/contracts';
import { type IndicatorFormula, type InputRef, isAreaCountRef, isInputRef, type ObservationRef, type Operand } from '@wdp/indicators';
import { inputKeyOf } from '../indicator-store/input-key';
import type { EvaluationData } from './evaluation-data';

/** One year of an indicator value, with what it was computed from. */
export interface YearlyValue {
  year: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface EvaluationContext {
  data: EvaluationData;
  areas: AreaIndex;
  areaCode: string;
}

/**
 * Yearly values of a formula for one area, oldest first.
 * - count: the input's sum in each year it has facts;
 * - observation: the figure of the winning return in each year one exists, with the numerator and
 *   denominator the return filed for it (null when it filed none);
 * - ratio: numerator × factor ÷ denominator (in that order, so whole counts give exact percentages) in
 *   each year the denominator is positive. A record numerator with no facts in such a year counts 0 (no
 *   maternal death that year) — but only once its source is known to report at all (it has facts in some
 *   year, or it is the same record kind as the denominator); otherwise there is no value, rather than a
 *   run of false zeros.
 */
export function evaluateFormula(formula: IndicatorFormula, ctx: EvaluationContext): YearlyValue[] {
  switch (formula.type) {
    case 'count': {
      return yearsOf(formula.input, ctx)
        .map((year) => ({ year, total: operandValue(formula.input, year, ctx) }))
        .filter((y): y is { year: number; total: number } => y.total !== undefined)
        .map(({ year, total }) => ({ year, value: total, numerator: total, denominator: null }));
    }
    case 'observation': {
      const ref: Operand = { department: formula.return.department, returnKind: formula.return.kind, sex: formula.figure.sex, ageBands: formula.figure.ageBands };
      return yearsOf(ref, ctx)
        .map((year) => ({ year, v: operandValue(ref, year, ctx) }))
        .filter((y): y is { year: number; v: number } => y.v !== undefined)
        .map(({ year, v }) => ({ year, value: v, ...countsOfFigure(ref, year, ctx) }));
    }
    case 'ratio': {
      const { numerator, denominator, factor } = formula;
      const window = formula.numeratorWindowYears ?? 1;
      const numeratorActive =
        isAreaCountRef(numerator) ||
        reports(numerator, ctx) ||
        (isInputRef(numerator) && isInputRef(denominator) && numerator.department === denominator.department && numerator.recordKind === denominator.recordKind);
      if (!numeratorActive) return [];
      const out: YearlyValue[] = [];
      // A count of areas exists every year; the numerator's years are the ones with data.
      const years = isAreaCountRef(denominator) ? yearsOf(numerator, ctx) : yearsOf(denominator, ctx);
      for (const year of years) {
        const den = operandValue(denominator, year, ctx);
        if (den === undefined || !(den > 0)) continue;
        let num: number | undefined;
        for (let y = year - window + 1; y <= year; y++) {
          const v = operandValue(numerator, y, ctx);
          if (v !== undefined) num = (num ?? 0) + v;
        }
        if (num === undefined) {
          if (!isInputRef(numerator)) continue;
          num = 0;
        }
        out.push({ year, value: (num * factor) / den, numerator: num, denominator: den });
      }
      return out;
    }
  }
}

/**
 * The numerator and denominator a return filed with its figure (survey shares must; ingestion checks
 * value ≈ numerator ÷ denominator × factor), so the value gets its 95 % interval. Both or neither: one
 * without the other (or a zero denominator) counts nothing.
 */
function countsOfFigure(ref: ObservationRef, year: number, ctx: EvaluationContext): { numerator: number | null; denominator: number | null } {
  const numerator = operandValue({ ...ref, measure: 'numerator' }, year, ctx);
  const denominator = operandValue({ ...ref, measure: 'denominator' }, year, ctx);
  return numerator !== undefined && denominator !== undefined && denominator > 0 ? { numerator, denominator } : { numerator: null, denominator: null };
}

/** Areas of `level` inside the evaluated area (the area itself when it is of that level). */
function areasOfLevelWithin(level: string, ctx: EvaluationContext): string[] {
  return ctx.areas.areas.filter((a) => a.level === level && ctx.areas.isWithin(a.code, ctx.areaCode)).map((a) => a.code);
}

function operandValue(op: Operand, year: number, ctx: EvaluationContext): number | undefined {
  if (isAreaCountRef(op)) return areasOfLevelWithin(op.areaLevel, ctx).length;
  if (isInputRef(op)) return inputValue(op, year, ctx);
  return ctx.data.figure(`${op.department}/${op.returnKind}`, ctx.areaCode, year, op.sex, op.ageBands, op.measure ?? 'value');
}

function inputValue(ref: InputRef, year: number, ctx: EvaluationContext): number | undefined {
  const key = inputKeyOf(ref);
  if (!ref.distinctAreas) return ctx.data.recordSum(key, ctx.areaCode, year, ref.sex, ref.ageBands);
  let seen = false;
  let count = 0;
  for (const area of areasOfLevelWithin(ref.distinctAreas, ctx)) {
    const sum = ctx.data.recordSum(key, area, year, ref.sex, ref.ageBands);
    if (sum === undefined) continue;
    seen = true;
    if (sum > 0) count++;
  }
  return seen ? count : undefined;
}

function yearsOf(op: Operand, ctx: EvaluationContext): number[] {
  if (isAreaCountRef(op)) return [];
  if (isInputRef(op)) {
    const key = inputKeyOf(op);
    const areas = op.distinctAreas ? areasOfLevelWithin(op.distinctAreas, ctx) : [ctx.areaCode];
    return sortedUnique(areas.flatMap((a) => ctx.data.recordYears(key, a)));
  }
  return sortedUnique(ctx.data.figureYears(`${op.department}/${op.returnKind}`, ctx.areaCode));
}

/** Whether an operand's source has data in any year — for records, also in years older than those read. */
function reports(op: Operand, ctx: EvaluationContext): boolean {
  if (!isInputRef(op)) return yearsOf(op, ctx).length > 0;
  const key = inputKeyOf(op);
  const areas = op.distinctAreas ? areasOfLevelWithin(op.distinctAreas, ctx) : [ctx.areaCode];
  return areas.some((a) => ctx.data.reports(key, a));
}

function sortedUnique(years: number[]): number[] {
  return [...new Set(years)].sort((a, b) => a - b);
}
