import { DEPARTMENTS, type DatasetType } from '@wdp/contracts';

/** Which datasets of a department wait for an approver before they count. */
export interface ApprovalPolicy {
  requiresApproval(type: DatasetType, kind: string): boolean;
}

/** How a dataset is named in messages and in APPROVAL_REQUIRED (after its department): `records/<kind>` or `returns/<kind>`. */
export function datasetName(type: DatasetType, kind: string): string {
  return `${type}s/${kind}`;
}

/**
 * The policy of APPROVAL_REQUIRED (or the module option) for `department`: a comma-separated list of
 * `<department>/records/<kind>`, `<department>/returns/<kind>`, `<department>/*` (all of a department's datasets)
 * or `*` (every dataset of every department). Every service reads the same list, so one setting serves a whole
 * deployment; a service keeps the entries of its own department. Empty is the default: every dataset is approved
 * automatically, so data counts as soon as it is committed and nothing is ever locked. An unknown department, or
 * a dataset of this department it does not accept, is a start-up error naming the variable, not an ignored typo.
 */
export function approvalPolicy(
  setting: string | readonly string[] | undefined, department: string, served: { records: readonly string[]; returns: readonly string[] },
): ApprovalPolicy {
  const entries = (typeof setting === 'string' ? setting.split(',') : (setting ?? [])).map((s) => s.trim()).filter(Boolean);
  const departments = new Set<string>(DEPARTMENTS.map((d) => d.code));
  const problems: string[] = [];
  const own: string[] = [];
  for (const entry of entries) {
    if (entry === '*') return { requiresApproval: () => true };
    const slash = entry.indexOf('/');
    const dept = slash < 0 ? entry : entry.slice(0, slash);
    if (!departments.has(dept)) problems.push(`${entry} (no department ${dept})`);
    else if (dept === department) own.push(entry.slice(slash + 1));
  }
  if (own.includes('*')) return { requiresApproval: () => true };
  const known = new Set([...served.records.map((k) => datasetName('record', k)), ...served.returns.map((k) => datasetName('return', k))]);
  problems.push(...own.filter((n) => !known.has(n)).map((n) => `${department}/${n}`));
  if (problems.length) {
    throw new Error(`APPROVAL_REQUIRED names datasets no service accepts: ${problems.join(', ')} (this service's: ${[...known].map((k) => `${department}/${k}`).join(', ') || 'none'}, ${department}/*, or *)`);
  }
  const manual = new Set(own);
  return { requiresApproval: (type, kind) => manual.has(datasetName(type, kind)) };
}
