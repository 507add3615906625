import type { AttributeValue } from '@wdp/contracts';
import type { InputRef } from '@wdp/indicators';

type Where = NonNullable<InputRef['where']>;

/**
 * The key record facts are aggregated under: department, record kind and the attribute filter, written
 * canonically (sorted names, sorted values) so that two indicators filtering the same way share one fact
 * series. Sex, age band and distinct-area counting are not part of it: facts keep sex and age band as
 * dimensions and those selections are applied when reading.
 */
export function inputKeyOf(ref: Pick<InputRef, 'department' | 'recordKind' | 'where'>): string {
  const base = `${ref.department}/${ref.recordKind}`;
  const where = ref.where ?? {};
  const names = Object.keys(where).sort();
  if (names.length === 0) return base;
  const parts = names.map((name) => `${name}=${valuesOf(where[name]).map(String).sort().join('|')}`);
  return `${base}?${parts.join('&')}`;
}

/** True when every filtered attribute has one of the wanted values. */
export function matchesWhere(where: Where | undefined, attributes: Readonly<Record<string, AttributeValue>>): boolean {
  if (!where) return true;
  return Object.entries(where).every(([name, wanted]) => {
    const actual = attributes[name];
    return actual !== undefined && valuesOf(wanted).some((v) => v === actual);
  });
}

/**
 * `matchesWhere` for one filter, with its entries and wanted values taken apart once: the consumer tests
 * every fact of a batch against every filter of its kind.
 */
export function compileWhere(where: Where | undefined): (attributes: Readonly<Record<string, AttributeValue>>) => boolean {
  if (!where) return () => true;
  const tests = Object.entries(where).map(([name, wanted]) => ({ name, values: valuesOf(wanted) }));
  return (attributes) => {
    for (const { name, values } of tests) {
      const actual = attributes[name];
      if (actual === undefined || values.indexOf(actual) === -1) return false; // indexOf: strict equality, as matchesWhere
    }
    return true;
  };
}

function valuesOf(wanted: Where[string]): readonly AttributeValue[] {
  return Array.isArray(wanted) ? wanted : [wanted as AttributeValue];
}
