import fc from 'fast-check';
import { resolveSchema, type Schema, type WriteOperation } from './openapi-operations';

// Hostile bodies derived from one operation's schema and valid example. Every mutation below makes the body
// invalid by construction (the schema or the service's documented rules forbid it), and names the field the
// rejection must point at; `garbage` bodies are arbitrary JSON with no such promise.

export interface HostileBody {
  label: string;
  body: unknown;
  /** JSON path of the field the 422 must name (an error's field equals it or lies under it). */
  field?: string;
}

/** fast-check prints counterexamples recursively; a 3,000-level body would overflow its stack, so print it short. */
function hostile(h: HostileBody): HostileBody {
  return Object.assign(h, { [fc.toStringMethod]: () => `${h.label}${h.field ? ` at ${h.field}` : ''}: ${preview(h.body)}` });
}

export function preview(body: unknown): string {
  try {
    return (JSON.stringify(body) ?? 'undefined').slice(0, 300);
  } catch {
    return '(too deep to print)';
  }
}

type Path = (string | number)[];

interface Slot {
  path: Path;
  schema: Schema;
  value: unknown;
  required: boolean;
}

export function pathString(path: Path): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

function setAt(body: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

function deleteAt(body: unknown, path: Path): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  delete node[path[path.length - 1]];
  return copy;
}

/** Every property the schema declares, at every depth the example reaches (objects and the first array item). */
export function slotsOf(doc: Schema, schema: Schema, value: unknown, path: Path = []): Slot[] {
  const s = resolveSchema(doc, schema);
  const out: Slot[] = [];
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    const required = new Set<string>(s.required ?? []);
    for (const [name, prop] of Object.entries<Schema>(s.properties)) {
      const child = (value as Record<string, unknown>)[name];
      const resolved = resolveSchema(doc, prop);
      out.push({ path: [...path, name], schema: resolved, value: child, required: required.has(name) });
      if (child !== undefined) out.push(...slotsOf(doc, resolved, child, [...path, name]));
    }
  } else if (s.type === 'array' && s.items && Array.isArray(value) && value.length > 0) {
    out.push(...slotsOf(doc, s.items, value[0], [...path, 0]));
  }
  return out;
}

/** Paths of the objects in the example (where an unknown key can go). */
function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.length ? objectPaths(value[0], [...path, 0]) : [];
  if (value && typeof value === 'object') {
    return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
  }
  return [];
}

/** GB 11643 resident ID numbers with a valid MOD 11-2 check character, and 15-digit legacy numbers. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export const residentIdNumber: fc.Arbitrary<string> = fc
  .record({
    region: fc.constantFrom('110105', '520103', '440305', '310104', '650102'),
    birth: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
    legacy: fc.boolean(),
    lowerX: fc.boolean(),
  })
  .map(({ region, birth, seq, legacy, lowerX }) => {
    const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const s = String(seq).padStart(3, '0');
    if (legacy) return `${region}${ymd.slice(2)}${s}`;
    const body = `${region}${ymd}${s}`;
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
    const check = '10X98765432'[sum % 11];
    return `${body}${lowerX ? check.toLowerCase() : check}`;
  });

/** An ID as it might be typed: alone, inside text, with spaces, in full-width digits, or with invisible characters. */
export const residentIdText: fc.Arbitrary<string> = fc
  .tuple(residentIdNumber, fc.constantFrom('plain', 'embedded', 'spaced', 'fullwidth', 'invisible'), fc.constantFrom('\u200b', '\u2060', '\ufeff', '\u00ad', '\u200e'))
  .map(([id, form, invisible]) => {
    if (form === 'embedded') return `patient ${id} seen`;
    if (form === 'spaced') return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
    // The hostile run's find: an invisible character between the digit groups, inside a sentence.
    if (form === 'invisible') return `ref ${id.slice(0, 6)}${invisible}${id.slice(6, 14)}${invisible}${id.slice(14)}`;
    if (form === 'fullwidth') return id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    return id;
  });

