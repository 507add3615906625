import type { DatasetType } from '@wdp/contracts';

/** Which datasets of a department wait for an approver before they count. */
export interface ApprovalPolicy {
  requiresApproval(type: DatasetType, kind: string): boolean;
}

/** How a dataset is named in APPROVAL_REQUIRED and in messages: `records/<kind>` or `returns/<kind>`. */
export function datasetName(type: DatasetType, kind: string): string {
  return `${type}s/${kind}`;
}

/**
 * The policy of APPROVAL_REQUIRED (or the module option): a comma-separated list of datasets (`records/<kind>`,
 * `returns/<kind>`) that need approval, or `*` for all of them. Empty is the default: every dataset is approved
 * automatically, so data counts as soon as it is committed and nothing is ever locked. A name this department
 * does not serve is a start-up error naming the variable, not a silently ignored typo.
 */
export function approvalPolicy(setting: string | readonly string[] | undefined, served: { records: readonly string[]; returns: readonly string[] }): ApprovalPolicy {
  const names = (typeof setting === 'string' ? setting.split(',') : (setting ?? [])).map((s) => s.trim()).filter(Boolean);
  if (names.includes('*')) return { requiresApproval: () => true };
  const known = new Set([...served.records.map((k) => datasetName('record', k)), ...served.returns.map((k) => datasetName('return', k))]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new Error(`APPROVAL_REQUIRED names datasets this service does not accept: ${unknown.join(', ')} (known: ${[...known].join(', ') || 'none'}, or *)`);
  }
  const manual = new Set(names);
  return { requiresApproval: (type, kind) => manual.has(datasetName(type, kind)) };
}
