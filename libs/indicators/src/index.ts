export { CATALOGUE_VERSION, INDICATORS, indicatorByCode, indicatorsOfDepartment, indicatorsOfDomain, indicatorsUsingRecordKind, indicatorsUsingReturnKind } from './catalogue';
export { DOMAINS, DOMAIN_LABELS, type Domain } from './domains';
export { isAreaCountRef, isInputRef, isObservationRef, operandsOf } from './builders';
export { operandProblems, validateIndicator } from './validate';
export { formulaForSex, headlineSex, isShareOfOneSex, selectedSex, seriesSexes, targetSexes } from './formula-sex';
export {
  assessmentSpecOf,
  deadlineRuleOf,
  fluctuationBoundOf,
  GAP_MINIMUM_CHANGE_WITHOUT_COUNTS,
  GAP_STABLE_TOLERANCE,
  gapSpecOf,
  type SpecOptions,
} from './assessment-method';
export type {
  AreaCountRef,
  Comparator,
  CountDefinition,
  Direction,
  IndicatorDefinition,
  IndicatorFormula,
  InputRef,
  ObservationDefinition,
  ObservationRef,
  Operand,
  RatioDefinition,
  ReportingFrequency,
} from './types';
