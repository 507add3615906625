import { PLAN_FORMAT, PlanDocumentSchema } from './plan-document';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The published JSON Schema of the plan document (docs/schemas/plan.schema.json), generated from the
 * TypeBox schema: a JSON round trip drops TypeBox's symbol-keyed bookkeeping and leaves plain draft 2020-12.
 */
export function planJsonSchema(): Record<string, unknown> {
  const body = JSON.parse(JSON.stringify(PlanDocumentSchema)) as Record<string, unknown>;
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `urn:wdp:schema:${PLAN_FORMAT}`,
    title: 'Plan document',
    description:
      'A development plan as data: its identity, level, area, period and targets, each target on an indicator of the catalogue (libs/indicators). ' +
      'Generated from libs/plans/src/plan-document.ts by `npm run plan -- schema`; the catalogue rules (unknown indicator, comparator and unit, duplicates) are checked by validatePlan.',
    ...body,
  };
}

/** The schema as the committed file holds it. */
export const planJsonSchemaText = (): string => `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
