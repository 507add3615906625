import { containsResidentIdNumber, NUL_REASON, type FieldError } from '@wdp/platform';
import type { Column } from './columns';
import type { Cell, Sheet, SheetRow } from './spreadsheet';

/** One problem of an upload, located the way a spreadsheet user finds it: row number and column header. */
export interface UploadError {
  /** Spreadsheet row number (the header is row 1); absent for problems of the file as a whole. */
  row?: number;
  /** Column header, when the problem is one cell. */
  column?: string;
  /** JSON path of the field in the item the row became, as the JSON API reports it. */
  field: string;
  reason: string;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '对', '√']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '错', '×']);
const SEX_ALIASES: Record<string, string> = { 女: 'F', 男: 'M', 合计: 'T', 总计: 'T', 合: 'T' };

/** Longest unknown header an error repeats back. */
export const MAX_ECHOED_HEADER = 64;

/**
 * Whether an unknown header may be repeated in an error: it is client text, so only a short, visible one that
 * holds no resident ID number (in any form the screen knows). Anything else is named by its position only.
 */
export function echoableHeader(header: string): boolean {
  return header.length <= MAX_ECHOED_HEADER && !/\p{C}/u.test(header) && !containsResidentIdNumber(header);
}

/** Headers matched case-insensitively, so `Area` or `AREA` still reads as `area`. */
export function resolveHeaders(headers: string[], columns: Column[]): { byHeader: Map<string, Column>; errors: UploadError[] } {
  const known = new Map(columns.map((c) => [c.header.toLowerCase(), c]));
  const byHeader = new Map<string, Column>();
  const errors: UploadError[] = [];
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    if (h === '') return; // a blank header is only a problem if a row has a value under it (see mapCells)
    const c = known.get(h.toLowerCase());
    if (!c) {
      const expected = `expected some of: ${columns.map((x) => x.header).join(', ')}`;
      errors.push(
        echoableHeader(h)
          ? { row: 1, column: h, field: '(header)', reason: `(column ${i + 1}) is not a column of this kind; ${expected}` }
          : { row: 1, field: '(header)', reason: `column ${i + 1} is not a column of this kind (its header is not repeated: longer than ${MAX_ECHOED_HEADER} characters, invisible characters or a resident ID number); ${expected}` },
      );
    } else if (seen.has(c.header)) {
      errors.push({ row: 1, column: c.header, field: '(header)', reason: `column ${c.header} appears twice (column ${i + 1})` });
    } else {
      seen.add(c.header);
      byHeader.set(h, c);
    }
  });
  for (const c of columns) {
    if (c.required && !c.oneOf && !seen.has(c.header)) errors.push({ row: 1, column: c.header, field: c.header, reason: 'required column is missing' });
  }
  const groups = new Set(columns.filter((c) => c.oneOf).map((c) => c.oneOf!));
  for (const g of groups) {
    const members = columns.filter((c) => c.oneOf === g).map((c) => c.header);
    if (!members.some((m) => seen.has(m))) errors.push({ row: 1, column: members[0], field: members[0], reason: `one of the columns ${members.join(' or ')} is needed` });
  }
  return { byHeader, errors };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Text of a cell, as a text column reads it; Excel turns `2025-07` into a date, so a date cell in the period
 * column means its month. Reading a cell's text back gives the same field, so files can be re-cut as CSV.
 */
export function cellText(cell: Cell, header: string): string {
  if (cell instanceof Date) {
    const day = `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())}`;
    return header === 'period' ? day.slice(0, 7) : day;
  }
  return String(cell);
}

const text = (cell: Cell, column: Column) => cellText(cell, column.header);

