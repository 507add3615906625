import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export const CSV_CONTENT_TYPE = 'text/csv';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type SheetFormat = 'csv' | 'xlsx';

/** A cell as the parser found it: text (CSV, or an XLSX text cell), or an XLSX number, boolean or date. */
export type Cell = string | number | boolean | Date;

export interface SheetRow {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  /** Cells by header; blank cells are absent. */
  cells: Map<string, Cell>;
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export class SheetFormatError extends Error {}

/** `text/csv; charset=utf-8` → csv; anything else we do not read → undefined. */
export function formatOf(contentType: string | undefined): SheetFormat | undefined {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === CSV_CONTENT_TYPE) return 'csv';
  if (media === XLSX_CONTENT_TYPE) return 'xlsx';
  return undefined;
}

export async function readSheet(format: SheetFormat, data: Buffer): Promise<Sheet> {
  return format === 'csv' ? readCsv(data) : readXlsx(data);
}

/**
 * Excel in a Chinese locale saves "CSV" as GB18030 unless told "CSV UTF-8"; read UTF-8 (BOM or not) when the
 * bytes are valid UTF-8, else GB18030, so a department's file is never silently mangled.
 */
export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** `delimiter`: the field separator, a comma unless the format says otherwise (SDMX-CSV names its own). */
export function readCsv(data: Buffer, delimiter = ','): Sheet {
  let records: string[][];
  try {
    records = parse(decodeText(data), { bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (err) {
    throw new SheetFormatError(`not a readable CSV file: ${(err as Error).message}`);
  }
  const [header = [], ...body] = records;
  const headers = header.map((h) => h.trim());
  return { headers, rows: toRows(headers, body.map((cells, i) => ({ rowNumber: i + 2, values: cells }))) };
}

export async function readXlsx(data: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new SheetFormatError(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
  // The data is on the first sheet; a template's second sheet only documents the columns.
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetFormatError('the workbook has no worksheet');
  const raw: { rowNumber: number; values: Cell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      values[col - 1] = cellValue(cell.value);
    });
    raw.push({ rowNumber, values });
  });
  const first = raw.shift();
  if (!first || first.rowNumber !== 1) return { headers: [], rows: [] };
  const headers = Array.from(first.values, (v) => (v === undefined ? '' : String(v).trim()));
  return { headers, rows: toRows(headers, raw) };
}

/** The plain value of an ExcelJS cell: formulas give their result, rich text its text, hyperlinks their text. */
function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v && v.result !== undefined) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

function toRows(headers: string[], raw: { rowNumber: number; values: (Cell | undefined)[] }[]): SheetRow[] {
  const rows: SheetRow[] = [];
  for (const { rowNumber, values } of raw) {
    const cells = new Map<string, Cell>();
    values.forEach((v, i) => {
      if (v === undefined || (typeof v === 'string' && v.trim() === '')) return;
      cells.set(headers[i] ?? '', typeof v === 'string' ? v.trim() : v);
    });
    if (cells.size) rows.push({ rowNumber, cells }); // wholly blank rows (Excel's trailing rows) are not data
  }
  return rows;
}
