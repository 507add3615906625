import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAreas, RECORD_KINDS, recordKind, type RecordKindDefinition } from '@wdp/contracts';
import { flattenValidationErrors } from '@wdp/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
// The fuzzer's own corpus, not a copy of it: a test-only import from the hostile suite (tests/ is no library).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { batchMutations, fieldMutations, garbageBodies } from '../../../../tests/hostile/mutations';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { writeOperations, type Schema } from '../../../../tests/hostile/openapi-operations';
import { compileSchema } from '../validation/compiled-validator';
import { prepareSubmission, VALIDATOR_OPTIONS, type PreparedBatch, type RuleContext } from './record-batch';
import { recordKindFromDefinition } from './record-dto.factory';
import { recordItemSchema } from './record-item.schema';
import type { RecordKindSpec } from './record-kind';

// The compiled check against class-validator, on the hostile corpora: the OpenAPI-driven mutations the fuzzer
// sends every service (tests/hostile), near-valid items of every kind, and a grid of edge values in every field.
// The compiled check must never pass an item class-validator refuses, and a submission must come out the same,
// 422 errors and stored records alike, whether the compiled check runs or not.

const ROOT = path.resolve(__dirname, '../../../..');
const areas = loadAreas();
// Judged on a fixed day, so that no test depends on today's date.
const NOW = new Date('2026-03-15T00:00:00Z');
const ctxOf = (department: string): RuleContext => ({ department, hasArea: (c) => areas.has(c), now: NOW });
const community = areas.ofLevel('community')[0].code;

interface Kind {
  def: RecordKindDefinition;
  fast: RecordKindSpec;
  /** The same spec without its compiled check: every item through class-validator, as before. */
  slow: RecordKindSpec;
  ctx: RuleContext;
}

const kinds: Kind[] = RECORD_KINDS.map((def) => {
  const fast = recordKindFromDefinition(def, { exampleArea: community });
  const { compiledCheck: _unused, ...slow } = fast;
  return { def, fast, slow, ctx: ctxOf(def.department) };
});

function classValidatorAccepts(spec: RecordKindSpec, item: unknown): boolean {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
  return flattenValidationErrors(validateSync(plainToInstance(spec.itemClass, item), VALIDATOR_OPTIONS)).length === 0;
}

/** Every item of a body: the body itself, or each of its items. */
function itemsOf(body: unknown): unknown[] {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && Array.isArray((body as { items?: unknown }).items)) return (body as { items: unknown[] }).items;
  return [body];
}

/** What the compiled check refused that class-validator accepts, by the first rule it tripped: fine (they fall back), but listed. */
const fallbacks = new Map<string, number>();
const explainers = new Map<Kind, ReturnType<typeof compileSchema>>();
let compared = 0;
let passedCompiled = 0;

function compare(kind: Kind, body: unknown): void {
  const expected = prepareSubmission(kind.slow, body, kind.ctx);
  const actual = prepareSubmission(kind.fast, body, kind.ctx);
  expect(comparable(actual)).toStrictEqual(comparable(expected));
  for (const item of itemsOf(body)) {
    compared++;
    const fast = kind.fast.compiledCheck!(item);
    const slow = classValidatorAccepts(kind.slow, item);
    if (fast && !slow) throw new Error(`${kind.def.department}/${kind.def.kind}: compiled check passed an item class-validator refuses: ${JSON.stringify(item)?.slice(0, 400)}`);
    if (fast) passedCompiled++;
    if (slow && !fast) {
      const validate = explainers.get(kind) ?? explainers.set(kind, compileSchema(recordItemSchema(kind.def))).get(kind)!;
      validate(item);
      const e = validate.errors?.[0];
      const label = e ? `${e.instancePath.replace(/^\/attributes\/.*/, '/attributes/*') || '/'} ${e.keyword}` : 'not a plain object';
      fallbacks.set(label, (fallbacks.get(label) ?? 0) + 1);
    }
  }
}

