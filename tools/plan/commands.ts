import { readFileSync, writeFileSync } from 'node:fs';
import { INDICATORS } from '@wdp/indicators';
import { BUILT_IN_PLANS, formatOfFileName, parsePlanText, PLAN_FORMATS, type PlanFormat, type PlanProblem, planJsonSchemaText, serializePlan, validatePlan } from '@wdp/plans';

export const USAGE = `Plan documents (libs/plans): check them, and print the plans this repository builds from code.

  npm run plan -- validate <file>...                       check .yaml/.yml/.json plan documents against the schema and the catalogue
  npm run plan -- export <plan-id> [--format yaml|json] [--out <file>]
                                                           print a built-in plan (${Object.keys(BUILT_IN_PLANS).join(', ')})
  npm run plan -- schema [--out <file>]                    print the JSON Schema (docs/schemas/plan.schema.json)

validate prints each problem as "file: field: reason" and exits 1 if there is any.
Importing a plan into the monitoring service needs its database, and is not done by this tool.`;

export interface CommandResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

const usageError = (message: string): CommandResult => ({ exitCode: 2, stdout: [], stderr: [message, '', USAGE] });

/** Problems of one file: unreadable, not YAML or JSON, or what validatePlan says. */
export function fileProblems(file: string): PlanProblem[] {
  const format = formatOfFileName(file);
  if (!format) return [{ path: '', reason: 'name a .yaml, .yml or .json file, so its format is known' }];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return [{ path: '', reason: `cannot read: ${(error as Error).message}` }];
  }
  const parsed = parsePlanText(text, format);
  return parsed.ok ? validatePlan(parsed.doc, INDICATORS) : parsed.problems;
}

export function validateFiles(files: readonly string[]): CommandResult {
  if (files.length === 0) return usageError('validate: name at least one file');
  const stdout: string[] = [];
  let failed = false;
  for (const file of files) {
    const problems = fileProblems(file);
    failed ||= problems.length > 0;
    if (problems.length === 0) stdout.push(`${file}: valid`);
    for (const p of problems) stdout.push(`${file}: ${p.path || '(document)'}: ${p.reason}`);
  }
  return { exitCode: failed ? 1 : 0, stdout, stderr: [] };
}

function output(text: string, out: string | undefined): CommandResult {
  if (out === undefined) return { exitCode: 0, stdout: [text.replace(/\n$/, '')], stderr: [] };
  writeFileSync(out, text);
  return { exitCode: 0, stdout: [], stderr: [`wrote ${out}`] };
}

export function exportPlan(id: string | undefined, format: string, out: string | undefined): CommandResult {
  if (!id) return usageError('export: name the plan');
  const build = BUILT_IN_PLANS[id];
  if (!build) return usageError(`export: no built-in plan ${id}`);
  if (!PLAN_FORMATS.includes(format as PlanFormat)) return usageError(`export: --format is yaml or json, not ${format}`);
  return output(serializePlan(build(), format as PlanFormat), out);
}

export const schema = (out: string | undefined): CommandResult => output(planJsonSchemaText(), out);
