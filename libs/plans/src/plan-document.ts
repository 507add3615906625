import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { Comparator } from '@wdp/indicators';

// The plan document, written once as a TypeBox schema: the TypeScript types below are derived from it and
// the published JSON Schema (docs/schemas/plan.schema.json) is generated from it, so the two cannot drift.
// The schema checks shape only; what needs the catalogue or several fields at once is in plan-rules.ts.

/** The value of a document's `schema` field: the format and its major version. */
export const PLAN_FORMAT = 'wdp-plan/1';

export const PLAN_LEVELS = ['national', 'province', 'city', 'district'] as const;
export const PLAN_STATUSES = ['adopted', 'draft'] as const;

/** Every comparator of the catalogue (libs/indicators' `Comparator`); the check below fails if one is missing. */
export const COMPARATORS = ['at_least', 'at_most', 'about', 'coverage', 'increase', 'decrease', 'gap_narrows', 'parity'] as const;
/** Comparators judged against a number; the others are directional and take no value. */
export const NUMERIC_COMPARATORS: readonly Comparator[] = ['at_least', 'at_most', 'about', 'coverage'];
/** Comparators with a band, whose targets may take a tolerance; the engine reads none for the others. */
export const TOLERANCE_COMPARATORS: readonly Comparator[] = ['about', 'coverage', 'parity'];
const everyComparatorListed: Exclude<Comparator, (typeof COMPARATORS)[number]> extends never ? true : false = true;
void everyComparatorListed;

/**
 * Why a target's value is what it is: `official`, the plan's own figure; `not-published`, the plan sets a
 * numeric target whose official figure could not be found (the value stays null rather than invented);
 * `not-applicable`, a directional target (提高, 降低, 逐步缩小) with no figure; `to-be-set`, a draft's
 * target an administrator has not set yet.
 */
export const VALUE_STATUSES = ['official', 'not-published', 'not-applicable', 'to-be-set'] as const;
export const SOURCE_CLAUSES = ['main-goal', 'strategy-measure'] as const;

/** A string enum as `{ type: string, enum }`: one error naming the allowed values, where a union of literals gives one per branch. */
const stringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

const nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

const Year = (description: string) => Type.Integer({ minimum: 1949, maximum: 2100, description });

/** Patterns, each with the reason an error gives when a string does not match it. */
export const PATTERNS = {
  planId: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', reason: 'must be lowercase letters and digits in words joined by hyphens, e.g. yunyan-district-2021-2025' },
  area: { pattern: '^[1-9][0-9]{5}$', reason: 'must be a six-digit GB/T 2260 area code, e.g. "520103"' },
  indicator: { pattern: '^[A-Z]{3}-[0-9]{2}$', reason: 'must be an indicator code like HEA-02' },
  date: { pattern: '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$', reason: 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD' },
  url: { pattern: '^https?://[^\\s]+$', reason: 'must be an http(s) URL' },
} as const;

/**
 * Text of bounded length: a stored document is served on every read, so no field may grow without limit. The
 * bounds are far above what real plans hold (a target's sentence is under 100 characters, a plan's notes under 700).
 */
export const TEXT_LIMITS = { text: 2000, notes: 4000, id: 100, url: 2000, targets: 1000 } as const;

const Text = (description: string, maxLength: number = TEXT_LIMITS.text) => Type.String({ minLength: 1, maxLength, description });

export const LocalizedNameSchema = Type.Object(
  { zh: Text('the name in Chinese, as the document states it'), en: Text('the name in English') },
  { additionalProperties: false },
);

export const PlanSourceSchema = Type.Object(
  {
    title: Text('the document’s title'),
    issuer: Text('who issued it'),
    published: Type.Optional(Type.String({ pattern: PATTERNS.date.pattern, description: 'when it was issued (YYYY, YYYY-MM or YYYY-MM-DD)' })),
    url: Type.Optional(Type.String({ pattern: PATTERNS.url.pattern, maxLength: TEXT_LIMITS.url, description: 'where the official text is' })),
    document: Type.Optional(Text('the text’s path in this repository, when it is kept here')),
  },
  { additionalProperties: false, description: 'the plan’s source document' },
);

export const TargetSourceSchema = Type.Object(
  {
    clause: stringEnum(SOURCE_CLAUSES, '主要目标 (main-goal) or 策略措施 (strategy-measure)'),
    number: Type.Integer({ minimum: 1, description: 'its number within the domain' }),
    text: Text('the plan’s sentence, verbatim'),
  },
  { additionalProperties: false, description: 'where the plan states this target' },
);

export const PlanTargetSchema = Type.Object(
  {
    indicator: Type.String({ pattern: PATTERNS.indicator.pattern, description: 'the indicator’s code in the catalogue (libs/indicators), whose definition all plans share' }),
    comparator: stringEnum(COMPARATORS, 'how the value is judged against the target'),
    value: nullable(Type.Number(), 'the target figure in the indicator’s unit; null for a directional target, or when there is no official figure'),
    valueStatus: stringEnum(VALUE_STATUSES, 'why the value is what it is'),
    tolerance: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'half-width of the acceptable band: required for about, optional for coverage and parity' })),
    targetYear: Year('the year the target is to be reached by'),
    baseline: Type.Optional(
      Type.Object(
        { year: Year('the baseline year'), value: nullable(Type.Number(), 'the baseline figure where the plan states it') },
        { additionalProperties: false, description: 'the value the plan starts from' },
      ),
    ),
    source: Type.Optional(TargetSourceSchema),
    notes: Type.Optional(Text('how the plan’s wording maps to the indicator, and any interpretation choice', TEXT_LIMITS.notes)),
  },
  { additionalProperties: false },
);

export const PlanDocumentSchema = Type.Object(
  {
    schema: Type.Literal(PLAN_FORMAT, { description: 'the format of this document and its version' }),
    id: Type.String({ pattern: PATTERNS.planId.pattern, maxLength: TEXT_LIMITS.id, description: 'stable identifier of the plan; every version keeps it' }),
    version: Type.Integer({ minimum: 1, description: 'a new version of the same plan increments it' }),
    status: stringEnum(PLAN_STATUSES, 'a draft raises no alerts, and its targets may wait to be set'),
    name: LocalizedNameSchema,
    level: stringEnum(PLAN_LEVELS, 'the level of government whose plan it is'),
    area: Type.String({ pattern: PATTERNS.area.pattern, description: 'the area the plan covers (100000 China, 520000 Guizhou, 520100 Guiyang, 520103 Yunyan)' }),
    period: Type.Object(
      { start: Year('the first year of the plan'), end: Year('the last year of the plan') },
      { additionalProperties: false, description: 'the years the plan covers, both included' },
    ),
    baselineYear: Year('the year the plan measures progress from, before the period starts'),
    source: PlanSourceSchema,
    targets: Type.Array(PlanTargetSchema, { maxItems: TEXT_LIMITS.targets, description: 'the plan’s targets: at most one per indicator and target year' }),
    notes: Type.Optional(Text('anything a reader of the document must know, e.g. why it has no targets', TEXT_LIMITS.notes)),
  },
  { additionalProperties: false },
);

export type PlanDocument = Static<typeof PlanDocumentSchema>;
export type PlanTarget = Static<typeof PlanTargetSchema>;
export type PlanLevel = (typeof PLAN_LEVELS)[number];
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** A problem with a plan document: the field it is in (`targets[3].value`, or '' for the whole document) and why. */
export interface PlanProblem {
  path: string;
  reason: string;
}
