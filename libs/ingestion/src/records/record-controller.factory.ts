import { Body, Headers, Param, Patch, Req, Res, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { RecordListQueryDto } from '../http/list-query.dto';
import { ApiIdempotencyKey, ApiProblems } from '../http/problem-docs';
import { sendWrite, writeOptions } from '../http/reply';
import { named, viewAndPage } from '../http/schema-classes';
import { pascalCase } from '../naming';
import { ID_PARAM, StoredItemController, storedItemRoutes } from '../stored/stored-item-controller.factory';
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
 * A Nest controller for one record kind of one department, at /v1/records/{kind}: the routes every stored item
 * has (POST one item or `{ items }`, list, fetch, PUT to revise or reinstate, DELETE to withdraw) and PATCH, a
 * JSON merge patch. Writes need `write:<department>`, reads `read:<department>`.
 */
export function createRecordController(department: string, spec: RecordKindSpec): Type<unknown> {
  const { Item, Batch, View, Page } = kindSchemas(spec);
  const path = `v1/records/${spec.kind}`;
  const write = departmentScope('write', department);
  const read = departmentScope('read', department);
  const title = spec.title.toLowerCase();
  const single = spec.example;
  const second = { ...spec.example, reference: `${String(spec.example.reference)}-2` };

  const Routes = storedItemRoutes({
    department, path, spec, service: RecordService, listQuery: RecordListQueryDto,
    docs: {
      submit: {
        operation: {
          summary: `Submit ${title} records (one, or a batch of up to ${MAX_BATCH_ITEMS})`,
          description: `${spec.description}\n\nSend one record, or { "items": [ ... ] }. A batch is atomic: if any row is invalid the answer is 422 listing every bad field of every row, and nothing is written. A reference already stored with the same content is reported as unchanged (no double counting); with different content the answer is 409 (revise with PUT). Each created record emits one event on the department topic, committed in the same transaction. Scope: ${write}.`,
        },
        responses: [
          ApiBody({
            schema: { oneOf: [{ $ref: getSchemaPath(Item) }, { $ref: getSchemaPath(Batch) }] },
            examples: { single: { summary: 'One record', value: single }, batch: { summary: 'A batch', value: { items: [single, second] } } },
          }),
          ApiResponse({ status: 201, type: SubmissionResultDto, description: 'At least one record was created.', example: {
            dryRun: false, received: 2, created: 2, unchanged: 0,
            items: [
              { row: 0, id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', reference: single.reference, revision: 1, status: 'created' },
              { row: 1, id: '6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', reference: second.reference, revision: 1, status: 'created' },
            ],
          } }),
          ApiOkResponse({ type: SubmissionResultDto, description: 'Nothing new: every item was already stored with the same content, or this was a dry run.', example: {
            dryRun: true, received: 1, created: 1, unchanged: 0, items: [{ row: 0, reference: single.reference, status: 'would-create' }],
          } }),
        ],
      },
      list: {
        operation: { summary: `List ${title} records submitted to this service (paged, filtered)`, description: `For reconciliation. Oldest first; follow nextCursor. Scope: ${read}.` },
        responses: [ApiOkResponse({ type: Page })],
      },
      get: {
        operation: { summary: `Fetch one ${title} record`, description: `Scope: ${read}.` },
        responses: [ApiOkResponse({ type: View })],
      },
      revise: {
        operation: {
          summary: `Revise a ${title} record (or reinstate a withdrawn one)`,
          description: `Send the whole corrected record; the reference (natural key) cannot change. The revision goes up by one and a revised event carries the previous and current facts. Sending the current content again is a no-op. Scope: ${write}.`,
        },
        responses: [ApiBody({ type: Item, examples: { revised: { summary: 'Corrected record', value: single } } }), ApiOkResponse({ type: View })],
      },
      withdraw: {
        operation: {
          summary: `Withdraw a ${title} record`,
          description: `The record stops counting: a withdrawn event carries the previous fact. Withdrawing again is a no-op. Reinstate with PUT. Scope: ${write}.`,
        },
        responses: [ApiOkResponse({ type: View })],
      },
    },
  });

  @StoredItemController(path, `${spec.kind} records`, [Item, Batch, View, Page, SubmissionResultDto])
  class RecordKindController extends Routes {
    @Patch(':id')
    @RequireScope(write)
    @ApiOperation({
      summary: `Correct part of a ${title} record (JSON merge patch)`,
      description: `Send only what changes, as an RFC 7396 merge patch (objects merge, null removes an optional field); the result is validated like a PUT. The revision goes up by one and a revised event carries the previous and current facts. Scope: ${write}.`,
    })
    @ApiParam(ID_PARAM)
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
      sendWrite(reply, await this.service.patch(spec, id, body, writeOptions(req, idempotencyKey, this.route)));
    }
  }

  return named(`${pascalCase(spec.kind)}RecordsController`, RecordKindController);
}
