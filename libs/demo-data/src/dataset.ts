import type { AgeBand, AttributeValue, DepartmentCode, ReturnFigure, Sex } from '@wdp/contracts';

/** One record item as the departmental API takes it (`POST /v1/records/{kind}`). */
export interface DemoRecord {
  reference: string;
  area: string;
  period: string;
  sex?: Sex;
  ageBand?: AgeBand;
  /** Only for aggregate kinds (`carriesCount`); individual records omit it (count 1). */
  count?: number;
  attributes: Record<string, AttributeValue>;
}

/** One statistical return as the API takes it (`POST /v1/returns/{kind}`). */
export interface DemoReturn {
  department: DepartmentCode;
  kind: string;
  area: string;
  period: string;
  unit: string;
  figures: ReturnFigure[];
}

export interface DemoDataSet {
  seed: number;
  scale: number;
  from: number;
  to: number;
  /** Records per `department/kind`, in a stable order. */
  records: Map<string, DemoRecord[]>;
  returns: DemoReturn[];
}

export const kindKey = (department: string, kind: string) => `${department}/${kind}`;

export function splitKindKey(key: string): { department: DepartmentCode; kind: string } {
  const [department, kind] = key.split('/');
  return { department: department as DepartmentCode, kind };
}

export function recordTotal(data: DemoDataSet): number {
  let n = 0;
  for (const items of data.records.values()) n += items.length;
  return n;
}