/** A cell as the JSON value its column's DTO field expects; what cannot be converted is an error for that cell. */
export function coerce(cell: Cell, column: Column): { value: unknown } | { error: string } {
  switch (column.type) {
    case 'integer': {
      const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^[+-]?\d+(\.0+)?$/.test(cell) ? Number(cell) : NaN;
      return Number.isInteger(n) ? { value: n } : { error: 'must be a whole number' };
    }
    case 'number': {
      const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : NaN;
      return Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return { value: cell };
      const t = String(cell).trim().toLowerCase();
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return { error: 'must be true or false (also accepted: 是/否, yes/no, 1/0)' };
    }
    case 'enum': {
      const t = text(cell, column);
      const values = column.values ?? [];
      if (values.includes(t)) return { value: t };
      const folded = values.find((v) => v.toLowerCase() === t.toLowerCase());
      if (folded) return { value: folded };
      const alias = column.header === 'sex' ? SEX_ALIASES[t] : undefined;
      // Anything else goes through unchanged, so the DTO reports it with the same words as the JSON API.
      return { value: alias && values.includes(alias) ? alias : t };
    }
    case 'string':
      return { value: text(cell, column) };
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/** The cells of one row as an object of the JSON API's shape; `prefix` names the item in error paths. */
function mapCells(row: SheetRow, byHeader: Map<string, Column>, prefix: string, skip?: (c: Column) => boolean) {
  const value: Record<string, unknown> = {};
  const errors: UploadError[] = [];
  for (const [header, cell] of row.cells) {
    const column = byHeader.get(header);
    if (!column) {
      if (header === '') errors.push({ row: row.rowNumber, field: '(cell)', reason: 'has a value in a column without a header' });
      continue; // unknown headers were reported once, at row 1
    }
    if (skip?.(column)) continue;
    const field = `${prefix}${column.path.join('.')}`;
    // The JSON screen never sees a file's cells; PostgreSQL text cannot hold U+0000.
    const result = typeof cell === 'string' && cell.includes('\u0000') ? { error: NUL_REASON } : coerce(cell, column);
    if ('error' in result) errors.push({ row: row.rowNumber, column: column.header, field, reason: result.error });
    else setPath(value, column.path, result.value);
  }
  return { value, errors };
}

export interface MappedRecords {
  /** The body for the record API: `{ items }`, one item per data row. */
  body: { items: Record<string, unknown>[] };
  /** Spreadsheet row number of each item. */
  rowNumbers: number[];
  errors: UploadError[];
}

export function mapRecordRows(sheet: Sheet, byHeader: Map<string, Column>): MappedRecords {
  const items: Record<string, unknown>[] = [];
  const errors: UploadError[] = [];
  sheet.rows.forEach((row, i) => {
    const mapped = mapCells(row, byHeader, `items[${i}].`);
    items.push(mapped.value);
    errors.push(...mapped.errors);
  });
  return { body: { items }, rowNumbers: sheet.rows.map((r) => r.rowNumber), errors };
}

export interface MappedReturn {
  /** The body for the return API: `{ area, period, note?, figures }`, one figure per data row. */
  body: Record<string, unknown> & { figures: Record<string, unknown>[] };
  rowNumbers: number[];
  /** Row where each return-level field (area, period, note) was read. */
  fieldRows: Map<string, number>;
  errors: UploadError[];
}

/**
 * A return sheet holds one return: area, period (and note) are the same on every row, blank meaning "as above"
 * (merged cells), and each row is one figure.
 */
export function mapReturnRows(sheet: Sheet, byHeader: Map<string, Column>): MappedReturn {
  const body: MappedReturn['body'] = { figures: [] };
  const fieldRows = new Map<string, number>();
  const errors: UploadError[] = [];
  sheet.rows.forEach((row, i) => {
    const figure = mapCells(row, byHeader, `figures[${i}].`, (c) => !!c.returnLevel);
    body.figures.push(figure.value);
    errors.push(...figure.errors);
    const level = mapCells(row, new Map([...byHeader].filter(([, c]) => c.returnLevel)), '');
    errors.push(...level.errors);
    for (const [name, value] of Object.entries(level.value)) {
      if (!fieldRows.has(name)) {
        body[name] = value;
        fieldRows.set(name, row.rowNumber);
      } else if (body[name] !== value) {
        errors.push({
          row: row.rowNumber, column: name, field: name,
          reason: `differs from row ${fieldRows.get(name)} (${String(body[name])}): a file holds one return, so ${name} is the same on every row (split other areas or periods into their own files; the upload CLI does this)`,
        });
      }
    }
  });
  return { body, rowNumbers: sheet.rows.map((r) => r.rowNumber), fieldRows, errors };
}

/** Where a JSON error of the item pipeline sits in the sheet. */
export interface Locator {
  /** `items` (records) or `figures` (returns): the array whose index is a data row. */
  array: 'items' | 'figures';
  rowNumbers: number[];
  columns: Column[];
  /** Returns: the row a return-level field was read from. */
  fieldRows?: Map<string, number>;
}

function columnOf(path: string, columns: Column[]): string | undefined {
  const exact = columns.find((c) => c.header === path);
  if (exact) return exact.header;
  // `attributes.schoolYear` nested deeper, or a field's sub-path: the longest column that prefixes it.
  return columns.filter((c) => path.startsWith(`${c.header}.`)).sort((a, b) => b.header.length - a.header.length)[0]?.header;
}

export function locate(errors: readonly FieldError[], at: Locator): UploadError[] {
  const re = new RegExp(`^${at.array}\\[(\\d+)\\]\\.?(.*)$`);
  return errors.map((e) => {
    const m = re.exec(e.field);
    if (m) {
      const row = at.rowNumbers[Number(m[1])];
      const column = m[2] ? columnOf(m[2], at.columns) : undefined;
      return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
    }
    const column = at.array === 'figures' ? columnOf(e.field, at.columns.filter((c) => c.returnLevel)) : undefined;
    const row = column ? at.fieldRows?.get(column) : undefined;
    return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
  });
}

export function sortUploadErrors(errors: UploadError[], columns: Column[]): UploadError[] {
  const order = new Map(columns.map((c, i) => [c.header, i]));
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (order.get(a.column ?? '') ?? 999) - (order.get(b.column ?? '') ?? 999) || a.field.localeCompare(b.field));
}
