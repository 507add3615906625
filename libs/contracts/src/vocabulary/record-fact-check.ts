import type { RecordFact } from '../facts';
import { AGE_BANDS } from './age-band';
import type { AttributeDefinition, RecordKindDefinition } from './kind-types';
import { recordKind } from './kinds';
import { isSex } from './sex';

/** A record fact's problems for one kind, exactly as `validateRecordFact` lists them (empty = valid). */
export type RecordFactCheck = (fact: RecordFact) => readonly string[];

const NO_PROBLEMS: readonly string[] = Object.freeze([]);
/** The month form of a period, as `parsePeriod` recognises it (`YYYY-MM`, months 01-12). */
const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const BANDS: ReadonlySet<string> = new Set(AGE_BANDS);
const compiled = new Map<string, Map<string, RecordFactCheck>>();

/**
 * `validateRecordFact` for one kind, compiled once from the same vocabulary and kept: a consumer checking
 * thousands of facts a batch looks the kind up, builds its enum sets and compiles its patterns once
 * instead of per fact, and a valid fact allocates nothing. The fact's `kind` is taken to be `kind`.
 */
export function recordFactCheck(department: string, kind: string): RecordFactCheck {
  let byKind = compiled.get(department);
  let check = byKind?.get(kind);
  if (check) return check;
  const def = recordKind(department, kind);
  if (!def) return () => [`unknown record kind ${department}/${kind}`];
  check = compileRecordFactCheck(def);
  if (!byKind) compiled.set(department, (byKind = new Map()));
  byKind.set(kind, check);
  return check;
}

function compileRecordFactCheck(def: RecordKindDefinition): RecordFactCheck {
  const attributes = def.attributes.map((attr) => ({ name: attr.name, required: attr.required, problem: compileAttribute(attr) }));
  const known: ReadonlySet<string> = new Set(def.attributes.map((a) => a.name));
  const checks = def.checks ?? [];
  return (fact) => {
    let problems: string[] | undefined;
    if (!MONTH.test(fact.period)) problems = add(problems, `period must be a month (YYYY-MM), got '${fact.period}'`);
    if (def.hasSex && !isSex(fact.sex)) problems = add(problems, 'sex must be F or M');
    if (!def.hasSex && fact.sex !== undefined) problems = add(problems, `${def.kind} records carry no sex`);
    if (def.hasAgeBand && !(typeof fact.ageBand === 'string' && BANDS.has(fact.ageBand))) problems = add(problems, 'ageBand must be a five-year band such as 35-39 or 85+');
    if (!def.hasAgeBand && fact.ageBand !== undefined) problems = add(problems, `${def.kind} records carry no age band`);
    if (!Number.isInteger(fact.count) || fact.count < 0) problems = add(problems, 'count must be a non-negative integer');
    else if (!def.carriesCount && fact.count !== 1) problems = add(problems, `${def.kind} records count one case each (count = 1)`);
    const values = fact.attributes ?? {};
    for (const attr of attributes) {
      const value = values[attr.name];
      if (value === undefined || value === null) {
        if (attr.required) problems = add(problems, `attributes.${attr.name} is required`);
        continue;
      }
      const problem = attr.problem(value);
      if (problem !== undefined) problems = add(problems, problem);
    }
    for (const name of Object.keys(values)) {
      if (!known.has(name)) problems = add(problems, `attributes.${name} is not defined for ${def.kind}`);
    }
    if (problems === undefined) {
      for (const check of checks) {
        const issue = check(fact);
        if (issue !== undefined) problems = add(problems, `${issue.field} ${issue.reason}`);
      }
    }
    return problems ?? NO_PROBLEMS;
  };
}

function add(problems: string[] | undefined, problem: string): string[] {
  if (problems === undefined) return [problem];
  problems.push(problem);
  return problems;
}

/** `validateAttributeValue` for one attribute, with its enum set built and its pattern compiled once. */
function compileAttribute(attr: AttributeDefinition): (value: unknown) => string | undefined {
  const at = `attributes.${attr.name}`;
  switch (attr.type) {
    case 'enum': {
      const allowed: ReadonlySet<unknown> = new Set(attr.values);
      const message = `${at} must be one of ${attr.values!.join(', ')}`;
      return (value) => (typeof value === 'string' && allowed.has(value) ? undefined : message);
    }
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? undefined : `${at} must be a boolean`);
    case 'integer':
    case 'number': {
      const integer = attr.type === 'integer';
      const outOfRange = `${at} must be between ${attr.min ?? '-∞'} and ${attr.max ?? '∞'}`;
      return (value) => {
        if (!(typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)))) return `${at} must be ${integer ? 'an integer' : 'a number'}`;
        return (attr.min !== undefined && value < attr.min) || (attr.max !== undefined && value > attr.max) ? outOfRange : undefined;
      };
    }
    case 'string': {
      // No flags, so test() keeps no state between calls and one instance serves every fact.
      const pattern = attr.pattern ? new RegExp(attr.pattern) : undefined;
      return (value) => {
        if (typeof value !== 'string') return `${at} must be a string`;
        return pattern && !pattern.test(value) ? `${at} must match ${attr.pattern}` : undefined;
      };
    }
  }
}
