import fc from 'fast-check';
import type { RecordFact } from '../facts';
import { AGE_BANDS } from './age-band';
import type { AttributeDefinition, RecordKindDefinition } from './kind-types';
import { RECORD_KINDS, validateRecordFact } from './kinds';
import { recordFactCheck } from './record-fact-check';

/** Values of one attribute: mostly valid ones, with every kind of wrong one mixed in. */
function attributeValue(attr: AttributeDefinition): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>('', 'x', 0, -1, 1.5, true, null, [], {}, Number.NaN);
  switch (attr.type) {
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...attr.values!) }, { weight: 1, arbitrary: wrong });
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrong });
    case 'integer':
    case 'number': {
      const lo = attr.min ?? -1000;
      const hi = attr.max ?? 1000;
      const inRange = attr.type === 'integer' ? fc.integer({ min: lo, max: hi }) : fc.double({ min: lo, max: hi, noNaN: true });
      return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(lo - 1, hi + 1, 2.5, Number.POSITIVE_INFINITY) }, { weight: 1, arbitrary: wrong });
    }
    case 'string':
      return fc.oneof(
        { weight: 4, arbitrary: attr.pattern ? fc.stringMatching(new RegExp(attr.pattern)) : fc.string() },
        { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('2024-2025', '2025-2026', '2024-2026')) },
        { weight: 1, arbitrary: wrong },
      );
  }
}

const MONTHS = fc.integer({ min: 2020, max: 2026 }).chain((y) => fc.integer({ min: 1, max: 12 }).map((m) => `${y}-${String(m).padStart(2, '0')}`));

/** Facts of one kind as its definition asks for them (a cross-field rule may still refuse one). */
function wellFormedFact(def: RecordKindDefinition): fc.Arbitrary<RecordFact> {
  const valueOf = (a: AttributeDefinition) => (a.type === 'enum' ? fc.constantFrom(...a.values!) : a.type === 'boolean' ? fc.boolean() : attributeValue(a));
  return fc.record({
    kind: fc.constant(def.kind),
    area: fc.constant('520103001001'),
    period: MONTHS,
    sex: def.hasSex ? fc.constantFrom('F' as const, 'M' as const) : fc.constant(undefined),
    ageBand: def.hasAgeBand ? fc.constantFrom(...AGE_BANDS) : fc.constant(undefined),
    count: def.carriesCount ? fc.nat(500) : fc.constant(1),
    attributes: fc.record(Object.fromEntries(def.attributes.map((a) => [a.name, valueOf(a)])), { requiredKeys: def.attributes.filter((a) => a.required).map((a) => a.name) }),
  }, { requiredKeys: ['kind', 'area', 'period', 'count', 'attributes'] }) as fc.Arbitrary<RecordFact>;
}

/** Facts of one kind with any field wrong, or several at once. */
function messyFact(def: RecordKindDefinition): fc.Arbitrary<RecordFact> {
  const attributes = fc.record(Object.fromEntries(def.attributes.map((a) => [a.name, attributeValue(a)])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.constantFrom('extra', 'level', 'schoolYear', 'scheme', '0'), fc.constantFrom<unknown>('x', 1, true));
  return fc.record({
    kind: fc.constant(def.kind),
    area: fc.constant('520103001001'),
    period: fc.oneof({ weight: 6, arbitrary: MONTHS }, { weight: 1, arbitrary: fc.constantFrom('2024', '2024-Q2', '2024-13', '2024-00', '24-01', ' 2024-01', '2024-01\n') }),
    sex: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(undefined, 'F', 'M') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('T', null, 'f') }),
    ageBand: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(undefined, ...AGE_BANDS) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('30-35', '', null, 5) }),
    count: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 1, 2, 40) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY) }),
    attributes: fc.oneof({ weight: 8, arbitrary: fc.tuple(attributes, extra).map(([a, e]) => ({ ...a, ...e })) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, {}) }),
  }, { requiredKeys: ['kind', 'area', 'period', 'count'] }) as fc.Arbitrary<RecordFact>;
}

const factOf = (def: RecordKindDefinition) => fc.oneof(wellFormedFact(def), messyFact(def));

describe('recordFactCheck', () => {
  it.each(RECORD_KINDS.map((k) => [`${k.department}/${k.kind}`, k] as const))('lists exactly what validateRecordFact lists for %s', (_key, def) => {
    const check = recordFactCheck(def.department, def.kind);
    fc.assert(
      fc.property(factOf(def), (fact) => {
        expect(check(fact)).toEqual(validateRecordFact(def.department, fact));
      }),
      { numRuns: 300 },
    );
  });

  it('finds valid and invalid facts alike among the generated ones, so the comparison above means something', () => {
    let valid = 0;
    let invalid = 0;
    for (const def of RECORD_KINDS) {
      for (const fact of fc.sample(factOf(def), { numRuns: 200, seed: 7 })) {
        if (validateRecordFact(def.department, fact).length === 0) valid++;
        else invalid++;
      }
    }
    expect(valid).toBeGreaterThan(RECORD_KINDS.length * 5);
    expect(invalid).toBeGreaterThan(RECORD_KINDS.length * 5);
  });

  it('reports an unknown kind as validateRecordFact does', () => {
    const fact = { kind: 'nope', area: '520103', period: '2024-01', count: 1, attributes: {} };
    expect(recordFactCheck('health', 'nope')(fact)).toEqual(validateRecordFact('health', fact));
  });

  it('is compiled once per kind', () => {
    expect(recordFactCheck('health', 'live-birth')).toBe(recordFactCheck('health', 'live-birth'));
  });
});
