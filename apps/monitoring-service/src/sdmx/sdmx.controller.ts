import { Controller, Get, Headers, Post, Query, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import {
  ApiIdempotencyKey, ApiKeyGuard, ApiKeyProtected, ApiProblems, DatabaseUnavailableInterceptor, departmentScope, DryRunQueryDto, MAX_BATCH_RETURNS, MAX_FIGURES, RequireScope, sendWrite,
  UploadProblemDetailsDto, writeOptions, type AuthenticatedRequest,
} from '@wdp/ingestion';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, ReadsRawBody } from '@wdp/platform';
import type { FastifyReply } from 'fastify';
import { ReadAccess } from '../auth/access.decorators';
import { FigureAccess } from '../auth/scope-access';
import { SdmxDataQueryDto, SdmxStructureQueryDto } from './dto/sdmx-query.dto';
import { negotiateFormat, negotiateStructureFormat, SDMX_CSV_DATA, SDMX_JSON_DATA, SDMX_JSON_STRUCTURE } from './sdmx-messages';
import { SDMX_ML_STRUCTURE } from './sdmx-ml';
import { RETURNS_FLOW, structureId } from './sdmx-model';
import { MAX_SDMX_IMPORT_BYTES, MAX_SDMX_IMPORT_ROWS, SDMX_IMPORT_LIMITS, SDMX_IMPORT_PROBLEM, SdmxService, type SdmxBody } from './sdmx.service';

const STATISTICS_WRITE = departmentScope('write', 'statistics');
const RETURNS_ROUTE = `/v1/sdmx/data/${RETURNS_FLOW.id}`;

const CSV_EXAMPLE =
  'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,LOWER_BOUND,UPPER_BOUND,INTERVAL_METHOD,NUMERATOR,DENOMINATOR\r\n' +
  'dataflow,CN_YUNYAN:WDP_INDICATORS(1.0.0),I,HEA-02,520103,_T,_T,2024,9.8,per-100k-live-births,A,F,0.25,54.6,poisson_exact,1,10204\r\n';

