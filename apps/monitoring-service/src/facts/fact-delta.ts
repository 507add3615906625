/** Sex dimension of a record fact: U for kinds that carry no sex of their own. */
export type FactSex = 'F' | 'M' | 'U';
export type Granularity = 'Y' | 'Q' | 'M';

/** A change to one cell of `record_fact`. */
export interface FactDelta {
  inputKey: string;
  areaCode: string;
  period: string;
  granularity: Granularity;
  year: number;
  sex: FactSex;
  ageBand: string;
  count: number;
}
