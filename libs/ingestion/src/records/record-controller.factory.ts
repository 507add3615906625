import { Body, Controller, Delete, Get, Headers, Inject, Param, Patch, Post, Put, Query, Req, Res, Type, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiResponse, ApiTags, getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { DatabaseUnavailableInterceptor } from '../http/database-unavailable.interceptor';
import { withdrawReason, DryRunQueryDto, RecordListQueryDto, WithdrawQueryDto } from '../http/list-query.dto';
import { ApiIdempotencyKey, ApiKeyProtected, ApiProblems } from '../http/problem-docs';
import { sendWrite } from '../http/reply';
import { named, viewAndPage } from '../http/schema-classes';
import { pascalCase } from '../naming';
import { MAX_BATCH_ITEMS } from './record-batch';
import type { RecordKindSpec } from './record-kind';
import { SubmissionResultDto } from './record.dto';
import { RecordService } from './record.service';

/** The batch, view and page schemas of one kind, named after it so OpenAPI lists them separately. */
function kindSchemas(spec: RecordKindSpec) {
  const base = pascalCase(spec.kind);
  const Item = spec.itemClass;
  const Batch = named(`${base}RecordBatch`, class {});
  ApiProperty({ type: () => [Item], minItems: 1, maxItems: MAX_BATCH_ITEMS, description: `1 to ${MAX_BATCH_ITEMS} records, validated and stored atomically.` })(Batch.prototype, 'items');
  const { View, Page } = viewAndPage(`${base}Record`, Item);
  return { Item, Batch, View, Page };
}

/**
 * A Nest controller for one record kind of one department, at /v1/records/{kind}:
 * POST (one item or `{ items }`, `?dryRun=true`, Idempotency-Key), GET (paged list), GET /{id},
 * PUT /{id} (revise or reinstate), DELETE /{id}?reason= (withdraw). Writes need `write:<department>`,
 * reads `read:<department>`.
 */
export function createRecordController(department: string, spec: RecordKindSpec): Type<unknown> {
  const { Item, Batch, View, Page } = kindSchemas(spec);
  const path = `v1/records/${spec.kind}`;
  const route = `/${path}`;
  const write = departmentScope('write', department);
  const read = departmentScope('read', department);
  const single = spec.example;
  const second = { ...spec.example, reference: `${String(spec.example.reference)}-2` };

  @ApiTags(`${spec.kind} records`)
  @ApiExtraModels(Item, Batch, View, Page, SubmissionResultDto)
  @ApiKeyProtected()
  @UseGuards(ApiKeyGuard)
  @UseInterceptors(DatabaseUnavailableInterceptor)
  @Controller(path)
  class RecordKindController {
    constructor(@Inject(RecordService) readonly records: RecordService) {}

    @Post()
    @RequireScope(write)
    @ApiOperation({
      summary: `Submit ${spec.title.toLowerCase()} records (one, or a batch of up to ${MAX_BATCH_ITEMS})`,
      description: `${spec.description}\n\nSend one record, or { "items": [ ... ] }. A batch is atomic: if any row is invalid the answer is 422 listing every bad field of every row, and nothing is written. A reference already stored with the same content is reported as unchanged (no double counting); with different content the answer is 409 (revise with PUT). Each created record emits one event on the department topic, committed in the same transaction. Scope: ${write}.`,
    })
    @ApiIdempotencyKey()
    @ApiBody({
      schema: { oneOf: [{ $ref: getSchemaPath(Item) }, { $ref: getSchemaPath(Batch) }] },
      examples: { single: { summary: 'One record', value: single }, batch: { summary: 'A batch', value: { items: [single, second] } } },
    })
    @ApiResponse({ status: 201, type: SubmissionResultDto, description: 'At least one record was created.', example: {
      dryRun: false, received: 2, created: 2, unchanged: 0,
      items: [
        { row: 0, id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', reference: single.reference, revision: 1, status: 'created' },
        { row: 1, id: '6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', reference: second.reference, revision: 1, status: 'created' },
      ],
    } })
    @ApiOkResponse({ type: SubmissionResultDto, description: 'Nothing new: every item was already stored with the same content, or this was a dry run.', example: {
      dryRun: true, received: 1, created: 1, unchanged: 0, items: [{ row: 0, reference: single.reference, status: 'would-create' }],
    } })
    @ApiProblems(400, 409, 413, 422, 503)
    async submit(
      @Body() body: unknown,
      @Query() query: DryRunQueryDto,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.records.submit(spec, body, query.dryRun === 'true', { principal: req.apiKey!, idempotencyKey, route }));
    }

    @Get()
    @RequireScope(read)
    @ApiOperation({ summary: `List ${spec.title.toLowerCase()} records submitted to this service (paged, filtered)`, description: `For reconciliation. Oldest first; follow nextCursor. Scope: ${read}.` })
    @ApiOkResponse({ type: Page })
    @ApiProblems(422, 503)
    list(@Query() query: RecordListQueryDto) {
      return this.records.list(spec, query);
    }

    @Get(':id')
    @RequireScope(read)
    @ApiOperation({ summary: `Fetch one ${spec.title.toLowerCase()} record`, description: `Scope: ${read}.` })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiOkResponse({ type: View })
    @ApiProblems(404, 503)
    get(@Param('id') id: string) {
      return this.records.get(spec, id);
    }

    @Put(':id')
    @RequireScope(write)
    @ApiOperation({
      summary: `Revise a ${spec.title.toLowerCase()} record (or reinstate a withdrawn one)`,
      description: `Send the whole corrected record; the reference (natural key) cannot change. The revision goes up by one and a revised event carries the previous and current facts. Sending the current content again is a no-op. Scope: ${write}.`,
    })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiIdempotencyKey()
    @ApiBody({ type: Item, examples: { revised: { summary: 'Corrected record', value: single } } })
    @ApiOkResponse({ type: View })
    @ApiProblems(400, 404, 409, 422, 503)
    async revise(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.records.revise(spec, id, body, { principal: req.apiKey!, idempotencyKey, route }));
    }

    @Patch(':id')
    @RequireScope(write)
    @ApiOperation({
      summary: `Correct part of a ${spec.title.toLowerCase()} record (JSON merge patch)`,
      description: `Send only what changes, as an RFC 7396 merge patch (objects merge, null removes an optional field); the result is validated like a PUT. The revision goes up by one and a revised event carries the previous and current facts. Scope: ${write}.`,
    })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiIdempotencyKey()
    @ApiConsumes('application/merge-patch+json', 'application/json')
    @ApiBody({ schema: { type: 'object', description: `Any subset of the ${pascalCase(spec.kind)}Record fields.` }, examples: { patch: { summary: 'Change the period', value: { period: spec.example.period } } } })
    @ApiOkResponse({ type: View })
    @ApiProblems(400, 404, 409, 422, 503)
    async patch(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.records.patch(spec, id, body, { principal: req.apiKey!, idempotencyKey, route }));
    }

    @Delete(':id')
    @RequireScope(write)
    @ApiOperation({
      summary: `Withdraw a ${spec.title.toLowerCase()} record`,
      description: `The record stops counting: a withdrawn event carries the previous fact. Withdrawing again is a no-op. Reinstate with PUT. Scope: ${write}.`,
    })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiIdempotencyKey()
    @ApiBody({ required: false, description: 'Optional alternative to ?reason=.', schema: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } }, examples: { reason: { value: { reason: 'entered twice by mistake' } } } })
    @ApiOkResponse({ type: View })
    @ApiProblems(404, 409, 422, 503)
    async withdraw(
      @Param('id') id: string,
      @Query() query: WithdrawQueryDto,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.records.withdraw(spec, id, withdrawReason(query, body), { principal: req.apiKey!, idempotencyKey, route }));
    }
  }

  return named(`${pascalCase(spec.kind)}RecordsController`, RecordKindController);
}
