import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { PATTERNS, type PlanProblem } from './plan-document';
import { planJsonSchema } from './plan-json-schema';
import { childPath, pathOfPointer } from './problem-path';

let compiled: ValidateFunction | undefined;

/**
 * The published schema compiled once, strictly: no coercion, no defaults, every error (a document with
 * five mistakes gets five problems, not the first), and `verbose` so an error carries the schema it broke.
 */
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ strict: true, allErrors: true, verbose: true, coerceTypes: false, useDefaults: false }).compile(planJsonSchema());
  return compiled;
}

const REASON_OF_PATTERN = new Map<string, string>(Object.values(PATTERNS).map((p) => [p.pattern, p.reason]));

const article = (type: string) => (type === 'null' ? 'null' : type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`);

function describeBranch(schema: unknown): string {
  const s = schema as { type?: string; const?: unknown };
  if (s.const !== undefined) return JSON.stringify(s.const);
  return article(s.type ?? 'value');
}

/** One ajv error in the words of a plan document: the field it concerns and the reason. */
function problemOf(error: ErrorObject): PlanProblem {
  const at = pathOfPointer(error.instancePath);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: childPath(at, String(p.missingProperty)), reason: 'is required' };
    case 'additionalProperties':
      return { path: childPath(at, String(p.additionalProperty)), reason: 'is not a field of a plan document' };
    case 'type':
      return { path: at, reason: `must be ${article(String(p.type))}` };
    case 'enum':
      return { path: at, reason: `${JSON.stringify(error.data)} is not one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path: at, reason: `must be ${JSON.stringify(p.allowedValue)} (got ${JSON.stringify(error.data)})` };
    case 'pattern':
      return { path: at, reason: REASON_OF_PATTERN.get(String(p.pattern)) ?? `must match ${String(p.pattern)}` };
    case 'minLength':
      return { path: at, reason: 'must not be empty' };
    case 'maxLength':
      return { path: at, reason: `must be at most ${String(p.limit)} characters long` };
    case 'maxItems':
      return { path: at, reason: `must have at most ${String(p.limit)} items` };
    case 'anyOf':
      return { path: at, reason: `must be ${(error.parentSchema as { anyOf: unknown[] }).anyOf.map(describeBranch).join(' or ')}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path: at, reason: `${error.message} (got ${JSON.stringify(error.data)})` };
    default:
      return { path: at, reason: error.message ?? error.keyword };
  }
}

/**
 * Everything the schema finds wrong with a document. A failed `anyOf` (number or null) replaces the
 * errors of its branches, which would otherwise say the same thing once per branch.
 */
export function schemaProblems(doc: unknown): PlanProblem[] {
  const validate = validator();
  if (validate(doc)) return [];
  const errors = validate.errors ?? [];
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const kept = errors.filter((e) => !unions.some((prefix) => e.schemaPath.startsWith(prefix)));
  const problems: PlanProblem[] = [];
  for (const problem of kept.map(problemOf)) {
    if (!problems.some((p) => p.path === problem.path && p.reason === problem.reason)) problems.push(problem);
  }
  return problems;
}
