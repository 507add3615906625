import type { Type } from '@nestjs/common';
import { recordKind, returnKind } from '@wdp/contracts';
import type { RecordKindSpec } from '../records/record-kind';
import type { ReturnKindSpec } from '../returns/return-kind';

/** How a cell's text becomes the JSON value the item DTO expects. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'enum';

/** One spreadsheet column: a flattened field of the JSON item (`attributes.deliveryMode`). */
export interface Column {
  header: string;
  /** Path inside the item (records) or inside one figure / the return (returns). */
  path: string[];
  type: ColumnType;
  required: boolean;
  values?: string[];
  description: string;
  descriptionZh?: string;
  example?: unknown;
  /** Returns only: the column belongs to the return as a whole (area, period, note), not to one figure. */
  returnLevel?: boolean;
  /** Exactly one of the columns sharing this group is needed (ageBand | age). */
  oneOf?: string;
}

interface ApiPropertyMeta {
  type?: unknown;
  enum?: unknown[];
  required?: boolean;
  description?: string;
  example?: unknown;
  isArray?: boolean;
}

// @nestjs/swagger's metadata keys (DECORATORS.API_MODEL_PROPERTIES*): the DTO's own documentation is the one
// source of the columns, so a hand-written kind gets a template as well as a vocabulary kind.
const PROPS_ARRAY = 'swagger/apiModelPropertiesArray';
const PROPS = 'swagger/apiModelProperties';

function propertiesOf(cls: Type<unknown>): { name: string; meta: ApiPropertyMeta }[] {
  const names = (Reflect.getMetadata(PROPS_ARRAY, cls.prototype) as string[] | undefined) ?? [];
  const seen = new Set<string>();
  return names
    .map((n) => n.replace(/^:/, ''))
    .filter((n) => !seen.has(n) && (seen.add(n), true))
    .map((name) => ({ name, meta: (Reflect.getMetadata(PROPS, cls.prototype, name) as ApiPropertyMeta | undefined) ?? {} }));
}

function isDto(t: unknown): t is Type<unknown> {
  return typeof t === 'function' && !!t.prototype && !!Reflect.getMetadata(PROPS_ARRAY, t.prototype);
}

/** The nested DTO class of a property declared as `type: () => Cls`, if any. */
function nestedClass(meta: ApiPropertyMeta): Type<unknown> | undefined {
  const t = meta.type;
  if (typeof t !== 'function' || [String, Number, Boolean, Object, Date].includes(t as never)) return undefined;
  // `type: () => Cls` is a thunk (no prototype metadata); `type: Cls` is the class itself.
  const cls = isDto(t) ? t : (t as () => unknown)();
  const resolved: unknown = Array.isArray(cls) ? cls[0] : cls;
  return isDto(resolved) ? resolved : undefined;
}

function columnType(meta: ApiPropertyMeta): ColumnType {
  // Numeric enums (count: always 1) are numbers in JSON, so the type decides before the value list.
  if (meta.type === 'integer') return 'integer';
  if (meta.type === Number || meta.type === 'number') return 'number';
  if (meta.type === Boolean || meta.type === 'boolean') return 'boolean';
  return meta.enum?.length ? 'enum' : 'string';
}

function column(path: string[], meta: ApiPropertyMeta, zh: Record<string, string>, extra: Partial<Column> = {}): Column {
  const header = path.join('.');
  return {
    header,
    path,
    type: columnType(meta),
    required: meta.required !== false,
    ...(meta.enum?.length ? { values: meta.enum.map(String) } : {}),
    description: meta.description ?? '',
    ...(zh[header] ? { descriptionZh: zh[header] } : {}),
    ...(meta.example !== undefined && typeof meta.example !== 'object' ? { example: meta.example } : {}),
    ...extra,
  };
}

/** Chinese labels of the common fields (the vocabulary's attribute texts are English only). */
const ZH: Record<string, string> = {
  reference: '本系统记录编号（唯一，重复提交同一编号不会重复计数）',
  subjectRef: '个人假名编号（不得填写身份证号）',
  area: '区划代码（见区划参考数据）',
  period: '统计期：月 YYYY-MM（统计表：年 YYYY / 季度 YYYY-Qn / 月 YYYY-MM）',
  occurredOn: '发生日期 YYYY-MM-DD',
  sex: '性别：F 女，M 男（统计表另有 T 合计）；也可填 女/男/合计',
  ageBand: '五岁年龄组，如 30-34',
  age: '周岁年龄（与年龄组二选一）',
  count: '计数（汇总类记录），默认 1',
  value: '指标值',
  numerator: '分子',
  denominator: '分母',
  note: '备注',
};

/** Columns of a record kind's sheet: the item's fields, `attributes.<name>` flattened. */
export function recordColumns(spec: RecordKindSpec, department?: string): Column[] {
  const def = department ? recordKind(department, spec.kind) : undefined;
  const columns: Column[] = [];
  for (const { name, meta } of propertiesOf(spec.itemClass)) {
    const nested = nestedClass(meta);
    if (nested) {
      for (const p of propertiesOf(nested)) columns.push(column([name, p.name], { ...p.meta, required: meta.required !== false && p.meta.required !== false }, ZH));
    } else {
      const ageGroup = def?.hasAgeBand && (name === 'ageBand' || name === 'age') ? { oneOf: 'ageBand|age', required: false } : {};
      columns.push(column([name], meta, ZH, ageGroup));
    }
  }
  return columns;
}

/** Columns of a return kind's sheet: area, period (the same on every row), one row per figure, optional note. */
export function returnColumns(spec: ReturnKindSpec): Column[] {
  const props = propertiesOf(spec.itemClass);
  const figures = props.find((p) => p.name === 'figures');
  const figureClass = figures ? nestedClass(figures.meta) : undefined;
  const byName = new Map(props.map((p) => [p.name, p.meta]));
  const level = (name: string) => (byName.has(name) ? [column([name], byName.get(name)!, ZH, { returnLevel: true })] : []);
  const figureColumns = figureClass ? propertiesOf(figureClass).map((p) => column([p.name], p.meta, ZH)) : [];
  const note = level('note').map((c) => ({ ...c, required: false }));
  return [...level('area'), ...level('period'), ...figureColumns, ...note];
}

/** The kind's bilingual name for the template's documentation sheet, when the vocabulary has it. */
export function kindNames(department: string | undefined, kind: string, fallback: string, records: boolean): { en: string; zh?: string } {
  const def = department ? (records ? recordKind(department, kind) : returnKind(department, kind)) : undefined;
  return def ? { en: def.nameEn, zh: def.nameZh } : { en: fallback };
}
