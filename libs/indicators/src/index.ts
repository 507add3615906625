export { CATALOGUE_VERSION, INDICATORS, indicatorByCode, indicatorsOfDepartment, indicatorsOfDomain, indicatorsUsingRecordKind, indicatorsUsingReturnKind } from './catalogue';
export { DOMAINS, DOMAIN_LABELS, type Domain } from './domains';
export { isAreaCountRef, isInputRef, isObservationRef, operandsOf } from './builders';
export { validateIndicator } from './validate';
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