/** jest's equality ignores undefined members; the content hash settles that the payloads serialise alike. */
function comparable(batch: PreparedBatch) {
  return { ...batch, records: batch.records.map((r) => ({ ...r, payload: JSON.stringify(r.payload) })) };
}

/** Values that sit on the edge of some rule, tried in every field. */
const EDGE_VALUES: unknown[] = [
  null, true, false, 0, -0, 1, 1.5, -1, 130, 131, 1_000_000, 1_000_001, 1e308, -1e308, Number.MAX_SAFE_INTEGER * 4, NaN, Infinity, -Infinity,
  '', ' ', 'F', 'M', 'x', '1', 'true', '2025-07', '2025-13', '2025-07-14', '2025-02-30', '2099-01-01', '2009-12', '30-34', '85+',
  '\uFE0F', '\uFE0E\uFE0F', 'a\uFE0F', '\u0000', 'a\u001Fb', 'a\u007F', 'a\u0085', '\u009F', 'tab\there', '\ud800', '\udc00x', '😀',
  '=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'x=1', "'=1",
  'x'.repeat(32), 'x'.repeat(33), 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(128), 'x'.repeat(129),
  '😀'.repeat(100), '😀'.repeat(101), `${'x'.repeat(100)}\uFE0F`, '2024-2025', '2025-2026', '2024-2026',
  [], ['x'], {}, { a: 1 }, new Date('2025-07-01T00:00:00Z'),
];

const BASE_FIELDS = ['reference', 'subjectRef', 'area', 'period', 'occurredOn', 'sex', 'ageBand', 'age', 'count', 'attributes'];

/** One kind per combination of the flags that shape an item's own fields (its attributes aside). */
const shapes = [...new Map(kinds.map((k) => [`${k.def.hasSex}/${k.def.impliedSex}/${k.def.hasAgeBand}/${k.def.carriesCount}`, k])).values()];

