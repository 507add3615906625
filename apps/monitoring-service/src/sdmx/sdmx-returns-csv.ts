import { NUL_REASON, type FieldError } from '@wdp/platform';
import type { Sheet } from '@wdp/ingestion';
import { ageOfSdmx, RETURNS_FLOW, sexOfSdmx, structureId, TIME_PERIOD } from './sdmx-model';

/** One problem of an SDMX-CSV file, located as in a spreadsheet: row number (header = 1) and column. */
export interface SdmxRowError {
  row?: number;
  column?: string;
  /** JSON path of the field of the return the row became, as POST /v1/returns/{kind} names it; else the column. */
  field: string;
  reason: string;
}

/** A file read as one return: its kind, the body the returns API takes, and where each part came from. */
export interface SdmxReturn {
  kind?: string;
  body: { area?: string; period?: string; figures: Record<string, unknown>[] };
  /** Row number of each figure. */
  rowNumbers: number[];
  /** Row a return-level column (RETURN_KIND, REF_AREA, TIME_PERIOD) was first read from. */
  levelRows: Map<string, number>;
  errors: SdmxRowError[];
}

/**
 * The field separator of an SDMX-CSV message: the character after the first header, STRUCTURE (or
 * STRUCTURE[;] with a sub-field separator), as the SDMX-CSV 2.0 field guide defines; a comma otherwise.
 */
export function sdmxCsvDelimiter(data: Buffer): string {
  const start = data.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '');
  const m = /^STRUCTURE(?:\[[^\]]*\])?([,;\t|])/.exec(start);
  return m ? m[1] : ',';
}

const LEVEL_COLUMNS = { RETURN_KIND: 'kind', REF_AREA: 'area', [TIME_PERIOD]: 'period' } as const;
const FIGURE_COLUMNS = { SEX: 'sex', AGE: 'ageBand', OBS_VALUE: 'value', NUMERATOR: 'numerator', DENOMINATOR: 'denominator' } as const;
const REQUIRED = ['STRUCTURE', 'STRUCTURE_ID', 'RETURN_KIND', 'REF_AREA', TIME_PERIOD, 'SEX', 'OBS_VALUE'];
/** Columns SDMX-CSV 2.0 defines for labels and keys (labels=name, key=series|obs): read past, never needed. */
const DESCRIPTIVE = new Set(['STRUCTURE_NAME', 'SERIES_KEY', 'OBS_KEY']);
const KNOWN = new Set([...REQUIRED, 'ACTION', 'AGE', 'NUMERATOR', 'DENOMINATOR', 'UNIT_MEASURE', ...DESCRIPTIVE]);
const EXPECTED_ID = structureId(RETURNS_FLOW.id);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The column a header names: `STRUCTURE[;]` (a sub-field separator) is still STRUCTURE. */
const columnOf = (header: string) => (/^STRUCTURE\[.*\]$/.test(header) ? 'STRUCTURE' : header);

/**
 * Reads an SDMX-CSV 2.0 message of the dataflow CN_YUNYAN:WDP_RETURNS(1.0.0) as one statistical return, the
 * unit the returns API stores under its natural key (kind, area, period) — as a spreadsheet upload holds one
 * return. Rows are figures; every row names the same RETURN_KIND, REF_AREA and TIME_PERIOD. Actions I
 * (information) and A (append) add the return; R and D are refused, since a stored return is corrected with
 * PUT. STRUCTURE_NAME, SERIES_KEY and OBS_KEY columns are read past. Errors never repeat a cell's content: it
 * is the client's text.
 */
