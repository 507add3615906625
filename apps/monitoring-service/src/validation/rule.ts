import { AREA_LEVELS, type AreaLevel, PERIOD_GRANULARITIES, type PeriodGranularity } from '@wdp/contracts';
import { type InputRef, isInputRef, type ObservationRef, operandProblems } from '@wdp/indicators';
import { containsResidentIdNumber, type FieldError } from '@wdp/platform';
import { inputKeyOf } from '../indicator-store/input-key';

/** `yoy_within`: the left side changed by at most `tolerance` per cent since the same period a year earlier. */
export const RULE_OPERATORS = ['==', '<=', '<', '>=', '>', 'yoy_within'] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export const RULE_SEVERITIES = ['error', 'warning'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** Where a term is read: the checked area itself, or the sum over its direct sub-areas (a district's streets and town). */
export const TERM_AREAS = ['area', 'sub-areas'] as const;
export type TermAreas = (typeof TERM_AREAS)[number];

/**
 * One term of a side: a coefficient times an aggregated value. The operand is written exactly as the
 * catalogue's formulas write theirs — a record input (`department`, `recordKind`, `where`, `sex`,
 * `ageBands`) or a return figure (`department`, `returnKind`, `sex`, `ageBands`, `measure`) — so a rule
 * reads the same fact series and figures the indicators do.
 */
export interface RuleTerm {
  operand: InputRef | ObservationRef;
  coefficient: number;
  areas: TermAreas;
}

/** A rule's definition: what an administrator writes and every version stores. */
export interface RuleDefinition {
  nameEn: string;
  nameZh: string | null;
  /** A sum of terms. */
  left: RuleTerm[];
  operator: RuleOperator;
  /** A sum of terms; empty for `yoy_within`, whose other side is the left side a year earlier. */
  right: RuleTerm[];
  /** Slack in the sides' unit for a comparison (== within ±tolerance); the bound in per cent for `yoy_within`. */
  tolerance: number;
  severity: RuleSeverity;
  /** The levels of the areas it is checked in. */
  areaLevels: AreaLevel[];
  /** The periods it is checked for. */
  granularity: PeriodGranularity;
}

/** The record inputs the catalogue aggregates, by `department/recordKind`: facts exist for these only. */
export type KnownInputs = (department: string, recordKind: string) => readonly string[];

const MAX_TERMS = 20;
const MAX_TOLERANCE = 1e9;
const TOP_FIELDS = ['nameEn', 'nameZh', 'left', 'operator', 'right', 'tolerance', 'severity', 'areaLevels', 'granularity'] as const;
const TERM_FIELDS = ['operand', 'coefficient', 'areas'];
const INPUT_FIELDS = ['department', 'recordKind', 'where', 'sex', 'ageBands'];
const FIGURE_FIELDS = ['department', 'returnKind', 'sex', 'ageBands', 'measure'];
const MEASURES = ['value', 'numerator', 'denominator'];

/** Absent means the default; null is a value like any other, and refused where a number or a name is due. */
const orDefault = (v: unknown, fallback: unknown): unknown => (v === undefined ? fallback : v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max && !v.includes('\u0000') && !containsResidentIdNumber(v);

/**
 * Reads a rule definition from untrusted JSON: every problem named by its field path (`left[0].operand.recordKind`),
 * nothing coerced, unknown fields refused. A record input must be one the catalogue aggregates (the consumer keeps
 * facts for those only; a rule over any other filter would never see a number), with a sex and age bands its
 * kind carries; a return figure must exist in the vocabulary with that sex, age bands and measure.
 */
export function parseRuleDefinition(body: unknown, knownInputs: KnownInputs): { definition?: RuleDefinition; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, reason: string) => errors.push({ field, reason });
  if (!isObject(body)) return { errors: [{ field: '(body)', reason: 'must be a JSON object' }] };
  for (const key of Object.keys(body)) if (!(TOP_FIELDS as readonly string[]).includes(key)) fail(key, 'is not a field of a rule');

  if (!isText(body.nameEn, 200)) fail('nameEn', 'must be a non-empty string of at most 200 characters, without a resident ID number');
  if (body.nameZh !== undefined && body.nameZh !== null && !isText(body.nameZh, 200)) fail('nameZh', 'must be null or a non-empty string of at most 200 characters');
  if (!RULE_OPERATORS.includes(body.operator as RuleOperator)) fail('operator', `must be one of ${RULE_OPERATORS.join(', ')}`);
  if (!RULE_SEVERITIES.includes(body.severity as RuleSeverity)) fail('severity', `must be one of ${RULE_SEVERITIES.join(', ')}`);
  if (body.granularity !== undefined && !PERIOD_GRANULARITIES.includes(body.granularity as PeriodGranularity)) fail('granularity', `must be one of ${PERIOD_GRANULARITIES.join(', ')}`);
  const tolerance = orDefault(body.tolerance, 0);
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_TOLERANCE) fail('tolerance', `must be a number from 0 to ${MAX_TOLERANCE}`);
  else if (body.operator === 'yoy_within' && !(tolerance > 0)) fail('tolerance', 'must be a positive percentage for yoy_within');

  const areaLevels = orDefault(body.areaLevels, ['district', 'street', 'town']);
  if (!Array.isArray(areaLevels) || areaLevels.length === 0) fail('areaLevels', 'must be a non-empty array of area levels');
  else {
    areaLevels.forEach((l, i) => {
      if (!AREA_LEVELS.includes(l as AreaLevel)) fail(`areaLevels[${i}]`, `must be one of ${AREA_LEVELS.join(', ')}`);
    });
    if (new Set(areaLevels).size !== areaLevels.length) fail('areaLevels', 'must not repeat a level');
  }

  const left = parseSide(body.left, 'left', knownInputs, errors);
  const yoy = body.operator === 'yoy_within';
  let right: RuleTerm[] = [];
  if (yoy) {
    if (body.right !== undefined && !(Array.isArray(body.right) && body.right.length === 0)) fail('right', 'must be absent or empty for yoy_within: the other side is the left side a year earlier');
  } else if (body.right === undefined) fail('right', 'is required for a comparison');
  else right = parseSide(body.right, 'right', knownInputs, errors);

  if (errors.length) return { errors };
  return {
    errors,
    definition: {
      nameEn: (body.nameEn as string).trim(),
      nameZh: typeof body.nameZh === 'string' ? body.nameZh.trim() : null,
      left,
      operator: body.operator as RuleOperator,
      right,
      tolerance: tolerance as number,
      severity: body.severity as RuleSeverity,
      areaLevels: [...(areaLevels as AreaLevel[])],
      granularity: (body.granularity as PeriodGranularity | undefined) ?? 'year',
    },
  };
}

function parseSide(value: unknown, field: string, knownInputs: KnownInputs, errors: FieldError[]): RuleTerm[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TERMS) {
    errors.push({ field, reason: `must be an expression: an array of 1 to ${MAX_TERMS} terms, each {operand, coefficient?, areas?}` });
    return [];
  }
  return value.flatMap((term, i) => {
    const parsed = parseTerm(term, `${field}[${i}]`, knownInputs, errors);
    return parsed ? [parsed] : [];
  });
}

