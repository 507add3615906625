import type { RecordFact, ReturnFacts } from '../facts';
import { isAgeBand } from './age-band';
import type { DepartmentCode } from './departments';
import { EDUCATION_RECORD_KINDS, EDUCATION_RETURN_KINDS } from './departments/education';
import { EMPLOYMENT_RECORD_KINDS, EMPLOYMENT_RETURN_KINDS } from './departments/employment';
import { FAMILY_RECORD_KINDS, FAMILY_RETURN_KINDS } from './departments/family';
import { HEALTH_RECORD_KINDS, HEALTH_RETURN_KINDS } from './departments/health';
import { RIGHTS_PROTECTION_RECORD_KINDS, RIGHTS_PROTECTION_RETURN_KINDS } from './departments/rights-protection';
import { SOCIAL_SECURITY_RECORD_KINDS, SOCIAL_SECURITY_RETURN_KINDS } from './departments/social-security';
import { STATISTICS_RECORD_KINDS, STATISTICS_RETURN_KINDS } from './departments/statistics';
import type { AttributeDefinition, FactIssue, RecordKindDefinition, ReturnKindDefinition } from './kind-types';
import { parsePeriod } from './period';
import { isSex } from './sex';

export const RECORD_KINDS: readonly RecordKindDefinition[] = Object.freeze([
  ...HEALTH_RECORD_KINDS,
  ...EDUCATION_RECORD_KINDS,
  ...EMPLOYMENT_RECORD_KINDS,
  ...SOCIAL_SECURITY_RECORD_KINDS,
  ...RIGHTS_PROTECTION_RECORD_KINDS,
  ...FAMILY_RECORD_KINDS,
  ...STATISTICS_RECORD_KINDS,
]);

export const RETURN_KINDS: readonly ReturnKindDefinition[] = Object.freeze([
  ...HEALTH_RETURN_KINDS,
  ...EDUCATION_RETURN_KINDS,
  ...EMPLOYMENT_RETURN_KINDS,
  ...SOCIAL_SECURITY_RETURN_KINDS,
  ...RIGHTS_PROTECTION_RETURN_KINDS,
  ...FAMILY_RETURN_KINDS,
  ...STATISTICS_RETURN_KINDS,
]);

const key = (department: string, kind: string) => `${department}/${kind}`;
const recordIndex = new Map(RECORD_KINDS.map((k) => [key(k.department, k.kind), k]));
const returnIndex = new Map(RETURN_KINDS.map((k) => [key(k.department, k.kind), k]));

export function recordKind(department: string, kind: string): RecordKindDefinition | undefined {
  return recordIndex.get(key(department, kind));
}

export function returnKind(department: string, kind: string): ReturnKindDefinition | undefined {
  return returnIndex.get(key(department, kind));
}

export function requireRecordKind(department: string, kind: string): RecordKindDefinition {
  const def = recordKind(department, kind);
  if (!def) throw new RangeError(`unknown record kind ${department}/${kind}`);
  return def;
}

export function requireReturnKind(department: string, kind: string): ReturnKindDefinition {
  const def = returnKind(department, kind);
  if (!def) throw new RangeError(`unknown return kind ${department}/${kind}`);
  return def;
}

export function recordKindsOf(department: DepartmentCode | string): RecordKindDefinition[] {
  return RECORD_KINDS.filter((k) => k.department === department);
}

export function returnKindsOf(department: DepartmentCode | string): ReturnKindDefinition[] {
  return RETURN_KINDS.filter((k) => k.department === department);
}

export function attributeOf(def: RecordKindDefinition, name: string): AttributeDefinition | undefined {
  return def.attributes.find((a) => a.name === name);
}

/** Problems with one attribute value against its definition; empty when it is valid. */
export function validateAttributeValue(attr: AttributeDefinition, value: unknown): string[] {
  const at = `attributes.${attr.name}`;
  switch (attr.type) {
    case 'enum':
      return typeof value === 'string' && attr.values!.includes(value) ? [] : [`${at} must be one of ${attr.values!.join(', ')}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} must be a boolean`];
    case 'integer':
    case 'number': {
      const isNum = typeof value === 'number' && Number.isFinite(value) && (attr.type === 'number' || Number.isInteger(value));
      if (!isNum) return [`${at} must be ${attr.type === 'integer' ? 'an integer' : 'a number'}`];
      const n = value as number;
      if ((attr.min !== undefined && n < attr.min) || (attr.max !== undefined && n > attr.max)) {
        return [`${at} must be between ${attr.min ?? '-∞'} and ${attr.max ?? '∞'}`];
      }
      return [];
    }
    case 'string':
      if (typeof value !== 'string') return [`${at} must be a string`];
      return attr.pattern && !new RegExp(attr.pattern).test(value) ? [`${at} must match ${attr.pattern}`] : [];
  }
}

