import { FieldError, problem, ProblemException } from '@wdp/platform';
import { ruleContext, type DepartmentContext } from '../department-context';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import { MAX_BATCH_ITEMS, prepareSubmission } from '../records/record-batch';
import type { RecordKindSpec } from '../records/record-kind';
import type { RecordService } from '../records/record.service';
import { MAX_FIGURES, type ReturnKindSpec } from '../returns/return-kind';
import { prepareReturn } from '../returns/return-validation';
import type { ReturnService } from '../returns/return.service';
import type { WriteOptions } from '../stored/stored-item.service';
import { recordColumns, returnColumns, type Column } from './columns';
import { locate, mapRecordRows, mapReturnRows, resolveHeaders, sortUploadErrors, type Locator, type UploadError } from './row-mapping';
import { readSheet, SheetFormatError, type Sheet, type SheetFormat } from './spreadsheet';

export const UPLOAD_PROBLEM_DETAIL = 'The file has invalid cells; nothing was written.';

export interface UploadFile {
  format: SheetFormat;
  data: Buffer;
}

/**
 * Turns a CSV or XLSX file into the body the JSON API takes and hands it to the same RecordService /
 * ReturnService call, so an upload gets exactly the batch's validation, atomicity, natural-key handling,
 * idempotency and events. What this class adds is only the translation: cells to typed fields on the way in,
 * JSON paths to spreadsheet rows and columns on the way out.
 */
export class UploadService {
  constructor(private readonly records: RecordService, private readonly returns: ReturnService, private readonly ctx: DepartmentContext) {}

  async uploadRecords(spec: RecordKindSpec, file: UploadFile, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    const columns = recordColumns(spec, this.ctx.department);
    const sheet = await this.sheetOf(file, columns, MAX_BATCH_ITEMS, 'records');
    const { byHeader } = resolveHeaders(sheet.headers, columns);
    const mapped = mapRecordRows(sheet, byHeader);
    const at: Locator = { array: 'items', rowNumbers: mapped.rowNumbers, columns };
    if (mapped.errors.length) {
      // Cells that could not be read are reported with everything else wrong in the file, from the same pure pipeline.
      const rest = prepareSubmission(spec, mapped.body, ruleContext(this.ctx)).errors;
      throw invalid(merge(mapped.errors, locate(rest, at), columns), columns);
    }
    const response = await this.relocating(at, () => this.records.submit(spec, mapped.body, dryRun, opts));
    return { ...response, body: withSheetRows(response.body, mapped.rowNumbers) };
  }

  async uploadReturn(spec: ReturnKindSpec, file: UploadFile, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse> {
    const columns = returnColumns(spec);
    const sheet = await this.sheetOf(file, columns, MAX_FIGURES, 'figures');
    const { byHeader } = resolveHeaders(sheet.headers, columns);
    const mapped = mapReturnRows(sheet, byHeader);
    const at: Locator = { array: 'figures', rowNumbers: mapped.rowNumbers, columns, fieldRows: mapped.fieldRows };
    if (mapped.errors.length) {
      const rest = prepareReturn(spec, mapped.body, ruleContext(this.ctx)).errors;
      throw invalid(merge(mapped.errors, locate(rest, at), columns), columns);
    }
    return this.relocating(at, () => this.returns.submit(spec, mapped.body, dryRun, opts));
  }

  /** Reads the file and checks its header row and size; every header problem is reported at once. */
  private async sheetOf(file: UploadFile, columns: Column[], maxRows: number, what: string): Promise<Sheet> {
    let sheet: Sheet;
    try {
      sheet = await readSheet(file.format, file.data);
    } catch (err) {
      if (err instanceof SheetFormatError) throw invalid([{ field: '(file)', reason: err.message }], columns);
      throw err;
    }
    if (sheet.headers.every((h) => h === '')) throw invalid([{ row: 1, field: '(header)', reason: 'the first row must name the columns (download the template)' }], columns);
    const { errors } = resolveHeaders(sheet.headers, columns);
    if (errors.length) throw invalid(errors, columns);
    if (sheet.rows.length === 0) throw invalid([{ row: 2, field: '(file)', reason: 'the file has a header row but no data rows' }], columns);
    if (sheet.rows.length > maxRows) {
      throw new ProblemException(problem(413, `One upload holds at most ${maxRows} ${what}; this file has ${sheet.rows.length} data rows. Split it (the upload CLI does this).`));
    }
    return sheet;
  }

  /** Runs the JSON pipeline; its 409/422 errors come back located in the sheet. */
  private async relocating(at: Locator, write: () => Promise<WriteResponse>): Promise<WriteResponse> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof ProblemException && Array.isArray(err.problem.errors)) {
        const errors = sortUploadErrors(locate(err.problem.errors as FieldError[], at), at.columns);
        const conflicts = (err.problem as { conflicts?: { row?: number }[] }).conflicts?.map((c) => (c.row === undefined ? c : { ...c, row: at.rowNumbers[c.row] }));
        const detail = err.problem.status === 422 && err.problem.detail === 'The request has invalid fields; nothing was written.' ? UPLOAD_PROBLEM_DETAIL : err.problem.detail;
        throw new ProblemException({ ...err.problem, detail, errors: errors as FieldError[], ...(conflicts ? { conflicts } : {}) }, err.headers);
      }
      throw err;
    }
  }
}

function merge(cellErrors: UploadError[], rest: UploadError[], columns: Column[]): UploadError[] {
  // A cell that could not be read is absent from the item, so the pipeline's "is required" for it (or for the
  // other column of its ageBand|age pair) is noise.
  const groupOf = (column: string | undefined) => columns.find((c) => c.header === column)?.oneOf ?? column;
  const unreadable = new Set(cellErrors.map((e) => `${e.row}|${groupOf(e.column)}`));
  return [...cellErrors, ...rest.filter((e) => e.column === undefined || !unreadable.has(`${e.row}|${groupOf(e.column)}`))];
}

function invalid(errors: UploadError[], columns: Column[]): ProblemException {
  return ProblemException.validation(sortUploadErrors(errors, columns) as FieldError[], UPLOAD_PROBLEM_DETAIL);
}

/** The batch result with each item's `row` as the spreadsheet row number instead of the item index. */
function withSheetRows(body: unknown, rowNumbers: number[]): unknown {
  const b = body as { items?: { row: number }[] };
  if (!b || !Array.isArray(b.items)) return body;
  return { ...b, items: b.items.map((i) => ({ ...i, row: rowNumbers[i.row] ?? i.row })) };
}
