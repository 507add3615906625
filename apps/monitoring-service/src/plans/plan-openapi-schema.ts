import { planJsonSchema } from '@wdp/plans';

type Schema = Record<string, unknown>;

/**
 * A JSON Schema (draft 2020-12) in the dialect of OpenAPI 3.0, which the service's contract is written in:
 * `const` as a one-value enum, a `null` branch of anyOf as `nullable`, a numeric `exclusiveMinimum` as a
 * boolean beside `minimum`, and no `$schema` or `$id`. What the plan's schema uses, nothing more. Pure.
 */
export function toOpenApi30(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'const') out.enum = [value];
    else if (key === 'exclusiveMinimum' && typeof value === 'number') Object.assign(out, { minimum: value, exclusiveMinimum: true });
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toOpenApi30(v)]));
    else if (key === 'items') out.items = toOpenApi30(value as Schema);
    else if (key === 'anyOf') {
      const branches = (value as Schema[]).filter((b) => b.type !== 'null');
      if (branches.length === 1 && branches.length < (value as Schema[]).length) Object.assign(out, toOpenApi30(branches[0]), { nullable: true });
      else out.anyOf = (value as Schema[]).map(toOpenApi30);
    } else out[key] = value;
  }
  return out;
}

/** The plan document's published schema (docs/schemas/plan.schema.json) as the OpenAPI document declares it. */
export const planOpenApiSchema = (): Schema => toOpenApi30(planJsonSchema());