/**
 * Everything wrong with a record fact for `department`, as human-readable messages (empty = valid).
 * Departmental services run this before committing; the monitoring consumer runs it again before
 * dead-lettering, so both sides agree on what a valid fact is. Area existence is checked elsewhere
 * (it needs the area reference data).
 */
export function validateRecordFact(department: string, fact: RecordFact): string[] {
  const def = recordKind(department, fact.kind);
  if (!def) return [`unknown record kind ${department}/${fact.kind}`];
  const problems: string[] = [];
  if (parsePeriod(fact.period)?.granularity !== 'month') problems.push(`period must be a month (YYYY-MM), got '${fact.period}'`);
  if (def.hasSex && !isSex(fact.sex)) problems.push('sex must be F or M');
  if (!def.hasSex && fact.sex !== undefined) problems.push(`${def.kind} records carry no sex`);
  if (def.hasAgeBand && !isAgeBand(fact.ageBand)) problems.push('ageBand must be a five-year band such as 35-39 or 85+');
  if (!def.hasAgeBand && fact.ageBand !== undefined) problems.push(`${def.kind} records carry no age band`);
  if (!Number.isInteger(fact.count) || fact.count < 0) problems.push('count must be a non-negative integer');
  else if (!def.carriesCount && fact.count !== 1) problems.push(`${def.kind} records count one case each (count = 1)`);
  const attributes = fact.attributes ?? {};
  for (const attr of def.attributes) {
    const value = attributes[attr.name];
    if (value === undefined || value === null) {
      if (attr.required) problems.push(`attributes.${attr.name} is required`);
      continue;
    }
    problems.push(...validateAttributeValue(attr, value));
  }
  for (const name of Object.keys(attributes)) {
    if (!attributeOf(def, name)) problems.push(`attributes.${name} is not defined for ${def.kind}`);
  }
  if (problems.length === 0) problems.push(...recordFactIssues(department, fact).map((i) => `${i.field} ${i.reason}`));
  return problems;
}

/** The kind's cross-field rules (`checks`), with the field each problem is about. */
export function recordFactIssues(department: string, fact: RecordFact): FactIssue[] {
  const def = recordKind(department, fact.kind);
  return (def?.checks ?? []).map((check) => check(fact)).filter((i): i is FactIssue => i !== undefined);
}

/** Everything wrong with a statistical return for `department` (empty = valid). */
export function validateReturnFacts(department: string, facts: ReturnFacts): string[] {
  const def = returnKind(department, facts.kind);
  if (!def) return [`unknown return kind ${department}/${facts.kind}`];
  const problems: string[] = [];
  const period = parsePeriod(facts.period);
  if (!period) problems.push(`invalid period '${facts.period}'`);
  else if (!def.granularities.includes(period.granularity)) {
    problems.push(`${def.kind} returns are filed per ${def.granularities.join('/')}, not per ${period.granularity}`);
  }
  if (facts.unit !== def.unit) problems.push(`unit must be ${def.unit}`);
  if (!facts.figures?.length) problems.push('a return needs at least one figure');
  const seen = new Set<string>();
  (facts.figures ?? []).forEach((f, i) => {
    const at = `figures[${i}]`;
    if (!def.sexes.includes(f.sex)) problems.push(`${at}.sex must be one of ${def.sexes.join(', ')}`);
    if (f.ageBand !== undefined && (!def.hasAgeBand || !isAgeBand(f.ageBand))) {
      problems.push(def.hasAgeBand ? `${at}.ageBand is not a valid band` : `${at}: ${def.kind} has no age breakdown`);
    }
    if (typeof f.value !== 'number' || !Number.isFinite(f.value)) problems.push(`${at}.value must be a finite number`);
    if (def.hasNumeratorDenominator) {
      if (typeof f.numerator !== 'number' || typeof f.denominator !== 'number' || f.denominator <= 0 || f.numerator < 0) {
        problems.push(`${at} needs numerator ≥ 0 and denominator > 0`);
      }
    }
    const cell = `${f.sex}/${f.ageBand ?? '*'}`;
    if (seen.has(cell)) problems.push(`${at} repeats the cell ${cell}`);
    seen.add(cell);
  });
  return problems;
}
