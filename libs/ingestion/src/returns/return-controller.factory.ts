import { Body, Controller, Delete, Get, Headers, Inject, Param, Post, Put, Query, Req, Res, Type, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { DatabaseUnavailableInterceptor } from '../http/database-unavailable.interceptor';
import { withdrawReason, DryRunQueryDto, ListQueryDto, WithdrawQueryDto } from '../http/list-query.dto';
import { ApiIdempotencyKey, ApiKeyProtected, ApiProblems } from '../http/problem-docs';
import { sendWrite } from '../http/reply';
import { named, viewAndPage } from '../http/schema-classes';
import { pascalCase } from '../naming';
import type { ReturnKindSpec } from './return-kind';
import { ReturnService } from './return.service';

const OUTCOME = {
  enum: ['created', 'unchanged', 'revised', 'withdrawn', 'would-create'],
  example: 'created',
  description: 'What this request did.',
};

/**
 * A Nest controller for one statistical-return kind at /v1/returns/{kind}: POST (submit; `?dryRun=true`),
 * GET (list), GET /{id}, PUT /{id} (revise), DELETE /{id}?reason= (withdraw).
 */
export function createReturnController(department: string, spec: ReturnKindSpec): Type<unknown> {
  const base = pascalCase(spec.kind);
  const Item = spec.itemClass;
  const { View, Page } = viewAndPage(`${base}Return`, Item, { outcome: { ...OUTCOME, required: false } });
  const path = `v1/returns/${spec.kind}`;
  const route = `/${path}`;
  const write = departmentScope('write', department);
  const read = departmentScope('read', department);
  const example = spec.example;
  const viewExample = { id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', kind: spec.kind, revision: 1, status: 'active', createdAt: '2025-08-02T03:04:05.000Z', updatedAt: '2025-08-02T03:04:05.000Z', ...example, unit: spec.unit };

  @ApiTags(`${spec.kind} returns`)
  @ApiExtraModels(Item, View, Page)
  @ApiKeyProtected()
  @UseGuards(ApiKeyGuard)
  @UseInterceptors(DatabaseUnavailableInterceptor)
  @Controller(path)
  class ReturnKindController {
    constructor(@Inject(ReturnService) readonly returns: ReturnService) {}

    @Post()
    @RequireScope(write)
    @ApiOperation({
      summary: `Submit a ${spec.title.toLowerCase()} return`,
      description: `${spec.description}\n\nOne return per area and period (the natural key). The same figures again are a no-op (200, outcome unchanged); different figures for an existing return are a 409: revise it explicitly with PUT /v1/returns/${spec.kind}/{id}. Scope: ${write}.`,
    })
    @ApiIdempotencyKey()
    @ApiBody({ type: Item, examples: { return: { summary: 'A return', value: example } } })
    @ApiResponse({ status: 201, type: View, description: 'Stored; a submitted event was queued in the same transaction.', example: { ...viewExample, outcome: 'created' } })
    @ApiOkResponse({ type: View, description: 'Already stored with the same figures (no event), or a dry run.', example: { ...viewExample, outcome: 'unchanged' } })
    @ApiProblems(400, 409, 413, 422, 503)
    async submit(
      @Body() body: unknown,
      @Query() query: DryRunQueryDto,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.returns.submit(spec, body, query.dryRun === 'true', { principal: req.apiKey!, idempotencyKey, route }));
    }

    @Get()
    @RequireScope(read)
    @ApiOperation({ summary: `List ${spec.title.toLowerCase()} returns (paged, filtered)`, description: `Scope: ${read}.` })
    @ApiOkResponse({ type: Page })
    @ApiProblems(422, 503)
    list(@Query() query: ListQueryDto) {
      return this.returns.list(spec, query);
    }

    @Get(':id')
    @RequireScope(read)
    @ApiOperation({ summary: `Fetch one ${spec.title.toLowerCase()} return`, description: `Scope: ${read}.` })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiOkResponse({ type: View, example: viewExample })
    @ApiProblems(404, 503)
    get(@Param('id') id: string) {
      return this.returns.get(spec, id);
    }

    @Put(':id')
    @RequireScope(write)
    @ApiOperation({
      summary: `Revise a ${spec.title.toLowerCase()} return (or reinstate a withdrawn one)`,
      description: `Send the whole corrected return; area and period cannot change. The revision goes up by one and a revised event carries the previous and current figures. Scope: ${write}.`,
    })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiIdempotencyKey()
    @ApiBody({ type: Item, examples: { revised: { summary: 'Corrected return', value: example } } })
    @ApiOkResponse({ type: View, example: { ...viewExample, revision: 2, outcome: 'revised' } })
    @ApiProblems(400, 404, 409, 422, 503)
    async revise(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.returns.revise(spec, id, body, { principal: req.apiKey!, idempotencyKey, route }));
    }

    @Delete(':id')
    @RequireScope(write)
    @ApiOperation({ summary: `Withdraw a ${spec.title.toLowerCase()} return`, description: `A withdrawn event carries the previous figures. Scope: ${write}.` })
    @ApiParam({ name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
    @ApiIdempotencyKey()
    @ApiBody({ required: false, description: 'Optional alternative to ?reason=.', schema: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } }, examples: { reason: { value: { reason: 'entered twice by mistake' } } } })
    @ApiOkResponse({ type: View, example: { ...viewExample, revision: 2, status: 'withdrawn', withdrawnReason: 'filed for the wrong area', outcome: 'withdrawn' } })
    @ApiProblems(404, 409, 422, 503)
    async withdraw(
      @Param('id') id: string,
      @Query() query: WithdrawQueryDto,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.returns.withdraw(spec, id, withdrawReason(query, body), { principal: req.apiKey!, idempotencyKey, route }));
    }
  }

  return named(`${base}ReturnsController`, ReturnKindController);
}