const RETURN_EXAMPLE = [
  'STRUCTURE,STRUCTURE_ID,ACTION,RETURN_KIND,REF_AREA,SEX,AGE,TIME_PERIOD,OBS_VALUE',
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520103,F,_T,2024,120`,
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520103,M,_T,2024,80`,
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520103,_T,_T,2024,200`,
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520102,F,_T,2024,95`,
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520102,M,_T,2024,70`,
  `dataflow,${structureId(RETURNS_FLOW.id)},I,party-members,520102,_T,_T,2024,165`,
].join('\r\n');

const IMPORTED_RETURN = {
  rows: [2, 3, 4], id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', kind: 'party-members', revision: 1, status: 'active',
  createdAt: '2025-08-02T03:04:05.000Z', updatedAt: '2025-08-02T03:04:05.000Z', area: '520103', period: '2024',
  figures: [{ sex: 'F', value: 120 }, { sex: 'M', value: 80 }, { sex: 'T', value: 200 }], unit: 'persons', outcome: 'created',
};

/** What a 413 adds to the problem: the limits it names, as numbers. */
const LIMITS_SCHEMA = {
  type: 'object' as const,
  properties: {
    limits: {
      type: 'object' as const,
      required: ['observations', 'returns', 'bytes'],
      properties: { observations: { type: 'integer' as const }, returns: { type: 'integer' as const }, bytes: { type: 'integer' as const } },
    },
  },
};

/** The answer of an import: what the message did, return by return. */
const IMPORT_RESULT_SCHEMA = {
  type: 'object' as const,
  required: ['dryRun', 'received', 'created', 'unchanged', 'items'],
  properties: {
    dryRun: { type: 'boolean' as const },
    received: { type: 'integer' as const, description: 'Returns in the message (one per RETURN_KIND × REF_AREA × TIME_PERIOD).' },
    created: { type: 'integer' as const, description: 'Returns created (in a dry run: that would be).' },
    unchanged: { type: 'integer' as const, description: 'Returns already stored with the same figures (no event).' },
    items: {
      type: 'array' as const,
      description:
        'Each return in the order it first appears in the message: rows (its row numbers in the message, the header being row 1), then the return as GET /v1/returns/{kind}/{id} shows it ' +
        '(a dry run’s new return: kind and body only) with outcome created, unchanged or would-create, and warnings (rules of warning severity its figures break) when there are any.',
      items: {
        type: 'object' as const,
        required: ['rows', 'kind', 'outcome'],
        additionalProperties: true,
        properties: {
          rows: { type: 'array' as const, items: { type: 'integer' as const } },
          kind: { type: 'string' as const },
          outcome: { type: 'string' as const, enum: ['created', 'unchanged', 'would-create'] },
        },
      },
    },
  },
};

const DATA_PRODUCES = { [SDMX_JSON_DATA]: { schema: { type: 'object' as const } }, [SDMX_CSV_DATA]: { schema: { type: 'string' as const }, example: CSV_EXAMPLE } };

/** The languages of the names a JSON message carries (SDMX recommends saying so); a CSV export of ids has none. */
const CONTENT_LANGUAGE = 'en, zh';

function send(reply: FastifyReply, message: SdmxBody): void {
  if (message.format === 'json') reply.header('Content-Language', CONTENT_LANGUAGE);
  void reply.header('Content-Type', message.format === 'csv' ? SDMX_CSV_DATA : SDMX_JSON_DATA).send(message.body);
}

function formatOf(q: SdmxDataQueryDto, accept: string | undefined): 'csv' | 'json' {
  const format = negotiateFormat(q.format, accept);
  if (!format) throw new ProblemException(problem(406, `Ask for ${SDMX_JSON_DATA} or ${SDMX_CSV_DATA} (or application/json, text/csv), or pass ?format=json|csv.`));
  return format;
}

@ApiTags('sdmx')
@ApiExtraModels(UploadProblemDetailsDto)
@Controller('v1/sdmx')
export class SdmxController {
  constructor(private readonly sdmx: SdmxService) {}

  @Get('structure')
  @ReadAccess()
  @ApiOperation({
    summary: 'SDMX structures: dataflows, data structure definitions, concepts and code lists (SDMX-JSON 2.0 or SDMX-ML 3.0)',
    description:
      'Agency CN_YUNYAN, version 1.0.0: dataflows WDP_INDICATORS (indicator values with their 95 % intervals), WDP_ASSESSMENTS (progress assessments) and WDP_RETURNS ' +
      '(the statistics bureau’s returns, importable as SDMX-CSV); dimensions INDICATOR or RETURN_KIND, REF_AREA, SEX, AGE, TIME_PERIOD; code lists from the stored catalogue and the area hierarchy, in English and Chinese. ' +
      'SDMX-ML 3.0 (?format=xml) leaves out the area hierarchy, since it cannot name a numeric code as a parent. ' +
      'Validated against the official SDMX-JSON 2.0.0 and SDMX-ML 3.0.0 schemas in the test suite. Scope: read:monitoring.',
  })
  @ApiProduces(SDMX_JSON_STRUCTURE, SDMX_ML_STRUCTURE)
  @ApiOkResponse({
    description: 'An SDMX-JSON 2.0 structure message, or with ?format=xml or Accept application/vnd.sdmx.structure+xml;version=3.0.0 the same as SDMX-ML 3.0.',
    content: { [SDMX_JSON_STRUCTURE]: { schema: { type: 'object' } }, [SDMX_ML_STRUCTURE]: { schema: { type: 'string' } } },
  })
  @ApiProblems(406, 422)
  async structure(@Query() q: SdmxStructureQueryDto, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const format = negotiateStructureFormat(q.format, accept);
    if (!format) throw new ProblemException(problem(406, `Ask for ${SDMX_JSON_STRUCTURE} or ${SDMX_ML_STRUCTURE}, or pass ?format=json|xml.`));
    const body = await this.sdmx.structure(format);
    void reply.header('Content-Type', format === 'xml' ? SDMX_ML_STRUCTURE : SDMX_JSON_STRUCTURE).header('Content-Language', CONTENT_LANGUAGE).send(body);
  }

  @Get('data/WDP_INDICATORS')
  @FigureAccess()
  @ApiOperation({
    summary: 'Indicator values with their 95 % intervals as SDMX-CSV 2.0 or SDMX-JSON 2.0',
    description:
      'The values /v1/values publishes, filtered the same way: cells from fewer than k records are withheld with their complements (OBS_VALUE, counts and interval empty; CONF_STATUS C or D). ' +
      'Format: ?format=csv|json, else the Accept header (application/vnd.sdmx.data+csv;version=2.0.0 or application/vnd.sdmx.data+json;version=2.0.0; JSON by default). Scope: read:monitoring or admin.',
  })
  @ApiProduces(SDMX_JSON_DATA, SDMX_CSV_DATA)
  @ApiOkResponse({ description: 'An SDMX data message.', content: DATA_PRODUCES })
  @ApiProblems(406, 422)
  async values(@Query() q: SdmxDataQueryDto, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.sdmx.values(q, formatOf(q, accept)));
  }

  @Get('data/WDP_ASSESSMENTS')
  @ReadAccess()
  @ApiOperation({
    summary: 'Progress assessments as SDMX-CSV 2.0 or SDMX-JSON 2.0',
    description:
      'Each current assessment (F, M and T; gender gaps are at /v1/gender-gaps) at the year it rests on: ASSESSMENT_STATUS, the current value and its interval, base, target, growth rates, ratio, projection, evidence. ' +
      'Where that year’s value cell is withheld as a small number, its derived figures are withheld too (CONF_STATUS C or D). period, from and to filter the year. Scope: read:monitoring.',
  })
  @ApiProduces(SDMX_JSON_DATA, SDMX_CSV_DATA)
  @ApiOkResponse({ description: 'An SDMX data message.', content: DATA_PRODUCES })
  @ApiProblems(406, 422)
  async assessments(@Query() q: SdmxDataQueryDto, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    send(reply, await this.sdmx.assessments(q, formatOf(q, accept)));
  }

  @Post('data/WDP_RETURNS')
  @ReadsRawBody()
  @UseGuards(ApiKeyGuard)
  @ApiKeyProtected()
  @RequireScope(STATISTICS_WRITE)
  @UseInterceptors(DatabaseUnavailableInterceptor)
  @ApiOperation({
    summary: 'Import the statistics bureau’s returns from an SDMX-CSV 2.0 message (any number of returns, all or nothing)',
    description:
      `Dataflow ${structureId(RETURNS_FLOW.id)}: one row per observation; the rows are grouped into returns by RETURN_KIND, REF_AREA and TIME_PERIOD (in any order), each return one POST /v1/returns/{kind} body and each row one of its figures. ` +
      'Columns STRUCTURE, STRUCTURE_ID, ACTION (I or A), RETURN_KIND, REF_AREA, SEX (F, M, _T), AGE (optional: _T or Y30T34 … Y_GE85), TIME_PERIOD, OBS_VALUE, and optionally NUMERATOR, DENOMINATOR, UNIT_MEASURE. ' +
      'Each return gets the validation of POST /v1/returns/{kind}, its natural-key rule, the approval lock and the validation rules; all of them are written in one transaction with their audit entries and outbox events, or none is. ' +
      'Any bad row of any return → 422 listing every problem by row number and column (an observation given twice is named at its second row, with the first); a locked cell → 409; ' +
      'different figures for a stored return → 409 at that return’s TIME_PERIOD cell (revise it with PUT); nothing is written in any of these cases. ' +
      `The Idempotency-Key covers the whole message. At most ${SDMX_IMPORT_LIMITS} (413 beyond); at most ${MAX_FIGURES} figures a return. ` +
      `Body: ${SDMX_CSV_DATA} or text/csv, UTF-8 or GB18030. Scope: ${STATISTICS_WRITE}.`,
  })
  @ApiConsumes(SDMX_CSV_DATA, 'text/csv')
  @ApiBody({ required: true, description: `The SDMX-CSV message as the raw body. Example (two returns):\n\n${RETURN_EXAMPLE}`, schema: { type: 'string', format: 'binary' } })
  @ApiIdempotencyKey()
  @ApiResponse({
    status: 201,
    description: 'Stored: at least one return was created, each with a submitted event queued in the same transaction.',
    content: { 'application/json': { schema: IMPORT_RESULT_SCHEMA, example: { dryRun: false, received: 2, created: 1, unchanged: 1, items: [IMPORTED_RETURN, { ...IMPORTED_RETURN, rows: [5, 6, 7], area: '520102', outcome: 'unchanged' }] } } },
  })
  @ApiOkResponse({
    description: 'Every return already stored with the same figures (outcome unchanged), or a dry run (outcome would-create or unchanged).',
    content: { 'application/json': { schema: IMPORT_RESULT_SCHEMA } },
  })
  @ApiResponse({
    status: 422, description: 'Bad rows, located by row number and column, in every return of the message; nothing was written.',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(UploadProblemDetailsDto) }, example: problem(422, SDMX_IMPORT_PROBLEM, {
      errors: [
        { row: 3, column: 'SEX', field: 'figures[1].sex', reason: 'must be a code of CL_SEX: F, M or _T' },
        { row: 6, column: 'OBS_VALUE', field: 'figures[1].value', reason: 'must be a number' },
        { row: 9, field: 'figures[2]', reason: 'repeats the observation of row 7 (the same RETURN_KIND, REF_AREA, TIME_PERIOD, SEX and AGE): give each observation once' },
      ] as never,
    }) } },
  })
  @ApiResponse({
    status: 413, description: `Past a limit of the message (at most ${SDMX_IMPORT_LIMITS}; the problem names them, also as limits); nothing was written.`,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { allOf: [{ $ref: getSchemaPath(UploadProblemDetailsDto) }, LIMITS_SCHEMA] }, example: problem(413,
      `An SDMX-CSV message of returns holds at most ${SDMX_IMPORT_LIMITS}; this one has 12000 observations. Split it into several messages (each is all or nothing).`,
      { errors: [{ field: '(file)', reason: `has 12000 observations: the limits are ${SDMX_IMPORT_LIMITS}` }] as never, limits: { observations: MAX_SDMX_IMPORT_ROWS, returns: MAX_BATCH_RETURNS, bytes: MAX_SDMX_IMPORT_BYTES } }) } },
  })
  @ApiProblems(400, 409, 415, 503)
  async importReturns(
    @Query() query: DryRunQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: AuthenticatedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const media = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if ((media !== 'application/vnd.sdmx.data+csv' && media !== 'text/csv') || !Buffer.isBuffer(req.body)) {
      throw new ProblemException(problem(415, `Send the message as ${SDMX_CSV_DATA} (or text/csv).`));
    }
    sendWrite(reply, await this.sdmx.importReturns(req.body, query.dryRun === 'true', writeOptions(req, idempotencyKey, RETURNS_ROUTE)));
  }
}
