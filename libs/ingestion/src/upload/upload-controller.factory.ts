import { applyDecorators, Controller, Get, Headers, Inject, Post, Query, Req, Res, Type, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags, getSchemaPath,
  type ApiOperationOptions,
} from '@nestjs/swagger';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, ReadsRawBody } from '@wdp/platform';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { DatabaseUnavailableInterceptor } from '../http/database-unavailable.interceptor';
import { DryRunQueryDto } from '../http/list-query.dto';
import { ApiIdempotencyKey, ApiKeyProtected, ApiProblems, ProblemDetailsDto } from '../http/problem-docs';
import { sendWrite, writeOptions } from '../http/reply';
import { named } from '../http/schema-classes';
import { pascalCase } from '../naming';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import { MAX_BATCH_ITEMS } from '../records/record-batch';
import type { RecordKindSpec } from '../records/record-kind';
import { SubmissionResultDto } from '../records/record.dto';
import { MAX_FIGURES, type ReturnKindSpec } from '../returns/return-kind';
import type { WriteOptions } from '../stored/stored-item.service';
import { kindNames, recordColumns, returnColumns } from './columns';
import { CSV_CONTENT_TYPE, formatOf, XLSX_CONTENT_TYPE } from './spreadsheet';
import { csvTemplate, xlsxTemplate, type TemplateInfo } from './templates';
import { UPLOAD_PROBLEM_DETAIL, UploadService, type UploadFile } from './upload.service';

export class UploadErrorDto {
  @ApiPropertyOptional({ example: 4, description: 'Spreadsheet row number (the header is row 1); absent for a problem of the whole file.' })
  row?: number;

  @ApiPropertyOptional({ example: 'attributes.deliveryMode', description: 'Column header of the offending cell.' })
  column?: string;

  @ApiProperty({ example: 'items[2].attributes.deliveryMode', description: 'JSON path of the field, as the JSON API names it.' })
  field: string;

  @ApiProperty({ example: 'must be one of the following values: vaginal, caesarean' })
  reason: string;
}

/** The problem-details answer of an upload: its errors carry the spreadsheet row number and column. */
export class UploadProblemDetailsDto extends ProblemDetailsDto {
  @ApiPropertyOptional({ type: [UploadErrorDto], description: 'Every bad cell of every row, by row number and column.' })
  override errors?: UploadErrorDto[] = undefined;
}

const BINARY = { type: 'string', format: 'binary' } as const;

function fileBody(description: string) {
  return ApiBody({
    description,
    required: true,
    schema: BINARY,
  });
}

function uploadProblemExample(columnExample: string, fieldExample: string) {
  return problem(422, UPLOAD_PROBLEM_DETAIL, {
    errors: [
      { row: 4, column: 'sex', field: 'items[2].sex', reason: 'must be one of the following values: F, M' },
      { row: 9, column: columnExample, field: fieldExample, reason: 'must be a whole number' },
    ] as never,
  });
}

/** The 415 for a body that is neither CSV nor XLSX. */
function unsupported(contentType: string | undefined): ProblemException {
  return new ProblemException(problem(415, `Send the file as ${CSV_CONTENT_TYPE} or ${XLSX_CONTENT_TYPE}${contentType ? `, not ${contentType.split(';')[0]}` : ''}.`));
}

function fileOf(req: AuthenticatedRequest) {
  const format = formatOf(req.headers['content-type']);
  if (!format || !Buffer.isBuffer(req.body)) throw unsupported(req.headers['content-type']);
  return { format, data: req.body };
}

async function sendTemplate(reply: FastifyReply, info: TemplateInfo, format: 'csv' | 'xlsx'): Promise<void> {
  const body = format === 'csv' ? csvTemplate(info) : await xlsxTemplate(info);
  void reply
    .header('Content-Type', format === 'csv' ? `${CSV_CONTENT_TYPE}; charset=utf-8` : XLSX_CONTENT_TYPE)
    .header('Content-Disposition', `attachment; filename="${info.kind}-${info.type}-template.${format}"`)
    .send(body);
}

const RECORD_XLSX_SHEETS =
  'Sheet "data": the header row to fill in (code-like columns formatted as text). Sheet "columns": each column’s meaning, whether required, type, allowed values and an example, in English and Chinese.';
const RETURN_XLSX_SHEETS = 'Sheet "data": the header row. Sheet "columns": each column documented in English and Chinese.';

