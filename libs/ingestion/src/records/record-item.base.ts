import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { FORMULA_REASON, startsLikeFormula } from '../upload/formula-safety';

const NO_CONTROL_CHARS = /^\P{Cc}+$/u;

/** Identifiers end up in exports and spreadsheets; one starting like a formula could run there (OWASP CSV injection). */
const NotFormula = () =>
  ValidateBy({ name: 'notFormula', validator: { validate: (v) => typeof v !== 'string' || !startsLikeFormula(v), defaultMessage: () => FORMULA_REASON } });

/**
 * Fields every record has, whatever its kind. Kind DTOs extend this class (by hand, or generated from the
 * vocabulary by `recordKindFromDefinition`).
 */
export class RecordItemBase {
  @ApiProperty({
    description:
      'The submitting system’s own reference for this record, unique within the kind: the natural key. Resubmitting the same reference with the same content is a no-op; with different content it is a 409 (revise with PUT instead). Must not start with =, +, -, @ (a spreadsheet formula).',
    example: 'MCH-2025-000123',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARS, { message: 'must not contain control characters' })
  @NotFormula()
  reference: string;

  @ApiPropertyOptional({
    description:
      'Pseudonymous reference of the person (e.g. a salted hash from the source system). Kept in this service only; never published. Never a resident ID number; must not start with =, +, -, @.',
    example: 'p-7f3a9c2e41',
    minLength: 1,
    maxLength: 128,
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(NO_CONTROL_CHARS, { message: 'must not contain control characters' })
  @NotFormula()
  subjectRef?: string;

  @ApiProperty({
    description: 'Area code from the reference data (district, street/town or community/village; the finest known).',
    example: '520103001',
  })
  @IsString()
  @Length(1, 32)
  area: string;

  @ApiProperty({ description: 'Month of occurrence, YYYY-MM; not in the future.', example: '2025-07', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month in the form YYYY-MM' })
  period: string;

  @ApiPropertyOptional({
    description: 'Date of occurrence, YYYY-MM-DD; must lie within `period` and not in the future. Stays in this service.',
    example: '2025-07-14',
    format: 'date',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date in the form YYYY-MM-DD' })
  occurredOn?: string;
}

/** A JSON Schema (draft 2020-12 subset ajv compiles), kept as plain data. */
export type JsonSchema = Record<string, unknown>;

// The fields above as JSON Schema, for the compiled validator (validation/compiled-validator.ts). Each rule is the
// decorator's or stricter, never looser: an item this refuses falls back to class-validator, which words the 422.
// The patterns are written for non-Unicode regular expressions, as class-validator compiles the vocabulary's.

/** NO_CONTROL_CHARS without \p{Cc}: the Cc category is exactly U+0000–U+001F and U+007F–U+009F. */
const NO_CONTROL = '^[^\\u0000-\\u001F\\u007F-\\u009F]+$';
/** startsLikeFormula (upload/formula-safety.ts). */
const FORMULA_START = '^[=+\\-@\\t\\r]';

/**
 * A string of 1..max characters. @Length counts with validator.js's isLength, which counts a surrogate pair
 * once and a variation selector after a character not at all; maxLength counts code points, so never fewer.
 */
const text = (max: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength: max });
const identifier = (max: number): JsonSchema => ({ ...text(max), pattern: NO_CONTROL, not: { type: 'string', pattern: FORMULA_START } });
const orNull = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type, 'null'] });

export const RECORD_ITEM_BASE_SCHEMA: { properties: Record<string, JsonSchema>; required: string[] } = {
  properties: {
    reference: identifier(100),
    subjectRef: orNull(identifier(128)),
    area: text(32),
    period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
    occurredOn: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  },
  required: ['reference', 'area', 'period'],
};

/** Why a record item breaks a rule class-validator cannot express. */
export interface ItemIssue {
  field: string;
  reason: string;
}
