import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGE_BANDS, ageBandOf, type AgeBand, PERIOD_FORMATS, schoolYearOf, type AttributeDefinition, type RecordFact, type RecordKindDefinition } from '@wdp/contracts';
import { Type as TransformType } from 'class-transformer';
import {
  Equals, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import type { RuntimeClass } from '../http/schema-classes';
import { pascalCase } from '../naming';
import { compiledCheck } from '../validation/compiled-validator';
import type { ItemIssue } from './record-item.base';
import { RecordItemBase } from './record-item.base';
import type { RecordKindSpec } from './record-kind';
import { AGE_RANGE, MAX_COUNT, recordItemSchema } from './record-item.schema';

type PropertyDecoratorFn = (target: object, property: string) => void;

function decorate(cls: RuntimeClass, property: string, ...decorators: PropertyDecoratorFn[]) {
  for (const d of decorators) d(cls.prototype, property);
}

/** A named empty class, so OpenAPI shows e.g. `LiveBirthRecord` rather than an anonymous schema. */
function namedClass(name: string, base?: RuntimeClass): RuntimeClass {
  return base ? { [name]: class extends base {} }[name] : { [name]: class {} }[name];
}

/** The rules of one attribute; `attributeSchema` (record-item.schema.ts) states them again for the compiled check. */
function attributeDecorators(attr: AttributeDefinition): PropertyDecoratorFn[] {
  const api = attr.required ? ApiProperty : ApiPropertyOptional;
  const presence = attr.required ? IsDefined() : IsOptional();
  switch (attr.type) {
    case 'enum':
      return [presence, IsIn([...(attr.values ?? [])]), api({ type: String, description: attr.description, enum: [...(attr.values ?? [])], example: attr.values?.[0] })];
    case 'boolean':
      return [presence, IsBoolean(), api({ description: attr.description, type: Boolean, example: true })];
    case 'integer':
      return [
        presence, IsInt(), ...(attr.min !== undefined ? [Min(attr.min)] : []), ...(attr.max !== undefined ? [Max(attr.max)] : []),
        api({ description: attr.description, type: 'integer', minimum: attr.min, maximum: attr.max, example: attr.min ?? 0 }),
      ];
    case 'number':
      return [
        presence, IsNumber({ allowNaN: false, allowInfinity: false }),
        ...(attr.min !== undefined ? [Min(attr.min)] : []), ...(attr.max !== undefined ? [Max(attr.max)] : []),
        api({ description: attr.description, type: Number, minimum: attr.min, maximum: attr.max, example: attr.min ?? 0 }),
      ];
    case 'string':
      return [
        presence, IsString(), ...(attr.pattern ? [Matches(new RegExp(attr.pattern))] : []),
        api({ description: attr.description, type: String, pattern: attr.pattern, example: stringExample(attr.pattern) }),
      ];
  }
}

function exampleAttribute(attr: AttributeDefinition): unknown {
  switch (attr.type) {
    case 'enum':
      return attr.values?.[0];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return Math.max(attr.min ?? 0, Math.min(attr.max ?? 1, 1));
    case 'string':
      return stringExample(attr.pattern);
  }
}

/** Values tried, in order, as the example of a string attribute: the first its pattern accepts. */
const STRING_CANDIDATES = ['2024-2025', '2024', '2024-07', '2024-Q3', 'A-001', 'example'];

function stringExample(pattern: string | undefined): string | undefined {
  if (!pattern) return 'example';
  const re = new RegExp(pattern);
  return STRING_CANDIDATES.find((c) => re.test(c));
}

/**
 * The same definition as JSON Schema (record-item.schema.ts), compiled, so bulk bodies skip class-validator.
 * A schema sees no prototypes: a Date or a class instance where an object belongs (never in a parsed JSON
 * body, but possible from code) is left to class-validator, which refuses it.
 */
function compiledItemCheck(def: RecordKindDefinition): (raw: unknown) => boolean {
  const known = compiledChecks.get(def);
  if (known) return known;
  const check = compiledCheck(recordItemSchema(def));
  const itemCheck = (raw: unknown) =>
    isPlainObject(raw) && (raw.attributes === undefined || raw.attributes === null || isPlainObject(raw.attributes)) && check(raw);
  compiledChecks.set(def, itemCheck);
  return itemCheck;
}

/** One compiled check per definition, however many times a kind is built (each app module and test builds its own). */
const compiledChecks = new WeakMap<RecordKindDefinition, (raw: unknown) => boolean>();

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** The age band an item gives, or the band of the age it gives (null is "not given", as to @IsOptional). */
function ageBandGiven(item: { ageBand?: string | null; age?: number | null }): string | undefined {
  return item.ageBand ?? (item.age !== undefined && item.age !== null ? ageBandOf(item.age) : undefined);
}

export interface RecordKindOptions {
  /** An area code that exists in the reference data, for the OpenAPI example. */
  exampleArea?: string;
  /** An example month (defaults to last month). */
  examplePeriod?: string;
}

/**
 * Builds the DTO classes and the spec of a record kind straight from its vocabulary definition, so the
 * service accepts exactly the attributes the monitoring catalogue expects.
 * Item fields: the RecordItemBase fields, then `sex` (kinds with a sex of their own), `ageBand` or `age`
 * (kinds with an age), `count` (aggregate kinds; default 1) and `attributes` (the kind's attributes).
 */
export function recordKindFromDefinition(def: RecordKindDefinition, options: RecordKindOptions = {}): RecordKindSpec {
  const base = pascalCase(def.kind);
  const Attributes = namedClass(`${base}Attributes`);
  for (const attr of def.attributes) decorate(Attributes, attr.name, ...attributeDecorators(attr));
  const attributesRequired = def.attributes.some((a) => a.required);

  const Item = namedClass(`${base}Record`, RecordItemBase);
  if (def.hasSex) {
    decorate(Item, 'sex', IsIn(['F', 'M']), ApiProperty({ type: String, description: 'Sex of the subject: F female, M male.', enum: ['F', 'M'], example: 'F' }));
  } else if (def.impliedSex) {
    decorate(Item, 'sex', IsOptional(), Equals(def.impliedSex, { message: `must be ${def.impliedSex} (or omitted): the subject of this kind is a woman` }),
      ApiPropertyOptional({ type: String, description: `Optional; the subject is always ${def.impliedSex} for this kind, so the published fact carries no sex.`, enum: [def.impliedSex] }));
  }
  if (def.hasAgeBand) {
    const whose = def.ageBandOf ? ` of the ${def.ageBandOf}` : '';
    decorate(Item, 'ageBand', IsOptional(), IsIn([...AGE_BANDS]), ApiPropertyOptional({
      type: String, description: `Five-year age band${whose}. Give ageBand or age (exactly one is needed; if both, they must agree).`,
      enum: [...AGE_BANDS], example: '30-34',
    }));
    decorate(Item, 'age', IsOptional(), IsInt(), Min(AGE_RANGE.min), Max(AGE_RANGE.max), ApiPropertyOptional({
      description: `Age in completed years${whose}; only its five-year band is published.`, type: 'integer', minimum: AGE_RANGE.min, maximum: AGE_RANGE.max, example: 32,
    }));
  }
  if (def.carriesCount) {
    decorate(Item, 'count', IsOptional(), IsInt(), Min(1), Max(MAX_COUNT), ApiPropertyOptional({
      description: 'How many units this record counts (an aggregate such as a facility’s monthly count); default 1.',
      type: 'integer', minimum: 1, maximum: MAX_COUNT, default: 1, example: 1,
    }));
  } else {
    decorate(Item, 'count', IsOptional(), Equals(1, { message: 'must be 1: each record is one case' }), ApiPropertyOptional({
      description: 'Always 1 for this kind (one record = one case); may be omitted.', type: 'integer', enum: [1], example: 1,
    }));
  }
  decorate(
    Item, 'attributes',
    attributesRequired ? IsDefined() : IsOptional(), IsObject(), ValidateNested(), TransformType(() => Attributes),
    (attributesRequired ? ApiProperty : ApiPropertyOptional)({ type: () => Attributes, description: `Attributes of a ${def.nameEn.toLowerCase()} record.` }),
  );

  type Item = RecordItemBase & { sex?: 'F' | 'M'; ageBand?: string; age?: number; count?: number; attributes?: Record<string, unknown> };

  const examplePeriod = options.examplePeriod ?? PERIOD_FORMATS.month.example;
  const exampleAttributes = Object.fromEntries(def.attributes.map((a) => [a.name, exampleAttribute(a)]).filter(([, v]) => v !== undefined));
  // A school year must contain the period (education kinds' cross-field rule).
  if ('schoolYear' in exampleAttributes) exampleAttributes.schoolYear = schoolYearOf(examplePeriod);
  const example: Record<string, unknown> = {
    reference: `${def.kind.split('-').map((w) => w[0]).join('').toUpperCase()}-000123`,
    subjectRef: 'p-7f3a9c2e41',
    area: options.exampleArea ?? '520103',
    period: examplePeriod,
    ...(def.hasSex ? { sex: 'F' } : {}),
    ...(def.hasAgeBand ? { ageBand: '30-34' } : {}),
    ...(def.carriesCount ? { count: 1 } : {}),
    attributes: exampleAttributes,
  };

  return {
    kind: def.kind,
    title: def.nameEn,
    description: `${def.nameEn} (${def.nameZh}). ${def.description}`,
    itemClass: Item as Type<RecordItemBase>,
    compiledCheck: compiledItemCheck(def),
    example,
    naturalKey: (item: Item) => item.reference,
    toFact: (item: Item): RecordFact => {
      // Built field by field rather than through entries and spreads: this runs once per record of a batch.
      const attributes: Record<string, unknown> = {};
      const given = item.attributes;
      if (given) for (const name of Object.keys(given)) if (given[name] !== undefined && given[name] !== null) attributes[name] = given[name];
      const fact = { kind: def.kind, area: item.area, period: item.period } as RecordFact;
      if (def.hasSex && item.sex) fact.sex = item.sex;
      const ageBand = def.hasAgeBand ? ageBandGiven(item) : undefined;
      if (ageBand) fact.ageBand = ageBand as AgeBand;
      fact.count = def.carriesCount ? (item.count ?? 1) : 1;
      fact.attributes = attributes as RecordFact['attributes'];
      return fact;
    },
    check: (item: Item): ItemIssue[] => {
      if (!def.hasAgeBand) return [];
      // null is "not given" here as it is to @IsOptional.
      const band = item.ageBand ?? undefined;
      const age = item.age ?? undefined;
      if (band === undefined && age === undefined) return [{ field: 'ageBand', reason: 'is required (give ageBand or age)' }];
      if (band !== undefined && age !== undefined && Number.isInteger(age) && age >= 0 && ageBandOf(age) !== band) {
        return [{ field: 'age', reason: `does not fall in ageBand ${band}` }];
      }
      return [];
    },
  };
}

