import { type AgeBand, type DepartmentCode, type SexOrTotal, UNITS, type UnitCode } from '@wdp/contracts';
import type {
  AreaCountRef,
  IndicatorDefinition,
  IndicatorFormula,
  InputRef,
  ObservationDefinition,
  ObservationRef,
  Operand,
  RatioDefinition,
  ReportingFrequency,
} from './types';

/** Fields every entry states; the rest get defaults that follow from the unit, the formula and the department. */
export type IndicatorSpec = Omit<IndicatorDefinition, 'factor' | 'targetYear' | 'baseline' | 'reporting' | 'fluctuation' | 'targetValue'> & {
  targetValue?: number | null;
  baseline?: IndicatorDefinition['baseline'];
  reporting?: IndicatorDefinition['reporting'];
  fluctuation?: IndicatorDefinition['fluctuation'];
};

export const isInputRef = (op: Operand): op is InputRef => 'recordKind' in op;
export const isObservationRef = (op: Operand): op is ObservationRef => 'returnKind' in op;
export const isAreaCountRef = (op: Operand): op is AreaCountRef => 'areaLevel' in op;

/** Operands of a formula, in order (numerator first). */
export function operandsOf(formula: IndicatorFormula): Operand[] {
  switch (formula.type) {
    case 'ratio':
      return [formula.numerator, formula.denominator];
    case 'count':
      return [formula.input];
    case 'observation':
      return [{ department: formula.return.department, returnKind: formula.return.kind, sex: formula.figure.sex, ageBands: formula.figure.ageBands }];
  }
}

/**
 * Records arrive monthly from health, employment and rights protection, quarterly as snapshots from
 * social security and family, and once per school year from education; survey returns and anything
 * divided by a population are annual. Deadlines give a department time to close its books.
 */
const RECORD_CADENCE: Readonly<Record<DepartmentCode, { frequency: ReportingFrequency; deadlineDaysAfterPeriodEnd: number }>> = {
  health: { frequency: 'monthly', deadlineDaysAfterPeriodEnd: 15 },
  employment: { frequency: 'monthly', deadlineDaysAfterPeriodEnd: 15 },
  'rights-protection': { frequency: 'monthly', deadlineDaysAfterPeriodEnd: 15 },
  'social-security': { frequency: 'quarterly', deadlineDaysAfterPeriodEnd: 30 },
  family: { frequency: 'quarterly', deadlineDaysAfterPeriodEnd: 30 },
  education: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 90 },
  statistics: { frequency: 'annual', deadlineDaysAfterPeriodEnd: 90 },
};
const ANNUAL_RETURN = { frequency: 'annual', deadlineDaysAfterPeriodEnd: 90 } as const;

export function defaultReporting(formula: IndicatorFormula): IndicatorDefinition['reporting'] {
  const operands = operandsOf(formula);
  if (operands.some((op) => !isInputRef(op))) return { ...ANNUAL_RETURN };
  return { ...RECORD_CADENCE[(operands[0] as InputRef).department] };
}

/** Plausible year-on-year swings by unit; entries override where the count base is small. */
export function defaultFluctuation(unit: UnitCode): IndicatorDefinition['fluctuation'] {
  switch (unit) {
    case 'percent':
      return { maxYearOnYearChange: 5, mode: 'absolute' };
    case 'years':
      return { maxYearOnYearChange: 1, mode: 'absolute' };
    case 'ratio':
      return { maxYearOnYearChange: 0.1, mode: 'absolute' };
    case 'per-100k-live-births':
      return { maxYearOnYearChange: 20, mode: 'absolute' };
    case 'per-100k':
    case 'per-mille':
      return { maxYearOnYearChange: 0.5, mode: 'relative' };
    default:
      return { maxYearOnYearChange: 0.3, mode: 'relative' };
  }
}

export function define(spec: IndicatorSpec): IndicatorDefinition {
  const { targetValue = null, baseline = { year: 2020, value: null }, reporting, fluctuation, ...rest } = spec;
  return {
    ...rest,
    factor: UNITS[spec.unit].factor,
    targetValue,
    targetYear: 2025,
    baseline,
    reporting: reporting ?? defaultReporting(spec.definition),
    fluctuation: fluctuation ?? defaultFluctuation(spec.unit),
  };
}

export const ratio = (numerator: Operand, denominator: Operand, factor: number, numeratorWindowYears?: number): RatioDefinition => ({
  type: 'ratio',
  numerator,
  denominator,
  factor,
  ...(numeratorWindowYears ? { numeratorWindowYears } : {}),
});

export const observe = (department: DepartmentCode, kind: string, sex: SexOrTotal, ageBands?: readonly AgeBand[]): ObservationDefinition => ({
  type: 'observation',
  return: { department, kind },
  figure: ageBands ? { sex, ageBands } : { sex },
});

export const figure = (department: DepartmentCode, returnKind: string, sex: SexOrTotal, ageBands?: readonly AgeBand[]): ObservationRef =>
  ageBands ? { department, returnKind, sex, ageBands } : { department, returnKind, sex };

/** Women's share (%) of a head-count return: F / T. */
export const womenShareOf = (department: DepartmentCode, returnKind: string): RatioDefinition =>
  ratio(figure(department, returnKind, 'F'), figure(department, returnKind, 'T'), 100);