function deep(levels: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

function wrongTypeValues(slot: Slot): unknown[] {
  const t = slot.schema.type;
  const nullable = slot.schema.nullable === true;
  const base: unknown[] = (() => {
    switch (t) {
      case 'string': return [12345, true, { a: 1 }, ['x']];
      case 'integer':
      case 'number': return ['12', true, { a: 1 }, [1]];
      case 'boolean': return ['true', 1, {}];
      case 'array': return ['x', { a: 1 }, 5];
      case 'object': return ['x', 5, true];
      default: return slot.schema.properties ? ['x', 5, true] : [];
    }
  })();
  // null means "absent" to an optional field (and "remove" in a merge patch): only wrong where it is required.
  return slot.required && !nullable ? [...base, null] : base;
}

function outOfRangeValues(slot: Slot): unknown[] {
  const s = slot.schema;
  if (s.type !== 'integer' && s.type !== 'number') return [];
  const out: unknown[] = [];
  if (typeof s.minimum === 'number') out.push(s.minimum - 1, -1e308, -Number.MAX_SAFE_INTEGER * 4);
  if (typeof s.maximum === 'number') out.push(s.maximum + 1, 1e308, Number.MAX_SAFE_INTEGER * 4);
  if (s.type === 'integer') out.push((typeof s.minimum === 'number' ? s.minimum : 0) + 0.5);
  return out;
}

function periodValues(example: unknown): string[] {
  const invalid = ['2025-13', '2025-00', 'abcd', '2025-Q5', '', '20250', '2025-1', '１２３４'];
  const shape = typeof example === 'string' ? example : '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(shape)) return ['2099-01-01', '2025-02-30', 'yesterday', '2025-13-01', ''];
  if (/^\d{4}-\d{2}$/.test(shape)) return ['2099-12', ...invalid];
  if (/^\d{4}-Q\d$/.test(shape)) return ['2099-Q4', ...invalid];
  return ['2099', ...invalid];
}

const INVALID_AREAS = ['000000', '520103999999999', 'x', '', '5201O3', '../520103', '520103 OR 1=1'];

function longStringValues(slot: Slot): string[] {
  const s = slot.schema;
  if (s.type !== 'string' || s.format === 'uuid') return [];
  if (typeof s.maxLength === 'number') return ['x'.repeat(s.maxLength + 1), 'y'.repeat(200_000)];
  // No declared bound: an enum, a pattern or the area reference still bounds it; free text must have a limit too.
  return ['z'.repeat(200_000)];
}

/** The guaranteed-invalid single-body mutations of an operation (empty when it has no JSON body). */
export function fieldMutations(doc: Schema, op: WriteOperation): fc.Arbitrary<HostileBody>[] {
  if (!op.schema || !op.example || typeof op.example !== 'object') return [];
  const example = op.example;
  const slots = slotsOf(doc, op.schema, example);
  const present = slots.filter((s) => s.value !== undefined);
  const arbs: fc.Arbitrary<HostileBody>[] = [];
  const at = (slot: Slot, value: unknown, label: string): HostileBody => ({ label, body: setAt(example, slot.path, value), field: pathString(slot.path) });

  const required = present.filter((s) => s.required);
  if (required.length && !op.mergePatch) {
    arbs.push(fc.constantFrom(...required).map((s) => ({ label: 'missing required field', body: deleteAt(example, s.path), field: pathString(s.path) })));
  }
  const typed = present.flatMap((s) => wrongTypeValues(s).map((v) => [s, v] as const));
  if (typed.length) arbs.push(fc.constantFrom(...typed).map(([s, v]) => at(s, v, 'wrong type')));

  const objects = objectPaths(example);
  arbs.push(
    // In a merge patch, null removes a field, and removing one that does not exist is a no-op.
    fc.tuple(fc.constantFrom(...objects), fc.stringMatching(/^[a-z][a-zA-Z]{0,12}$/), fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== null)).map(([p, key, value]) => {
      const name = `zz${key}`;
      return { label: 'unknown field', body: setAt(example, [...p, name], value), field: pathString([...p, name]) };
    }),
  );

  // Counts are non-negative whole numbers of bounded size whatever the document declares.
  const counted = present.filter((s) => ['count', 'numerator', 'denominator'].includes(String(s.path[s.path.length - 1])) && typeof s.value === 'number');
  const countCases = counted.flatMap((s) => [-1, -1e308, 1e308, ...(String(s.path[s.path.length - 1]) === 'count' ? [1.5] : [])].map((v) => [s, v] as const));
  if (countCases.length) arbs.push(fc.constantFrom(...countCases).map(([s, v]) => at(s, v, 'negative, fractional or astronomical count')));

  const ranged = present.flatMap((s) => outOfRangeValues(s).map((v) => [s, v] as const));
  if (ranged.length) arbs.push(fc.constantFrom(...ranged).map(([s, v]) => at(s, v, 'number out of range')));

  const periods = present.filter((s) => ['period', 'occurredOn'].includes(String(s.path[s.path.length - 1])) && s.schema.type === 'string');
  const periodCases = periods.flatMap((s) => periodValues(s.value).map((v) => [s, v] as const));
  if (periodCases.length) arbs.push(fc.constantFrom(...periodCases).map(([s, v]) => at(s, v, 'future or invalid period')));

  const areas = present.filter((s) => s.path[s.path.length - 1] === 'area');
  if (areas.length) arbs.push(fc.tuple(fc.constantFrom(...areas), fc.constantFrom(...INVALID_AREAS)).map(([s, v]) => at(s, v, 'invalid area')));

  const ratioFigures = present.filter((s) => s.schema.properties?.numerator && s.schema.properties?.denominator && s.value && typeof s.value === 'object');
  if (ratioFigures.length) {
    arbs.push(fc.tuple(fc.constantFrom(...ratioFigures), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 })).map(([s, denominator, excess]) => ({
      label: 'numerator > denominator',
      body: setAt(example, s.path, { ...(s.value as object), numerator: denominator + excess, denominator }),
      field: pathString(s.path),
    })));
  }

  arbs.push(fc.tuple(fc.constantFrom(...present), fc.integer({ min: 40, max: 1000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
    .map(([s, levels, kind]) => at(s, deep(levels, kind), 'deeply nested value')));

  const longs = present.flatMap((s) => longStringValues(s).map((v) => [s, v] as const));
  if (longs.length) arbs.push(fc.constantFrom(...longs).map(([s, v]) => at(s, v, 'very long string')));

  const strings = present.filter((s) => typeof s.value === 'string');
  if (strings.length) arbs.push(fc.tuple(fc.constantFrom(...strings), residentIdText).map(([s, id]) => at(s, id, 'resident ID number in a field')));
  arbs.push(fc.tuple(fc.constantFrom(...objects), residentIdNumber).map(([p, id]) => ({
    label: 'resident ID number as a key', body: setAt(example, [...p, id], 'x'), field: pathString([...p, id]),
  })));
  return arbs.map((arb) => arb.map(hostile));
}

/** The same mutations inside a batch, after one valid item: the 422 must name the field under items[1]. */
export function batchMutations(doc: Schema, op: WriteOperation): fc.Arbitrary<HostileBody>[] {
  if (!op.acceptsBatch || !op.example) return [];
  const first = { ...op.example, reference: `${String(op.example.reference ?? 'B')}-batch-0` };
  return fieldMutations(doc, op).map((arb) => arb.map((m) => hostile({
    label: `batch: ${m.label}`,
    body: { items: [first, m.body] },
    field: m.field ? `items[1].${m.field}` : 'items[1]',
  })));
}

/** Arbitrary JSON documents, some of them very deep: the service must answer each with a 4xx or a harmless no-op. */
export const garbageBodies: fc.Arbitrary<HostileBody> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((body) => ({ label: 'arbitrary JSON', body })),
  fc.integer({ min: 33, max: 1000 }).map((n) => ({ label: 'deep array document', body: deep(n, 'array') })),
  fc.constantFrom<unknown>(null, [], '', 0, -1e308, 'x'.repeat(100_000), [{}], { items: [] }, { items: null }, { items: {} })
    .map((body) => ({ label: 'degenerate body', body })),
).map(hostile);