export function readSdmxReturn(sheet: Sheet, units: ReadonlyMap<string, string>, delimiter = ','): SdmxReturn {
  const out: SdmxReturn = { body: { figures: [] }, rowNumbers: [], levelRows: new Map(), errors: [] };
  const columns = sheet.headers.map(columnOf);
  columns.forEach((c, i) => {
    if (c !== '' && !KNOWN.has(c)) out.errors.push({ row: 1, field: '(header)', reason: `column ${i + 1} is not a component of ${EXPECTED_ID}; expected ${[...KNOWN].join(', ')}` });
    else if (c !== '' && columns.indexOf(c) !== i) out.errors.push({ row: 1, column: c, field: '(header)', reason: `column ${c} appears twice (column ${i + 1})` });
  });
  for (const c of REQUIRED) if (!columns.includes(c)) out.errors.push({ row: 1, column: c, field: c, reason: 'required column is missing' });
  if (out.errors.length) return out;
  if (sheet.rows.length === 0) return { ...out, errors: [{ row: 2, field: '(file)', reason: 'the message has a header row but no observations' }] };

  sheet.rows.forEach((row, i) => {
    const at = (column: string, field: string, reason: string) => out.errors.push({ row: row.rowNumber, column, field, reason });
    const cells = new Map([...row.cells].map(([h, v]) => [columnOf(h), String(v)]));
    if (cells.has('')) out.errors.push({ row: row.rowNumber, field: '(cell)', reason: 'has a value in a column without a header' });
    for (const [column, text] of cells) if (text.includes('\u0000')) at(column, column, NUL_REASON);
    if (cells.get('STRUCTURE') !== 'dataflow') at('STRUCTURE', 'STRUCTURE', 'must be dataflow');
    if (cells.get('STRUCTURE_ID') !== EXPECTED_ID) at('STRUCTURE_ID', 'STRUCTURE_ID', `must be ${EXPECTED_ID}`);
    const action = cells.get('ACTION') ?? 'I';
    if (action !== 'I' && action !== 'A') at('ACTION', 'ACTION', 'must be I (information) or A (append): a stored return is revised with PUT /v1/returns/{kind}/{id} or withdrawn with DELETE');

    for (const [column, name] of Object.entries(LEVEL_COLUMNS)) {
      const text = cells.get(column);
      if (text === undefined) {
        at(column, name === 'kind' ? column : name, 'is required');
        continue;
      }
      const first = out.levelRows.get(column);
      if (first === undefined) {
        out.levelRows.set(column, row.rowNumber);
        if (name === 'kind') out.kind = text;
        else out.body[name] = text;
      } else if ((name === 'kind' ? out.kind : out.body[name]) !== text) {
        at(column, name === 'kind' ? column : name, `differs from row ${first}: one message is one return, so ${column} is the same on every row (send other returns as their own messages)`);
      }
    }

    const figure: Record<string, unknown> = {};
    const field = (name: string) => `figures[${i}].${name}`;
    const sex = cells.get('SEX');
    if (sex === undefined) at('SEX', field('sex'), 'is required');
    else if (sexOfSdmx(sex) === undefined) at('SEX', field('sex'), 'must be a code of CL_SEX: F, M or _T');
    else figure.sex = sexOfSdmx(sex);
    const age = cells.get('AGE');
    if (age !== undefined) {
      const band = ageOfSdmx(age);
      if (band === undefined) at('AGE', field('ageBand'), 'must be a code of CL_AGE: _T (all ages) or a five-year band Y0T4 … Y80T84, Y_GE85');
      else if (band !== null) figure.ageBand = band;
    }
    for (const column of ['OBS_VALUE', 'NUMERATOR', 'DENOMINATOR'] as const) {
      const text = cells.get(column);
      const name = FIGURE_COLUMNS[column];
      if (text === undefined) continue; // a missing OBS_VALUE is reported by the returns API's own rules
      // With another field separator the message may use the decimal comma of its locale (the field guide's example 4).
      const decimal = delimiter === ',' ? text : text.replace(',', '.');
      if (NUMBER.test(decimal) && Number.isFinite(Number(decimal))) figure[name] = Number(decimal);
      else at(column, field(name), 'must be a number');
    }
    const unit = cells.get('UNIT_MEASURE');
    const expected = out.kind === undefined ? undefined : units.get(out.kind);
    if (unit !== undefined && expected !== undefined && unit !== expected) at('UNIT_MEASURE', 'unit', `must be ${expected}, the unit of this return kind (or left empty)`);
    out.body.figures.push(figure);
    out.rowNumbers.push(row.rowNumber);
  });
  if (out.kind !== undefined && !units.has(out.kind)) {
    out.errors.push({ row: out.levelRows.get('RETURN_KIND'), column: 'RETURN_KIND', field: 'RETURN_KIND', reason: 'is not a return kind of the statistics bureau (see CL_RETURN_KIND)' });
  }
  return out;
}

const SDMX_COLUMN: Record<string, string> = { sex: 'SEX', ageBand: 'AGE', value: 'OBS_VALUE', numerator: 'NUMERATOR', denominator: 'DENOMINATOR', area: 'REF_AREA', period: TIME_PERIOD };

/** The returns API's errors (`figures[2].value`, `period`) located at the row and SDMX column they came from. */
export function locateReturnErrors(errors: readonly FieldError[], read: Pick<SdmxReturn, 'rowNumbers' | 'levelRows'>): SdmxRowError[] {
  return errors.map((e) => {
    const m = /^figures\[(\d+)\]\.?([A-Za-z]*)/.exec(e.field);
    if (m) {
      const row = read.rowNumbers[Number(m[1])];
      const column = SDMX_COLUMN[m[2]];
      return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
    }
    const column = SDMX_COLUMN[e.field];
    const row = column ? read.levelRows.get(column) : undefined;
    return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
  });
}

/** Every problem once, by row then column: the reader's, then those of the API's rules on cells the reader could read. */
export function mergeRowErrors(read: readonly SdmxRowError[], pipeline: readonly SdmxRowError[]): SdmxRowError[] {
  const unreadable = new Set(read.map((e) => `${e.row}|${e.column}`));
  const all = [...read, ...pipeline.filter((e) => e.column === undefined || !unreadable.has(`${e.row}|${e.column}`))];
  return all.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? '') || a.field.localeCompare(b.field));
}