function parseTerm(term: unknown, at: string, knownInputs: KnownInputs, errors: FieldError[]): RuleTerm | undefined {
  const before = errors.length;
  const fail = (field: string, reason: string) => errors.push({ field: `${at}${field}`, reason });
  if (!isObject(term)) {
    fail('', 'must be a term: {operand, coefficient?, areas?}');
    return undefined;
  }
  for (const key of Object.keys(term)) if (!TERM_FIELDS.includes(key)) fail(`.${key}`, 'is not a field of a term');
  const coefficient = orDefault(term.coefficient, 1);
  if (typeof coefficient !== 'number' || !Number.isFinite(coefficient) || coefficient === 0 || Math.abs(coefficient) > 1e6) fail('.coefficient', 'must be a non-zero number from -1000000 to 1000000');
  const areas = orDefault(term.areas, 'area');
  if (!TERM_AREAS.includes(areas as TermAreas)) fail('.areas', `must be one of ${TERM_AREAS.join(', ')}`);
  const operand = parseOperand(term.operand, `${at}.operand`, knownInputs, errors);
  if (errors.length > before || !operand) return undefined;
  return { operand, coefficient: coefficient as number, areas: areas as TermAreas };
}

function parseOperand(op: unknown, at: string, knownInputs: KnownInputs, errors: FieldError[]): InputRef | ObservationRef | undefined {
  const fail = (field: string, reason: string) => errors.push({ field: `${at}${field}`, reason });
  if (!isObject(op) || typeof op.department !== 'string' || (typeof op.recordKind !== 'string') === (typeof op.returnKind !== 'string')) {
    fail('', 'must be a record input {department, recordKind, where?, sex?, ageBands?} or a return figure {department, returnKind, sex, ageBands?, measure?}');
    return undefined;
  }
  const record = typeof op.recordKind === 'string';
  const allowed = record ? INPUT_FIELDS : FIGURE_FIELDS;
  const before = errors.length;
  for (const key of Object.keys(op)) if (!allowed.includes(key)) fail(`.${key}`, `is not a field of a ${record ? 'record input' : 'return figure'}`);
  if (op.where !== undefined && !isObject(op.where)) fail('.where', 'must be an object of attribute filters');
  if (op.ageBands !== undefined && !(Array.isArray(op.ageBands) && op.ageBands.length > 0)) fail('.ageBands', 'must be a non-empty array of age bands');
  if (record ? op.sex !== undefined && op.sex !== 'F' && op.sex !== 'M' : op.sex !== 'F' && op.sex !== 'M' && op.sex !== 'T') {
    fail('.sex', record ? 'must be F or M (absent: every sex)' : 'is required for a return figure: F, M or T');
  }
  if (op.measure !== undefined && !MEASURES.includes(op.measure as string)) fail('.measure', `must be one of ${MEASURES.join(', ')}`);
  if (errors.length > before) return undefined;
  const operand = op as unknown as InputRef | ObservationRef;
  const problems = operandProblems(operand);
  if (problems.length) {
    fail(record ? '.recordKind' : '.returnKind', problems.join('; '));
    return undefined;
  }
  if (isInputRef(operand)) {
    const key = inputKeyOf(operand);
    const known = knownInputs(operand.department, operand.recordKind);
    if (!known.includes(key)) {
      fail(
        operand.where ? '.where' : '.recordKind',
        `${key} is not an input the catalogue aggregates (facts are kept only for those)${known.length ? `; inputs of ${operand.department}/${operand.recordKind}: ${known.join(', ')}` : ''}`,
      );
      return undefined;
    }
  }
  return operand;
}

/** The datasets (`department/kind`, records and returns alike) a rule reads: what an approval of one of them must ask about. */
export function datasetsOf(def: Pick<RuleDefinition, 'left' | 'right'>): string[] {
  const kinds = [...def.left, ...def.right].map(({ operand: op }) => `${op.department}/${isInputRef(op) ? op.recordKind : op.returnKind}`);
  return [...new Set(kinds)].sort();
}
