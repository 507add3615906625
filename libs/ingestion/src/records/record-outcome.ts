import type { PreparedRecord } from './record-batch';
import type { RecordRow } from './record.repository';

export interface Classified {
  toCreate: PreparedRecord[];
  unchanged: { record: PreparedRecord; existing: RecordRow }[];
  conflicts: { record: PreparedRecord; existing: RecordRow }[];
}

/**
 * Natural-key rules: a new key is created; a known key with the same content is a no-op (a retried
 * submission never double-counts); a known key with different content, or a withdrawn one, is a conflict
 * the client resolves with PUT (revise or reinstate).
 */
export function classifyAgainstExisting(records: PreparedRecord[], existing: RecordRow[]): Classified {
  const byKey = new Map(existing.map((r) => [r.naturalKey, r]));
  const out: Classified = { toCreate: [], unchanged: [], conflicts: [] };
  for (const record of records) {
    const row = byKey.get(record.naturalKey);
    if (!row) out.toCreate.push(record);
    else if (row.status === 'active' && row.contentHash === record.hash) out.unchanged.push({ record, existing: row });
    else out.conflicts.push({ record, existing: row });
  }
  return out;
}
