import { NUL_REASON, type FieldError } from '@wdp/platform';
import { batchPathOf, type Sheet } from '@wdp/ingestion';
import { ageOfSdmx, RETURNS_FLOW, sexOfSdmx, structureId, TIME_PERIOD } from './sdmx-model';

/** One problem of an SDMX-CSV file, located as in a spreadsheet: row number (header = 1) and column. */
export interface SdmxRowError {
  row?: number;
  column?: string;
  /** JSON path of the field of the return the row became, as POST /v1/returns/{kind} names it; else the column. */
  field: string;
  reason: string;
}

/** One return of a message: its kind, the body the returns API takes, and the rows it came from. */
export interface SdmxReturn {
  kind?: string;
  body: { area?: string; period?: string; figures: Record<string, unknown>[] };
  /** Row number of each figure. */
  rowNumbers: number[];
  /** Row each return-level column (RETURN_KIND, REF_AREA, TIME_PERIOD) was read from: the return's first row. */
  levelRows: Map<string, number>;
}

/** A message read as returns, in the order each first appears, with every problem the reader found. */
export interface SdmxMessage {
  returns: SdmxReturn[];
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
 * Reads an SDMX-CSV 2.0 message of the dataflow CN_YUNYAN:WDP_RETURNS(1.0.0) as statistical returns, the unit the
 * returns API stores under its natural key: the rows are grouped by RETURN_KIND, REF_AREA and TIME_PERIOD, in any
 * order, each group one return and each row one of its figures (SEX and AGE say which). An observation (the same
 * five dimensions) given twice is refused at the second row, naming the first. Actions I (information) and A
 * (append) add returns; R and D are refused, since a stored return is corrected with PUT. STRUCTURE_NAME,
 * SERIES_KEY and OBS_KEY columns are read past. Errors never repeat a cell's content: it is the client's text.
 */
export function readSdmxReturns(sheet: Sheet, units: ReadonlyMap<string, string>, delimiter = ','): SdmxMessage {
  const out: SdmxMessage = { returns: [], errors: [] };
  const columns = sheet.headers.map(columnOf);
  columns.forEach((c, i) => {
    if (c !== '' && !KNOWN.has(c)) out.errors.push({ row: 1, field: '(header)', reason: `column ${i + 1} is not a component of ${EXPECTED_ID}; expected ${[...KNOWN].join(', ')}` });
    else if (c !== '' && columns.indexOf(c) !== i) out.errors.push({ row: 1, column: c, field: '(header)', reason: `column ${c} appears twice (column ${i + 1})` });
  });
  for (const c of REQUIRED) if (!columns.includes(c)) out.errors.push({ row: 1, column: c, field: c, reason: 'required column is missing' });
  if (out.errors.length) return out;
  if (sheet.rows.length === 0) return { ...out, errors: [{ row: 2, field: '(file)', reason: 'the message has a header row but no observations' }] };

  const groups = new Map<string, SdmxReturn>();
  /** The row each observation (return and SEX × AGE) was first given at. */
  const observed = new Map<string, number>();
  for (const row of sheet.rows) {
    const at = (column: string, field: string, reason: string) => out.errors.push({ row: row.rowNumber, column, field, reason });
    const cells = new Map([...row.cells].map(([h, v]) => [columnOf(h), String(v)]));
    if (cells.has('')) out.errors.push({ row: row.rowNumber, field: '(cell)', reason: 'has a value in a column without a header' });
    for (const [column, text] of cells) if (text.includes('\u0000')) at(column, column, NUL_REASON);
    if (cells.get('STRUCTURE') !== 'dataflow') at('STRUCTURE', 'STRUCTURE', 'must be dataflow');
    if (cells.get('STRUCTURE_ID') !== EXPECTED_ID) at('STRUCTURE_ID', 'STRUCTURE_ID', `must be ${EXPECTED_ID}`);
    const action = cells.get('ACTION') ?? 'I';
    if (action !== 'I' && action !== 'A') at('ACTION', 'ACTION', 'must be I (information) or A (append): a stored return is revised with PUT /v1/returns/{kind}/{id} or withdrawn with DELETE');

    // The return the row is a figure of. A row without one of the three still joins the rows missing the same, so
    // its other cells are checked too; the returns API then refuses that return for the missing part.
    const [kind, area, period] = Object.keys(LEVEL_COLUMNS).map((column) => cells.get(column));
    for (const [column, name] of Object.entries(LEVEL_COLUMNS)) if (!cells.has(column)) at(column, name === 'kind' ? column : name, 'is required');
    const key = JSON.stringify([kind ?? null, area ?? null, period ?? null]);
    let group = groups.get(key);
    if (!group) {
      group = { kind, body: { area, period, figures: [] }, rowNumbers: [], levelRows: new Map(Object.keys(LEVEL_COLUMNS).map((c) => [c, row.rowNumber])) };
      groups.set(key, group);
      out.returns.push(group);
    }

    const index = group.body.figures.length;
    const figure: Record<string, unknown> = {};
    const field = (name: string) => `figures[${index}].${name}`;
    const sex = cells.get('SEX');
    if (sex === undefined) at('SEX', field('sex'), 'is required');
    else if (sexOfSdmx(sex) === undefined) at('SEX', field('sex'), 'must be a code of CL_SEX: F, M or _T');
    else figure.sex = sexOfSdmx(sex);
    const age = cells.get('AGE');
    const band = age === undefined ? null : ageOfSdmx(age);
    if (band === undefined) at('AGE', field('ageBand'), 'must be a code of CL_AGE: _T (all ages) or a five-year band Y0T4 … Y80T84, Y_GE85');
    else if (band !== null) figure.ageBand = band;
    if (figure.sex !== undefined && band !== undefined) {
      const observation = JSON.stringify([key, figure.sex, band]);
      const first = observed.get(observation);
      if (first === undefined) observed.set(observation, row.rowNumber);
      else out.errors.push({ row: row.rowNumber, field: `figures[${index}]`, reason: `repeats the observation of row ${first} (the same RETURN_KIND, REF_AREA, TIME_PERIOD, SEX and AGE): give each observation once` });
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
    const expected = kind === undefined ? undefined : units.get(kind);
    if (unit !== undefined && expected !== undefined && unit !== expected) at('UNIT_MEASURE', 'unit', `must be ${expected}, the unit of this return kind (or left empty)`);
    group.body.figures.push(figure);
    group.rowNumbers.push(row.rowNumber);
  }
  for (const r of out.returns) {
    if (r.kind !== undefined && !units.has(r.kind)) {
      out.errors.push({ row: r.levelRows.get('RETURN_KIND'), column: 'RETURN_KIND', field: 'RETURN_KIND', reason: 'is not a return kind of the statistics bureau (see CL_RETURN_KIND)' });
    }
  }
  return out;
}

const SDMX_COLUMN: Record<string, string> = { sex: 'SEX', ageBand: 'AGE', value: 'OBS_VALUE', numerator: 'NUMERATOR', denominator: 'DENOMINATOR', area: 'REF_AREA', period: TIME_PERIOD };

/**
 * The returns API's errors on one return (`figures[2].value`, `period`) located at the row and SDMX column they came
 * from; an error of the whole return (a rule it breaks) at the return's first row.
 */
export function locateReturnErrors(errors: readonly FieldError[], read: Pick<SdmxReturn, 'rowNumbers' | 'levelRows'>): SdmxRowError[] {
  const firstRow = read.rowNumbers[0];
  return errors.map((e) => {
    const m = /^figures\[(\d+)\]\.?([A-Za-z]*)/.exec(e.field);
    if (m) {
      const row = read.rowNumbers[Number(m[1])];
      const column = SDMX_COLUMN[m[2]];
      return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
    }
    const column = SDMX_COLUMN[e.field];
    const row = column ? read.levelRows.get(column) : firstRow;
    return { ...(row !== undefined ? { row } : {}), ...(column ? { column } : {}), field: e.field, reason: e.reason };
  });
}

/**
 * The errors of a batch of returns (`returns[1].figures[0].value`, as ReturnService.submitMany names them) located
 * in the message, each field named as POST /v1/returns/{kind} names it within its return: the row says which.
 */
export function locateBatchErrors(errors: readonly FieldError[], returns: readonly Pick<SdmxReturn, 'rowNumbers' | 'levelRows'>[]): SdmxRowError[] {
  return errors.flatMap((e) => {
    const at = batchPathOf(e.field);
    const read = at && returns[at.index];
    return read ? locateReturnErrors([{ ...e, field: at.field }], read) : [{ field: e.field, reason: e.reason }];
  });
}

/** Every problem once, by row then column: the reader's, then those of the API's rules on cells the reader could read. */
export function mergeRowErrors(read: readonly SdmxRowError[], pipeline: readonly SdmxRowError[]): SdmxRowError[] {
  // A cell the reader refused is absent from the return, so the API's "is required" for it is noise; so is its own
  // "repeats the cell" for an observation the reader named as repeated.
  const unreadable = new Set(read.map((e) => (e.column === undefined ? `${e.row}|field:${e.field}` : `${e.row}|${e.column}`)));
  return sortRowErrors([...read, ...pipeline.filter((e) => !unreadable.has(e.column === undefined ? `${e.row}|field:${e.field}` : `${e.row}|${e.column}`))]);
}

/** By row, then column, then field: the order a person reads the message in. */
export function sortRowErrors(errors: readonly SdmxRowError[]): SdmxRowError[] {
  return [...errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? '') || a.field.localeCompare(b.field));
}
