import type { Type } from '@nestjs/common';
import { ApiBody, ApiOkResponse, type ApiPropertyOptions, ApiResponse } from '@nestjs/swagger';
import { departmentScope } from '../auth/scopes';
import { ListQueryDto } from '../http/list-query.dto';
import { named, viewAndPage } from '../http/schema-classes';
import { pascalCase } from '../naming';
import { StoredItemController, storedItemRoutes } from '../stored/stored-item-controller.factory';
import type { ReturnKindSpec } from './return-kind';
import { ReturnService } from './return.service';

const OUTCOME = {
  enum: ['created', 'unchanged', 'revised', 'withdrawn', 'would-create'],
  example: 'created',
  description: 'What this request did.',
};

const WARNINGS: ApiPropertyOptions = {
  type: 'array',
  required: false,
  items: { type: 'object', additionalProperties: true },
  description:
    'After a write or dry run, the rules of warning severity the figures break (a service with a return check: the monitoring service’s cross-dataset validation rules), each with the rule, its version, area, period and both sides’ numbers. Absent when none.',
  example: [{ rule: 'VR-90', ruleVersion: 1, severity: 'warning', nameEn: 'Resident population within 10 % of the year before', operator: 'yoy_within', tolerance: 10, areaCode: '520103', period: '2025', left: 6000, right: 4000 }],
};

/**
 * A Nest controller for one statistical-return kind at /v1/returns/{kind}: the routes every stored item has
 * (POST to submit, `?dryRun=true`; list; GET /{id}; PUT /{id} to revise; DELETE /{id}?reason= to withdraw).
 */
export function createReturnController(department: string, spec: ReturnKindSpec): Type<unknown> {
  const base = pascalCase(spec.kind);
  const Item = spec.itemClass;
  const { View, Page } = viewAndPage(`${base}Return`, Item, { outcome: { ...OUTCOME, required: false }, warnings: WARNINGS });
  const path = `v1/returns/${spec.kind}`;
  const write = departmentScope('write', department);
  const read = departmentScope('read', department);
  const title = spec.title.toLowerCase();
  const example = spec.example;
  const viewExample = { id: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', kind: spec.kind, revision: 1, status: 'active', createdAt: '2025-08-02T03:04:05.000Z', updatedAt: '2025-08-02T03:04:05.000Z', ...example, unit: spec.unit };

  const Routes = storedItemRoutes({
    department, path, spec, service: ReturnService, listQuery: ListQueryDto,
    docs: {
      submit: {
        operation: {
          summary: `Submit a ${title} return`,
          description: `${spec.description}\n\nOne return per area and period (the natural key). The same figures again are a no-op (200, outcome unchanged); different figures for an existing return are a 409: revise it explicitly with PUT /v1/returns/${spec.kind}/{id}. Scope: ${write}.`,
        },
        responses: [
          ApiBody({ type: Item, examples: { return: { summary: 'A return', value: example } } }),
          ApiResponse({ status: 201, type: View, description: 'Stored; a submitted event was queued in the same transaction.', example: { ...viewExample, outcome: 'created' } }),
          ApiOkResponse({ type: View, description: 'Already stored with the same figures (no event), or a dry run.', example: { ...viewExample, outcome: 'unchanged' } }),
        ],
      },
      list: {
        operation: { summary: `List ${title} returns (paged, filtered)`, description: `Scope: ${read}.` },
        responses: [ApiOkResponse({ type: Page })],
      },
      get: {
        operation: { summary: `Fetch one ${title} return`, description: `Scope: ${read}.` },
        responses: [ApiOkResponse({ type: View, example: viewExample })],
      },
      revise: {
        operation: {
          summary: `Revise a ${title} return (or reinstate a withdrawn one)`,
          description: `Send the whole corrected return; area and period cannot change. The revision goes up by one and a revised event carries the previous and current figures. Scope: ${write}.`,
        },
        responses: [
          ApiBody({ type: Item, examples: { revised: { summary: 'Corrected return', value: example } } }),
          ApiOkResponse({ type: View, example: { ...viewExample, revision: 2, outcome: 'revised' } }),
        ],
      },
      withdraw: {
        operation: { summary: `Withdraw a ${title} return`, description: `A withdrawn event carries the previous figures. Scope: ${write}.` },
        responses: [ApiOkResponse({ type: View, example: { ...viewExample, revision: 2, status: 'withdrawn', withdrawnReason: 'filed for the wrong area', outcome: 'withdrawn' } })],
      },
    },
  });

  @StoredItemController(path, `${spec.kind} returns`, [Item, View, Page])
  class ReturnKindController extends Routes {}

  return named(`${base}ReturnsController`, ReturnKindController);
}
