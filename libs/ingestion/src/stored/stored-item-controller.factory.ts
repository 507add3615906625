import { applyDecorators, Body, Controller, Delete, Get, Headers, Inject, Param, Post, Put, Query, Req, Res, Type, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiParam, ApiTags, type ApiOperationOptions } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { DatabaseUnavailableInterceptor } from '../http/database-unavailable.interceptor';
import { DryRunQueryDto, ListQueryDto, withdrawReason, WithdrawQueryDto } from '../http/list-query.dto';
import { ApiIdempotencyKey, ApiKeyProtected, ApiProblems } from '../http/problem-docs';
import { sendWrite, writeOptions } from '../http/reply';
import type { WriteResponse } from '../idempotency/idempotent-writer';
import type { WriteOptions } from './stored-item.service';

/** The service behind the routes (RecordService, ReturnService). */
export interface StoredItemHandlers<Spec> {
  submit(spec: Spec, body: unknown, dryRun: boolean, opts: WriteOptions): Promise<WriteResponse>;
  list(spec: Spec, query: ListQueryDto): Promise<unknown>;
  get(spec: Spec, id: string): Promise<unknown>;
  revise(spec: Spec, id: string, body: unknown, opts: WriteOptions): Promise<WriteResponse>;
  withdraw(spec: Spec, id: string, reason: string, opts: WriteOptions): Promise<WriteResponse>;
}

/** What one operation says about itself: its summary, and its body and success responses. */
export interface OperationDocs {
  operation: ApiOperationOptions;
  responses: MethodDecorator[];
}

export interface StoredItemRoutesOptions<Spec, S extends StoredItemHandlers<Spec>> {
  department: string;
  /** `v1/records/<kind>` or `v1/returns/<kind>`. */
  path: string;
  spec: Spec;
  service: Type<S>;
  /** The list's query class: records filter by reference too. */
  listQuery: Type<ListQueryDto>;
  docs: Record<'submit' | 'list' | 'get' | 'revise' | 'withdraw', OperationDocs>;
}

export interface StoredItemRoutes<Spec, S> {
  readonly service: S;
  readonly spec: Spec;
  /** The route template, part of the Idempotency-Key fingerprint. */
  readonly route: string;
}

export const ID_PARAM = { name: 'id', format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' };

/** The class decorators of a stored-item controller: its OpenAPI tag and models, API-key guard and 503s, path. */
export function StoredItemController(path: string, tag: string, models: Type<unknown>[]): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiExtraModels(...models), ApiKeyProtected(), UseGuards(ApiKeyGuard), UseInterceptors(DatabaseUnavailableInterceptor), Controller(path));
}

const docsOf = (d: OperationDocs) => ({ operation: ApiOperation(d.operation), responses: applyDecorators(...d.responses) });

/**
 * The routes records and returns share, as a base class for their controllers: POST (`?dryRun=true`), GET (list),
 * GET /{id}, PUT /{id} and DELETE /{id} (withdraw; the reason as `?reason=` or in the body). Writes need
 * `write:<department>` and take an Idempotency-Key, reads need `read:<department>`. The route plumbing and the
 * error responses live here; each resource brings its words, examples and response types.
 */
export function storedItemRoutes<Spec, S extends StoredItemHandlers<Spec>>(o: StoredItemRoutesOptions<Spec, S>): Type<StoredItemRoutes<Spec, S>> {
  const write = departmentScope('write', o.department);
  const read = departmentScope('read', o.department);
  const submit = docsOf(o.docs.submit);
  const list = docsOf(o.docs.list);
  const get = docsOf(o.docs.get);
  const revise = docsOf(o.docs.revise);
  const withdraw = docsOf(o.docs.withdraw);

  class StoredItemRoutesBase implements StoredItemRoutes<Spec, S> {
    readonly spec = o.spec;
    readonly route = `/${o.path}`;

    constructor(@Inject(o.service) readonly service: S) {}

    @Post()
    @RequireScope(write)
    @submit.operation
    @ApiIdempotencyKey()
    @submit.responses
    @ApiProblems(400, 409, 413, 422, 503)
    async submit(
      @Body() body: unknown,
      @Query() query: DryRunQueryDto,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.service.submit(this.spec, body, query.dryRun === 'true', writeOptions(req, idempotencyKey, this.route)));
    }

    @Get()
    @RequireScope(read)
    @list.operation
    @list.responses
    @ApiProblems(422, 503)
    list(@Query() query: ListQueryDto) {
      return this.service.list(this.spec, query);
    }

    @Get(':id')
    @RequireScope(read)
    @get.operation
    @ApiParam(ID_PARAM)
    @get.responses
    @ApiProblems(404, 503)
    get(@Param('id') id: string) {
      return this.service.get(this.spec, id);
    }

    @Put(':id')
    @RequireScope(write)
    @revise.operation
    @ApiParam(ID_PARAM)
    @ApiIdempotencyKey()
    @revise.responses
    @ApiProblems(400, 404, 409, 422, 503)
    async revise(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.service.revise(this.spec, id, body, writeOptions(req, idempotencyKey, this.route)));
    }

    @Delete(':id')
    @RequireScope(write)
    @withdraw.operation
    @ApiParam(ID_PARAM)
    @ApiIdempotencyKey()
    @ApiBody({ required: false, description: 'Optional alternative to ?reason=.', schema: { type: 'object', properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } }, examples: { reason: { value: { reason: 'entered twice by mistake' } } } })
    @withdraw.responses
    @ApiProblems(404, 409, 422, 503)
    async withdraw(
      @Param('id') id: string,
      @Query() query: WithdrawQueryDto,
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Req() req: AuthenticatedRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendWrite(reply, await this.service.withdraw(this.spec, id, withdrawReason(query, body), writeOptions(req, idempotencyKey, this.route)));
    }
  }

  // The list's query class differs per resource; TypeScript recorded the base class, and the validation pipe and
  // the OpenAPI document both read the parameter's class from here.
  Reflect.defineMetadata('design:paramtypes', [o.listQuery], StoredItemRoutesBase.prototype, 'list');
  return StoredItemRoutesBase;
}
