import type { IndicatorDefinition } from '@wdp/indicators';
import { canonicalJson } from '@wdp/ingestion';
import { type StoredIndicator, TARGET_FIELDS, type TargetField, targetsOf, type TargetValues } from './stored-indicator';

export interface FieldChange {
  field: TargetField | 'definition' | 'created';
  old: unknown;
  new: unknown;
}

export type SeedAction =
  | { type: 'insert'; entry: IndicatorDefinition; targets: TargetValues }
  | { type: 'update'; code: string; entry: IndicatorDefinition; targets: TargetValues; targetsChanged: boolean; changes: FieldChange[] };

/**
 * What seeding `catalogue` (at `version`) onto the stored indicators changes. New codes are inserted.
 * Existing ones take the catalogue's definition, and its targets only for fields nobody overrode through
 * the API. Nothing is planned for an entry that already matches, so seeding twice is a no-op. Pure.
 */
export function planSeed(catalogue: readonly IndicatorDefinition[], stored: ReadonlyMap<string, StoredIndicator>, version: string): SeedAction[] {
  const actions: SeedAction[] = [];
  for (const entry of catalogue) {
    const current = stored.get(entry.code);
    if (!current) {
      actions.push({ type: 'insert', entry, targets: targetsOf(entry) });
      continue;
    }
    const seeded = targetsOf(entry);
    const targets = { ...current.targets };
    const changes: FieldChange[] = [];
    for (const field of TARGET_FIELDS) {
      if (current.overridden.includes(field) || seeded[field] === current.targets[field]) continue;
      changes.push({ field, old: current.targets[field], new: seeded[field] });
      targets[field] = seeded[field];
    }
    // Canonical JSON: jsonb does not keep key order, so a plain stringify would see a change every start.
    const entryChanged = canonicalJson(current.entry) !== canonicalJson(entry);
    const definitionChanged = entryChanged || current.catalogueVersion !== version;
    if (entryChanged) {
      changes.push({ field: 'definition', old: current.catalogueVersion, new: version });
    }
    if (changes.length > 0 || definitionChanged) {
      actions.push({ type: 'update', code: entry.code, entry, targets, targetsChanged: changes.some((c) => c.field !== 'definition'), changes });
    }
  }
  return actions;
}
