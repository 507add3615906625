import { readFileSync, writeFileSync } from 'node:fs';
import { INDICATORS } from '@wdp/indicators';
import { BUILT_IN_PLANS, formatOfFileName, parsePlanText, PLAN_FORMATS, type PlanFormat, type PlanProblem, planJsonSchemaText, serializePlan, validatePlan } from '@wdp/plans';

/** Where `npm start` serves the monitoring service. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

export const USAGE = `Plan documents (libs/plans): check them, and print the plans this repository builds from code.

  npm run plan -- validate <file>...                       check .yaml/.yml/.json plan documents against the schema and the catalogue
  npm run plan -- export <plan-id> [--format yaml|json] [--out <file>]
                                                           print a built-in plan (${Object.keys(BUILT_IN_PLANS).join(', ')})
  npm run plan -- schema [--out <file>]                    print the JSON Schema (docs/schemas/plan.schema.json)
  npm run plan -- import <file> [--url <monitoring-url>] [--key <admin-key>] [--reason <why>]
                                                           store a plan, or its next version, in the monitoring service's registry

validate prints each problem as "file: field: reason" and exits 1 if there is any.
import posts the file to the monitoring service's admin API (version 1 creates the plan, a later version is the
plan's next); --url defaults to $MONITORING_URL or ${DEFAULT_URL}, --key to $ADMIN_API_KEY. The service checks
the document against its stored catalogue and prints each problem as validate does (exit 1); nothing is stored then.`;

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

export interface ImportOptions {
  url: string;
  key: string | undefined;
  reason: string | undefined;
}

interface Problem {
  status: number;
  detail?: string;
  errors?: { field: string; reason: string }[];
}

const MEDIA_TYPES: Record<PlanFormat, string> = { yaml: 'application/yaml', json: 'application/json' };

/**
 * Posts a plan file, as it is, to the monitoring service: to /v1/admin/plans for a version 1, to the plan's
 * /versions for a later one (the id and version are read from the file; the service checks everything else).
 */
export async function importPlan(file: string | undefined, options: ImportOptions): Promise<CommandResult> {
  if (!file) return usageError('import: name the plan file');
  if (!options.key) return usageError('import: give the administrator API key with --key or ADMIN_API_KEY');
  const format = formatOfFileName(file);
  if (!format) return { exitCode: 1, stdout: [`${file}: (document): name a .yaml, .yml or .json file, so its format is known`], stderr: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { exitCode: 1, stdout: [`${file}: (document): cannot read: ${(error as Error).message}`], stderr: [] };
  }
  const parsed = parsePlanText(text, format);
  if (!parsed.ok) return { exitCode: 1, stdout: parsed.problems.map((p) => `${file}: ${p.path || '(document)'}: ${p.reason}`), stderr: [] };
  const { id, version } = (parsed.doc ?? {}) as { id?: unknown; version?: unknown };
  const path = typeof id === 'string' && typeof version === 'number' && version > 1 ? `/v1/admin/plans/${encodeURIComponent(id)}/versions` : '/v1/admin/plans';
  const target = new URL(path, options.url);
  if (options.reason) target.searchParams.set('reason', options.reason);
  let response: Response;
  try {
    response = await fetch(target, { method: 'POST', headers: { 'content-type': MEDIA_TYPES[format], 'x-api-key': options.key }, body: text });
  } catch (error) {
    return { exitCode: 1, stdout: [], stderr: [`import: cannot reach ${options.url}: ${(error as Error).message}`] };
  }
  const body = (await response.json().catch(() => ({}))) as Problem & { version?: { planId: string; version: number }; changes?: unknown[] };
  if (response.status === 201 && body.version) {
    return { exitCode: 0, stdout: [`${file}: stored ${body.version.planId} version ${body.version.version} (${body.changes?.length ?? 0} changes)`], stderr: [] };
  }
  if (body.errors?.length) return { exitCode: 1, stdout: body.errors.map((e) => `${file}: ${e.field}: ${e.reason}`), stderr: [] };
  return { exitCode: 1, stdout: [`${file}: ${response.status} ${body.detail ?? response.statusText}`], stderr: [] };
}
