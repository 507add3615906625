import { Document, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { PlanDocument, PlanProblem } from './plan-document';

// A plan document as text: YAML for people, JSON for machines; the same fields either way.

export type PlanFormat = 'yaml' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['yaml', 'json'];

/** The format a file's name says, or undefined when it says neither. */
export function formatOfFileName(name: string): PlanFormat | undefined {
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/\.json$/i.test(name)) return 'json';
  return undefined;
}

export type ParsedPlanText = { ok: true; doc: unknown } | { ok: false; problems: PlanProblem[] };

/**
 * The document a text holds, not yet validated (validatePlan does that), or why the text is not a document
 * at all. YAML is read with the core schema (dates stay strings, `yes` stays a string), duplicate keys are an
 * error rather than the last one silently winning, and aliases are capped so a small file cannot expand into
 * a huge one.
 */
export function parsePlanText(text: string, format: PlanFormat): ParsedPlanText {
  if (format === 'json') {
    try {
      return { ok: true, doc: JSON.parse(text) as unknown };
    } catch (error) {
      return { ok: false, problems: [{ path: '', reason: `not JSON: ${(error as Error).message}` }] };
    }
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (document.errors.length > 0) {
    const where = (offset: number) => {
      const { line, col } = lines.linePos(offset);
      return `line ${line}, column ${col}`;
    };
    return { ok: false, problems: document.errors.map((e) => ({ path: '', reason: `not YAML: ${where(e.pos[0])}: ${e.message}` })) };
  }
  try {
    return { ok: true, doc: document.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    return { ok: false, problems: [{ path: '', reason: `not YAML: ${(error as Error).message}` }] };
  }
}

/** Small maps written on one line, as people write them: `period: { start: 2021, end: 2025 }`. */
const ONE_LINE = new Set(['name', 'period', 'baseline']);

/**
 * The document as text: indented JSON, or YAML with no line folding (a long sentence stays on its line, so
 * diffs stay readable) and the small maps, and each target's source, on one line.
 */
export function serializePlan(plan: PlanDocument, format: PlanFormat): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  const document = new Document(plan);
  visit(document, {
    Pair(_key, pair, path) {
      if (!isScalar(pair.key) || !isMap(pair.value)) return;
      const inTarget = path.length > 2; // a target's pairs sit under document, plan, `targets` pair, sequence, target
      if (ONE_LINE.has(String(pair.key.value)) || (inTarget && pair.key.value === 'source')) pair.value.flow = true;
    },
  });
  return document.toString({ lineWidth: 0, minContentWidth: 0 });
}
