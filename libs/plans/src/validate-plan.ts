import type { PlanDocument, PlanProblem } from './plan-document';
import { type CatalogueEntry, documentProblems, duplicateProblems, targetProblems } from './plan-rules';
import { schemaProblems } from './schema-problems';

/** The fields the cross-field rules read; while one of them is malformed only the schema's problems are told. */
const HEADER_FIELDS = ['status', 'level', 'area', 'period', 'baselineYear', 'targets'];

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** The index of the target a problem is in, or -1 for the document's own fields: problems are told in that order. */
const targetIndexOf = (path: string) => Number(/^targets\[(\d+)\]/.exec(path)?.[1] ?? -1);

/**
 * Everything wrong with a plan document, each problem naming its field (`targets[3].value`) and the reason:
 * what the published schema says (missing, unknown or malformed fields), then, for the targets the schema
 * accepts, the rules that need the catalogue or compare fields: unknown indicator, target year outside the
 * period, baseline year not before it, duplicate target, a comparator or value that does not fit the
 * indicator (see plan-rules.ts). An empty list means the document can be imported. Pure.
 */
export function validatePlan(doc: unknown, catalogue: Iterable<CatalogueEntry>): PlanProblem[] {
  const schema = schemaProblems(doc);
  // `targets[3].value` is a target's problem; `targets` or `period.end` is the header's.
  const headerBroken = schema.some((p) => p.path === '' || HEADER_FIELDS.some((f) => p.path === f || p.path.startsWith(`${f}.`)));
  if (headerBroken) return schema;
  const plan = doc as PlanDocument;
  const byCode = new Map([...catalogue].map((entry) => [entry.code, entry]));
  const sound = new Set(plan.targets.map((_, i) => i).filter((i) => !schema.some((p) => isUnder(p.path, `targets[${i}]`))));
  const problems = [
    ...schema,
    ...documentProblems(plan),
    ...[...sound].flatMap((i) => targetProblems(plan, i, byCode)),
    ...duplicateProblems(plan.targets, sound),
  ];
  return problems.sort((a, b) => targetIndexOf(a.path) - targetIndexOf(b.path));
}
