import { canonicalJson } from '@wdp/ingestion';
import type { PlanDocument, PlanTarget } from '@wdp/plans';

/** One field a version changed against the version before it: what the audit trail keeps. */
export interface PlanFieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** The plan's own fields an audit names (id and version are the version's identity, schema the format). */
const HEADER_FIELDS = ['status', 'name', 'level', 'area', 'period', 'baselineYear', 'source', 'notes'] as const;

/** A target's identity within a plan: the validator allows one target per indicator and target year. */
export const targetKey = (t: Pick<PlanTarget, 'indicator' | 'targetYear'>) => `${t.indicator}@${t.targetYear}`;

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * What `next` changes against `previous`, field by field: a plan's own fields by name (`status`), a target's by
 * its indicator and year (`targets[HEA-02@2025].value`), a target added or dropped as a whole. A first version
 * is one `created` entry. Targets are matched by identity, not position, so reordering them changes nothing. Pure.
 */
export function planChanges(previous: PlanDocument | undefined, next: PlanDocument): PlanFieldChange[] {
  if (!previous) return [{ field: 'created', old: null, new: { version: next.version, status: next.status, targets: next.targets.length } }];
  const changes: PlanFieldChange[] = [];
  for (const field of HEADER_FIELDS) {
    if (!same(previous[field], next[field])) changes.push({ field, old: previous[field] ?? null, new: next[field] ?? null });
  }
  const before = new Map(previous.targets.map((t) => [targetKey(t), t]));
  const after = new Map(next.targets.map((t) => [targetKey(t), t]));
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      changes.push({ field: `targets[${key}]`, old, new: null });
      continue;
    }
    const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((f) => f !== 'indicator' && f !== 'targetYear').sort();
    for (const f of fields) {
      const a = old[f as keyof PlanTarget];
      const b = now[f as keyof PlanTarget];
      if (!same(a, b)) changes.push({ field: `targets[${key}].${f}`, old: a ?? null, new: b ?? null });
    }
  }
  for (const [key, added] of after) if (!before.has(key)) changes.push({ field: `targets[${key}]`, old: null, new: added });
  return changes;
}