/** The kind's example with one field set to each edge value, each field removed, and an unknown one added. */
function fieldEdgeBodies(kind: Kind): unknown[] {
  const example = kind.fast.example;
  const out: unknown[] = [];
  for (const value of EDGE_VALUES) for (const f of [...BASE_FIELDS, 'extra']) out.push({ ...example, [f]: value });
  for (const f of BASE_FIELDS) {
    const { [f]: _gone, ...rest } = example;
    out.push(rest);
  }
  // Keys JSON.parse makes own properties, which an object literal would not.
  out.push(JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(example).slice(1)}`));
  out.push({ ...example, age: 42, ageBand: '40-44' }, { ...example, age: 42, ageBand: '30-34' }, { ...example, age: 42, ageBand: undefined });
  return out;
}

/** The kind's example with one attribute set to each edge value or one of its own values, removed, or an unknown one. */
function attributeEdgeBodies(kind: Kind): unknown[] {
  const example = kind.fast.example;
  const attributes = (example.attributes ?? {}) as Record<string, unknown>;
  const own = kind.def.attributes.flatMap((a) => [...(a.values ?? []), a.min, a.max].filter((v) => v !== undefined));
  const out: unknown[] = [];
  for (const value of [...EDGE_VALUES, ...own]) {
    for (const a of [...kind.def.attributes.map((x) => x.name), 'unknownAttribute']) out.push({ ...example, attributes: { ...attributes, [a]: value } });
  }
  for (const a of kind.def.attributes) {
    const { [a.name]: _gone, ...rest } = attributes;
    out.push({ ...example, attributes: rest });
  }
  out.push(JSON.parse(JSON.stringify({ ...example, attributes: { ...attributes, constructor: 'x' } })));
  return out;
}

describe('compiled check of record items, against class-validator', () => {
  afterAll(() => {
    // The classes of items that take the slower path although they are valid, for the record (see the README).
    console.log(`[compiled-check] ${compared} items compared, ${passedCompiled} passed the compiled check; valid items it leaves to class-validator, by first rule tripped: ${JSON.stringify(Object.fromEntries([...fallbacks].sort()))}`);
  });

  it('compiles a strict schema for every kind of the vocabulary', () => {
    for (const kind of kinds) expect(kind.fast.compiledCheck!(kind.fast.example)).toBe(true);
  });

  it('agrees with class-validator on an edge value in every field of every shape of item', () => {
    for (const kind of shapes) for (const body of fieldEdgeBodies(kind)) compare(kind, body);
  });

  it('agrees with class-validator on an edge value in every attribute of every kind', () => {
    for (const kind of kinds) for (const body of attributeEdgeBodies(kind)) compare(kind, body);
  });

  it('agrees on the OpenAPI-driven hostile mutations the fuzzer sends each service', () => {
    let bodies = 0;
    for (const file of ['health', 'education', 'employment', 'social-security', 'rights-protection', 'family']) {
      const doc = JSON.parse(readFileSync(path.join(ROOT, 'docs/openapi', `${file}-service.json`), 'utf8')) as Schema;
      for (const batchOp of writeOperations(doc).filter((o) => o.method === 'POST' && /^\/v1\/records\/[^/{]+$/.test(o.path))) {
        // Mutate one item: the document's first example may be a batch.
        const op = { ...batchOp, example: (batchOp.example?.items as Record<string, unknown>[] | undefined)?.[0] ?? batchOp.example };
        const def = recordKind(file, op.path.split('/')[3]);
        if (!def) continue;
        const kind = kinds.find((k) => k.def === def)!;
        const families = [...fieldMutations(doc, op), ...batchMutations(doc, op), garbageBodies];
        for (const family of families) {
          for (const hostile of fc.sample(family, { numRuns: 6, seed: 16 })) {
            // As the service gets it: parsed from the JSON text the fuzzer sends (structuredClone's objects come
            // from another realm than jest's, and the compiled check leaves objects of foreign prototypes alone).
            compare(kind, JSON.parse(JSON.stringify(hostile.body) ?? 'null'));
            bodies++;
          }
        }
      }
    }
    expect(bodies).toBeGreaterThan(1000);
  });

  it('agrees on near-valid items of every kind with arbitrary values in their fields', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    for (const kind of kinds) {
      const example = kind.fast.example;
      const attributeNames = [...kind.def.attributes.map((a) => a.name), 'x'];
      const item = fc.record({
        reference: fc.oneof(fc.constant(example.reference), fc.string({ unit: 'binary', maxLength: 110 }), json),
        subjectRef: fc.oneof(fc.constant('p-1'), fc.string({ unit: 'binary', maxLength: 130 }), json),
        area: fc.oneof(fc.constant(example.area), fc.string({ maxLength: 34 }), json),
        period: fc.oneof(fc.constant(example.period), fc.string({ maxLength: 8 }), json),
        occurredOn: fc.oneof(fc.constant('2025-07-01'), fc.string({ maxLength: 11 }), json),
        sex: fc.oneof(fc.constantFrom('F', 'M', 'T'), json),
        ageBand: fc.oneof(fc.constantFrom('30-34', '85+', '30-35'), json),
        age: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), json),
        count: fc.oneof(fc.integer({ min: -2, max: 1_000_002 }), fc.double(), json),
        attributes: fc.oneof(
          fc.constant(example.attributes),
          json,
          fc.dictionary(fc.constantFrom(...attributeNames), fc.oneof(json, fc.constantFrom(...kind.def.attributes.flatMap((a) => [...(a.values ?? []), a.min, a.max].filter((v) => v !== undefined))))),
        ),
        extra: json,
      }, { requiredKeys: [] });
      const body = fc.oneof(item, fc.record({ items: fc.array(item, { minLength: 1, maxLength: 4 }) }));
      fc.assert(fc.property(body, (b) => compare(kind, JSON.parse(JSON.stringify(b)))), { numRuns: 40, seed: 16 });
    }
  });
});