interface SpreadsheetRoutesOptions {
  department: string;
  /** `v1/records/<kind>` or `v1/returns/<kind>`. */
  path: string;
  tag: string;
  models: Type<unknown>[];
  info: TemplateInfo;
  /** What the templates are for, in their summaries. */
  what: string;
  xlsxDescription: string;
  /** The upload's summary and description, its CSV example, and its success and 422 responses. */
  operation: ApiOperationOptions;
  csvExample: string;
  responses: MethodDecorator[];
  /** Hands the file to the pipeline of the JSON route. */
  upload(uploads: UploadService, file: UploadFile, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse>;
}

/**
 * The spreadsheet routes of one kind, records or returns alike: GET template.csv and template.xlsx (no key
 * needed) and POST upload (a CSV or XLSX body through the same pipeline as the JSON route). Each resource
 * brings its words, examples and the call into UploadService.
 */
function spreadsheetController(o: SpreadsheetRoutesOptions): Type<unknown> {
  const route = `/${o.path}/upload`;
  const write = departmentScope('write', o.department);
  const header = o.info.columns.map((c) => c.header).join(',');
  const documented = applyDecorators(ApiOperation(o.operation), ApiConsumes(CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE), fileBody(`The spreadsheet file as the raw request body. CSV example:\n\n${o.csvExample}`));

  @ApiTags(o.tag)
  @ApiExtraModels(...o.models, UploadErrorDto, UploadProblemDetailsDto)
  @UseInterceptors(DatabaseUnavailableInterceptor)
  @Controller(o.path)
  class SpreadsheetController {
    constructor(@Inject(UploadService) readonly uploads: UploadService) {}

    @Post('upload')
    @ReadsRawBody()
    @UseGuards(ApiKeyGuard)
    @ApiKeyProtected()
    @RequireScope(write)
    @documented
    @ApiIdempotencyKey()
    @applyDecorators(...o.responses)
    @ApiProblems(400, 409, 413, 415, 503)
    async upload(
      @Query() query: DryRunQueryDto,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await o.upload(this.uploads, fileOf(req), query.dryRun === 'true', writeOptions(req, idempotencyKey, route)));
    }

    @Get('template.csv')
    @ApiOperation({ summary: `CSV template for ${o.what} (header row; no key needed)` })
    @ApiProduces(CSV_CONTENT_TYPE)
    @ApiOkResponse({ description: 'The header row of the upload.', content: { [CSV_CONTENT_TYPE]: { schema: { type: 'string' }, example: `${header}\r\n` } } })
    async csvTemplate(@Res() reply: FastifyReply): Promise<void> {
      await sendTemplate(reply, o.info, 'csv');
    }

    @Get('template.xlsx')
    @ApiOperation({ summary: `XLSX template for ${o.what} (no key needed)`, description: o.xlsxDescription })
    @ApiOkResponse({ description: 'An XLSX workbook.', content: { [XLSX_CONTENT_TYPE]: { schema: BINARY } } })
    async xlsxTemplate(@Res() reply: FastifyReply): Promise<void> {
      await sendTemplate(reply, o.info, 'xlsx');
    }
  }
  return SpreadsheetController;
}

/**
 * Spreadsheet upload of one record kind: POST /v1/records/{kind}/upload (CSV or XLSX body, the same pipeline as
 * a JSON batch) and GET /v1/records/{kind}/template.csv|.xlsx (no key needed).
 */
