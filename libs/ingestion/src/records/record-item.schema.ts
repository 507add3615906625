import { AGE_BANDS, type AttributeDefinition, type RecordKindDefinition } from '@wdp/contracts';
import { RECORD_ITEM_BASE_SCHEMA, type JsonSchema } from './record-item.base';

/** Largest `count` an aggregate record may carry. */
export const MAX_COUNT = 1_000_000;
/** Bounds of `age` in completed years. */
export const AGE_RANGE = { min: 0, max: 130 } as const;

// The JSON Schema of one record item of a kind, from the same vocabulary definition `recordKindFromDefinition`
// turns into class-validator decorators, field by field in the same order. It feeds the compiled validator,
// which must never accept what the decorators refuse: each rule below is the decorator's, or stricter.
// class-validator's @IsOptional lets null through as "absent", hence the `null` in every optional field.

/** The schema of one attribute, as `attributeDecorators` in record-dto.factory.ts checks it. */
export function attributeSchema(attr: AttributeDefinition): JsonSchema {
  const orNull = (type: string) => (attr.required ? type : [type, 'null']);
  switch (attr.type) {
    case 'enum':
      return { enum: attr.required ? [...(attr.values ?? [])] : [...(attr.values ?? []), null] };
    case 'boolean':
      return { type: orNull('boolean') };
    case 'integer':
    case 'number':
      return { type: orNull(attr.type), ...(attr.min !== undefined ? { minimum: attr.min } : {}), ...(attr.max !== undefined ? { maximum: attr.max } : {}) };
    case 'string':
      return { type: orNull('string'), ...(attr.pattern ? { pattern: attr.pattern } : {}) };
  }
}

/** The schema of one item of the kind: the base fields, then sex, age, count and attributes as the DTO has them. */
export function recordItemSchema(def: RecordKindDefinition): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...RECORD_ITEM_BASE_SCHEMA.properties };
  const required = [...RECORD_ITEM_BASE_SCHEMA.required];
  if (def.hasSex) {
    properties.sex = { enum: ['F', 'M'] };
    required.push('sex');
  } else if (def.impliedSex) {
    properties.sex = { enum: [def.impliedSex, null] };
  }
  if (def.hasAgeBand) {
    properties.ageBand = { enum: [...AGE_BANDS, null] };
    properties.age = { type: ['integer', 'null'], minimum: AGE_RANGE.min, maximum: AGE_RANGE.max };
  }
  properties.count = def.carriesCount ? { type: ['integer', 'null'], minimum: 1, maximum: MAX_COUNT } : { enum: [1, null] };

  const requiredAttributes = def.attributes.filter((a) => a.required).map((a) => a.name);
  properties.attributes = {
    type: requiredAttributes.length ? 'object' : ['object', 'null'],
    properties: Object.fromEntries(def.attributes.map((a) => [a.name, attributeSchema(a)])),
    ...(requiredAttributes.length ? { required: requiredAttributes } : {}),
    additionalProperties: false,
  };
  if (requiredAttributes.length) required.push('attributes');
  return { type: 'object', properties, required, additionalProperties: false };
}
