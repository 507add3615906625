import { DOMAINS } from '@wdp/indicators';

export const DOMAIN_VALUES: string[] = [...DOMAINS];
export const SEX_FILTER = ['F', 'M', 'T'];
export const ASSESSED_SEX_FILTER = ['F', 'M', 'T', 'gap'];
export const COMPARATORS_DOC =
  'at_least, at_most, about (± tolerance), increase, decrease, gap_narrows, parity (with a reference), coverage.';