export function createRecordUploadController(department: string, spec: RecordKindSpec): Type<unknown> {
  const path = `v1/records/${spec.kind}`;
  const write = departmentScope('write', department);
  const columns = recordColumns(spec, department);
  const info: TemplateInfo = { kind: spec.kind, names: kindNames(department, spec.kind, spec.title, true), type: 'records', columns };
  const intColumn = columns.find((c) => c.type === 'integer') ?? columns[0];
  const header = columns.map((c) => c.header).join(',');

  return named(`${pascalCase(spec.kind)}RecordUploadController`, spreadsheetController({
    department, path, tag: `${spec.kind} records`, models: [SubmissionResultDto], info,
    what: `${spec.title.toLowerCase()} uploads`, xlsxDescription: RECORD_XLSX_SHEETS,
    operation: {
      summary: `Upload ${spec.title.toLowerCase()} records as a CSV or XLSX file (up to ${MAX_BATCH_ITEMS} rows)`,
      description: `One row per record; the header row names the columns (download template.csv or template.xlsx). Columns: ${header}. Cells are converted to the JSON fields (whole numbers, numbers, booleans as true/false, 是/否 or 1/0; sex also 女/男), then the file goes through exactly the pipeline of POST /v1/records/${spec.kind} with { "items": [...] }: atomic (any bad cell → 422 listing every bad cell by row number and column, nothing written), references already stored with the same content are unchanged, one event per created record. XLSX: the first worksheet is read. CSV: UTF-8 (with or without BOM) or GB18030. In the 201/200 answer, items[].row is the spreadsheet row number. Scope: ${write}.`,
    },
    csvExample: header,
    responses: [
      ApiResponse({ status: 201, type: SubmissionResultDto, description: 'At least one record was created.', example: {
        dryRun: false, received: 2, created: 2, unchanged: 0,
        items: [
          { row: 2, id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', reference: spec.example.reference, revision: 1, status: 'created' },
          { row: 3, id: '6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', reference: `${String(spec.example.reference)}-2`, revision: 1, status: 'created' },
        ],
      } }),
      ApiOkResponse({ type: SubmissionResultDto, description: 'Nothing new (every row already stored with the same content), or a dry run.' }),
      ApiResponse({
        status: 422, description: 'Bad cells: every one listed with its row number and column; nothing was written.',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(UploadProblemDetailsDto) }, example: uploadProblemExample(intColumn.header, `items[7].${intColumn.header}`) } },
      }),
    ],
    upload: (uploads, file, dryRun, opts) => uploads.uploadRecords(spec, file, dryRun, opts),
  }));
}

/**
 * Spreadsheet upload of one statistical return: POST /v1/returns/{kind}/upload (one row per figure; the same area
 * and period on every row) and GET /v1/returns/{kind}/template.csv|.xlsx.
 */
export function createReturnUploadController(department: string, spec: ReturnKindSpec): Type<unknown> {
  const path = `v1/returns/${spec.kind}`;
  const write = departmentScope('write', department);
  const columns = returnColumns(spec);
  const info: TemplateInfo = { kind: spec.kind, names: kindNames(department, spec.kind, spec.title, false), type: 'returns', columns };
  const header = columns.map((c) => c.header).join(',');
  const figures = (spec.example.figures as Record<string, unknown>[] | undefined) ?? [];
  const exampleCsv = [header, ...figures.map((f) => columns.map((c) => String(c.returnLevel ? spec.example[c.header] ?? '' : f[c.header] ?? '')).join(','))].join('\n');

  return named(`${pascalCase(spec.kind)}ReturnUploadController`, spreadsheetController({
    department, path, tag: `${spec.kind} returns`, models: [], info,
    what: `${spec.title.toLowerCase()} returns`, xlsxDescription: RETURN_XLSX_SHEETS,
    operation: {
      summary: `Upload a ${spec.title.toLowerCase()} return as a CSV or XLSX file (one row per figure)`,
      description: `One file is one return: area and period are the same on every row (blank = as above), each row one figure (up to ${MAX_FIGURES}). Columns: ${header}. The file then goes through exactly the pipeline of POST /v1/returns/${spec.kind}: any bad cell → 422 listing every bad cell by row number and column, nothing written; the same figures again are unchanged; different figures for an existing return are a 409 (revise with PUT). Scope: ${write}.`,
    },
    csvExample: exampleCsv,
    responses: [
      ApiResponse({ status: 201, description: 'Stored; a submitted event was queued in the same transaction (the return as GET /v1/returns/{kind}/{id} shows it, plus outcome).' }),
      ApiOkResponse({ description: 'Already stored with the same figures (outcome unchanged), or a dry run (outcome would-create).' }),
      ApiResponse({
        status: 422, description: 'Bad cells, located by row number and column; nothing was written.',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(UploadProblemDetailsDto) }, example: problem(422, UPLOAD_PROBLEM_DETAIL, {
          errors: [{ row: 3, column: 'value', field: 'figures[1].value', reason: 'must be a number' }, { row: 4, column: 'period', field: 'period', reason: 'differs from row 2 (2024): a file holds one return, so period is the same on every row' }] as never,
        }) } },
      }),
    ],
    upload: (uploads, file, dryRun, opts) => uploads.uploadReturn(spec, file, dryRun, opts),
  }));
}
