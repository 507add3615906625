import fc from 'fast-check';
import {
  AGE_BANDS, AREA_TIERS, type AreaIndex, type AttributeDefinition, enclosingPeriods, RECORD_KINDS, type RecordEventData, type RecordFact,
  type RecordKindDefinition, recordKind, validateRecordFact,
} from '@wdp/contracts';
import { INDICATORS } from '@wdp/indicators';
import { buildCatalogueIndex, type CatalogueIndex } from '../indicator-store/catalogue-index';
import { matchesWhere } from '../indicator-store/input-key';
import { AREAS, birth, COMMUNITY, DISTRICT, maternalDeath, OTHER_COMMUNITY, OTHER_STREET, recorded, revised, STREET, withdrawn } from '../test-support/fixtures';
import type { FactDelta, FactSex, Granularity } from './fact-delta';
import { ASSESSED_TIERS, checkRecordFact, recordBatchEffect, type RecordBatchEffect, type TouchedInput, UnprocessableRecordError } from './record-deltas';

const index = buildCatalogueIndex(INDICATORS);
const cell = (deltas: FactDelta[], inputKey: string, area: string, period: string, sex = 'F') =>
  deltas.find((d) => d.inputKey === inputKey && d.areaCode === area && d.period === period && d.sex === sex)?.count;

describe('recordBatchEffect', () => {
  it('adds a record to its area and every ancestor, at its month, quarter and year', () => {
    const { deltas } = recordBatchEffect([recorded(birth())], index, AREAS);
    const births = deltas.filter((d) => d.inputKey === 'health/live-birth');
    expect(births).toHaveLength(9);
    for (const area of [COMMUNITY, STREET, DISTRICT]) {
      for (const period of ['2024-03', '2024-Q1', '2024']) expect(cell(deltas, 'health/live-birth', area, period)).toBe(1);
    }
    expect(births.find((d) => d.period === '2024')!.granularity).toBe('Y');
    expect(births.find((d) => d.period === '2024-Q1')!.granularity).toBe('Q');
    expect(births.find((d) => d.period === '2024-03')!.granularity).toBe('M');
    expect(births.every((d) => d.year === 2024 && d.ageBand === '25-29')).toBe(true);
  });

  it('pre-aggregates a batch per cell, so one upsert never meets a row twice', () => {
    const events = [recorded(birth()), recorded(birth()), recorded(birth({ area: OTHER_COMMUNITY }))];
    const { deltas } = recordBatchEffect(events, index, AREAS);
    expect(cell(deltas, 'health/live-birth', COMMUNITY, '2024')).toBe(2);
    expect(cell(deltas, 'health/live-birth', STREET, '2024')).toBe(2);
    expect(cell(deltas, 'health/live-birth', OTHER_STREET, '2024')).toBe(1);
    expect(cell(deltas, 'health/live-birth', DISTRICT, '2024')).toBe(3);
    const keys = deltas.map((d) => `${d.inputKey}|${d.areaCode}|${d.period}|${d.sex}|${d.ageBand}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('subtracts the previous fact of a revision and adds the current one', () => {
    const before = birth();
    const after = birth({ area: OTHER_COMMUNITY, sex: 'M' });
    const { deltas } = recordBatchEffect([revised(before, after, 'r1')], index, AREAS);
    expect(cell(deltas, 'health/live-birth', COMMUNITY, '2024', 'F')).toBe(-1);
    expect(cell(deltas, 'health/live-birth', OTHER_COMMUNITY, '2024', 'M')).toBe(1);
    // The district gains and loses one: different sex cells, so both deltas remain.
    expect(cell(deltas, 'health/live-birth', DISTRICT, '2024', 'F')).toBe(-1);
    expect(cell(deltas, 'health/live-birth', DISTRICT, '2024', 'M')).toBe(1);
  });

  it('drops cells whose changes cancel out within the batch', () => {
    const fact = birth();
    const { deltas } = recordBatchEffect([recorded(fact, 'r1'), withdrawn(fact, 'r1')], index, AREAS);
    expect(deltas.filter((d) => d.inputKey === 'health/live-birth')).toEqual([]);
  });

  it('feeds every catalogue input whose attribute filter the record matches', () => {
    const hospitalBirth = birth();
    const keys = new Set(recordBatchEffect([recorded(hospitalBirth)], index, AREAS).deltas.map((d) => d.inputKey));
    expect(keys.has('health/live-birth')).toBe(true);
    const filtered = [...keys].filter((k) => k.startsWith('health/live-birth?'));
    for (const key of filtered) expect(key).toMatch(/deliveryPlace=.*hospital|deliveryMode=.*vaginal/);
  });

  it('gives women-only kinds the implied sex F', () => {
    const { deltas } = recordBatchEffect([recorded(maternalDeath())], index, AREAS);
    expect(deltas.filter((d) => d.inputKey === 'health/maternal-death').every((d) => d.sex === 'F')).toBe(true);
  });

  it('keeps snapshot kinds (latest, not sum) at month level only', () => {
    const enrolment = {
      kind: 'insurance-enrolment', area: COMMUNITY, period: '2024-06', sex: 'F' as const, ageBand: '30-34', count: 120,
      attributes: { scheme: 'maternity', coverageType: 'employee' },
    };
    const inputs = index.inputsForRecordKind('social-security', 'insurance-enrolment');
    expect(inputs.length).toBeGreaterThan(0);
    const { deltas } = recordBatchEffect([{ recordId: 'e1', revision: 1, operation: 'recorded', department: 'social-security', current: enrolment, previous: null }], index, AREAS);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((d) => d.granularity === 'M' && d.period === '2024-06')).toBe(true);
  });

  it('reports which inputs changed in the assessed areas (district and streets, not communities)', () => {
    const { touched } = recordBatchEffect([recorded(birth())], index, AREAS);
    const areas = new Set(touched.filter((t) => t.inputKey === 'health/live-birth').map((t) => t.areaCode));
    expect(areas).toEqual(new Set([STREET, DISTRICT]));
  });

  it('refuses a record in an unknown area', () => {
    expect(() => recordBatchEffect([recorded(birth({ area: '999999' }))], index, AREAS)).toThrow(UnprocessableRecordError);
  });

  it('refuses a fact the vocabulary rejects, so it goes to the dead-letter topic instead of the statistics', () => {
    expect(() => recordBatchEffect([recorded(birth({ period: '2024' }))], index, AREAS)).toThrow(/period must be a month/);
    expect(() => recordBatchEffect([recorded(maternalDeath({ count: 2 }))], index, AREAS)).toThrow(/count one case each/);
  });

  it('ignores kinds no indicator reads', () => {
    const other = { ...recorded(birth()), department: 'family' };
    expect(recordBatchEffect([other], index, AREAS).deltas).toEqual([]);
  });

  it('gives the same totals whatever order the events of a record arrive in', () => {
    const v1 = birth();
    const v2 = birth({ area: OTHER_COMMUNITY });
    const v3 = birth({ area: OTHER_COMMUNITY, ageBand: '30-34' });
    const events = [recorded(v1, 'r'), revised(v1, v2, 'r', 2), revised(v2, v3, 'r', 3), recorded(birth({ period: '2024-07' }), 'q')];
    const total = (evs: typeof events) => {
      const sums = new Map<string, number>();
      // Each event applied in its own batch, as separate deliveries would be.
      for (const e of evs) {
        for (const d of recordBatchEffect([e], index, AREAS).deltas) {
          const k = `${d.inputKey}|${d.areaCode}|${d.period}|${d.sex}|${d.ageBand}`;
          sums.set(k, (sums.get(k) ?? 0) + d.count);
        }
      }
      return new Map([...sums].filter(([, v]) => v !== 0));
    };
    const expected = total(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        expect(total(order)).toEqual(expected);
      }),
    );
    expect(expected.get(`health/live-birth|${OTHER_COMMUNITY}|2024|F|30-34`)).toBe(1);
    expect(expected.get(`health/live-birth|${COMMUNITY}|2024-03|F|25-29`)).toBeUndefined();
    expect(expected.get(`health/live-birth|${COMMUNITY}|2024-07|F|25-29`)).toBe(1);
  });

  it('applies a batch exactly as its events applied one by one (pre-aggregation changes no sum)', () => {
    const areas = [COMMUNITY, OTHER_COMMUNITY];
    const fact = fc.record({
      area: fc.constantFrom(...areas),
      period: fc.constantFrom('2023-12', '2024-03', '2024-07'),
      ageBand: fc.constantFrom('25-29', '30-34'),
      sex: fc.constantFrom('F' as const, 'M' as const),
    }).map((o) => birth(o));
    const event = fc.oneof(
      fact.map((f) => recorded(f)),
      fc.tuple(fact, fact).map(([a, b]) => revised(a, b, 'r')),
      fact.map((f) => withdrawn(f, 'r')),
    );
    const sums = (batches: ReturnType<typeof recorded>[][]) => {
      const out = new Map<string, number>();
      for (const b of batches) {
        for (const d of recordBatchEffect(b, index, AREAS).deltas) {
          const k = `${d.inputKey}|${d.areaCode}|${d.period}|${d.granularity}|${d.year}|${d.sex}|${d.ageBand}`;
          out.set(k, (out.get(k) ?? 0) + d.count);
        }
      }
      return new Map([...out].filter(([, v]) => v !== 0));
    };
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), (events) => {
        expect(sums([events])).toEqual(sums(events.map((e) => [e])));
        const touchedOne = new Set(events.flatMap((e) => recordBatchEffect([e], index, AREAS).touched.map((t) => `${t.inputKey}|${t.areaCode}`)));
        expect(new Set(recordBatchEffect(events, index, AREAS).touched.map((t) => `${t.inputKey}|${t.areaCode}`))).toEqual(touchedOne);
      }),
    );
  });
});

describe('checkRecordFact', () => {
  it('passes an event recordBatchEffect applies', () => {
    expect(checkRecordFact(recorded(birth()), index, AREAS)).toBeNull();
    expect(checkRecordFact(withdrawn(birth({ period: '2024' }), 'r'), index, AREAS)).toMatch(/period must be a month/);
  });

  it('gives the reason recordBatchEffect throws with, previous fact first', () => {
    const bad = revised(birth({ area: '999999' }), maternalDeath({ count: 2 }), 'r');
    expect(checkRecordFact(bad, index, AREAS)).toBe('unknown area 999999');
    expect(() => recordBatchEffect([bad], index, AREAS)).toThrow('unknown area 999999');
    const current = recorded(maternalDeath({ count: 2 }));
    expect(checkRecordFact(current, index, AREAS)).toBe('invalid health/maternal-death record: maternal-death records count one case each (count = 1)');
    expect(() => recordBatchEffect([current], index, AREAS)).toThrow(checkRecordFact(current, index, AREAS)!);
  });

  it('ignores the current fact of a withdrawal and kinds no input reads, as recordBatchEffect does', () => {
    expect(checkRecordFact({ ...withdrawn(birth(), 'r'), current: birth({ area: '999999' }) }, index, AREAS)).toBeNull();
    expect(checkRecordFact({ ...recorded(birth({ area: '999999' })), department: 'family' }, index, AREAS)).toBeNull();
  });
});

/**
 * recordBatchEffect before its keys were interned and its checks compiled, kept as the oracle: on random
 * batches of every kind, valid and not, the new one must give the same deltas in the same order, the same
 * touched inputs in the same order and the same refusals, and checkRecordFact must refuse exactly the
 * events the oracle refuses, with its message.
 */
describe('recordBatchEffect against the implementation it replaced', () => {
  const areaCodes = AREAS.areas.map((a) => a.code);
  const read = new Set(RECORD_KINDS.filter((k) => index.inputsForRecordKind(k.department, k.kind).length > 0));
  const kinds = [...read, ...RECORD_KINDS.filter((k) => !read.has(k)).slice(0, 3)];
  const event = fc.constantFrom(...kinds).chain((def) =>
    fc.record({
      recordId: fc.constantFrom('r1', 'r2', 'r3'),
      revision: fc.integer({ min: 1, max: 4 }),
      operation: fc.constantFrom('recorded' as const, 'revised' as const, 'withdrawn' as const),
      department: fc.constant(def.department as string),
      current: fc.option(factOf(def, areaCodes), { nil: null, freq: 6 }),
      previous: fc.option(factOf(def, areaCodes), { nil: null, freq: 2 }),
    }),
  );
  const outcome = (run: () => RecordBatchEffect) => {
    try {
      return { effect: run() };
    } catch (e) {
      return { refused: (e as Error).message, expected: e instanceof UnprocessableRecordError || e instanceof ReferenceRefusal };
    }
  };

  it('gives the same deltas, touched inputs and refusals on random batches', () => {
    let refused = 0;
    let applied = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const before = outcome(() => referenceBatchEffect(events, index, AREAS));
        const after = outcome(() => recordBatchEffect(events, index, AREAS));
        expect(after).toEqual(before);
        if ('effect' in before) applied++;
        else refused++;
        const firstProblem = events.map((e) => checkRecordFact(e, index, AREAS)).find((p) => p !== null) ?? null;
        expect(firstProblem).toBe('refused' in before ? before.refused : null);
      }),
      { numRuns: 400 },
    );
    // Both sides of the comparison were exercised.
    expect(applied).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(40);
  });

  it('gives the same deltas and touched inputs on large valid batches', () => {
    const valid = fc.array(event, { minLength: 100, maxLength: 400 }).map((events) => events.filter((e) => checkRecordFact(e, index, AREAS) === null));
    fc.assert(
      fc.property(valid, (events) => {
        const after = recordBatchEffect(events, index, AREAS);
        expect(after).toEqual(referenceBatchEffect(events, index, AREAS));
        expect(after.deltas.length).toBeGreaterThan(0);
      }),
      { numRuns: 10 },
    );
  });
});

/** Attribute values: mostly ones the vocabulary takes, some it refuses. */
function attributeValue(attr: AttributeDefinition): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>('', 'x', -1, 1.5, null, []);
  const right =
    attr.type === 'enum' ? fc.constantFrom(...attr.values!)
    : attr.type === 'boolean' ? fc.boolean()
    : attr.type === 'integer' ? fc.integer({ min: attr.min ?? 0, max: attr.max ?? 1000 })
    : attr.type === 'number' ? fc.double({ min: attr.min ?? 0, max: attr.max ?? 1000, noNaN: true })
    : attr.pattern ? fc.oneof(fc.stringMatching(new RegExp(attr.pattern)), fc.constantFrom('2023-2024', '2024-2025', '2025-2026')) : fc.string();
  return fc.oneof({ weight: 20, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** Facts of a kind: mostly well formed, in any area (a few unknown), any month, now and then a field wrong. */
function factOf(def: RecordKindDefinition, areaCodes: readonly string[]): fc.Arbitrary<RecordFact> {
  const rarely = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ weight: 30, arbitrary: usual }, { weight: 1, arbitrary: odd });
  const month = fc.integer({ min: 2019, max: 2026 }).chain((y) => fc.integer({ min: 1, max: 12 }).map((m) => `${y}-${String(m).padStart(2, '0')}`));
  return fc.record({
    kind: fc.constant(def.kind),
    area: rarely(fc.constantFrom(...areaCodes), fc.constantFrom('999999', '')),
    period: rarely(month, fc.constantFrom('2024', '2024-Q1', '2024-13')),
    sex: rarely(def.hasSex ? fc.constantFrom('F' as const, 'M' as const) : fc.constant(undefined), fc.constantFrom<unknown>('T', undefined, 'F')),
    ageBand: rarely(def.hasAgeBand ? fc.constantFrom(...AGE_BANDS) : fc.constant(undefined), fc.constantFrom<unknown>('30-35', undefined, '85+')),
    count: rarely(def.carriesCount ? fc.nat(50) : fc.constant(1), fc.constantFrom(-1, 1.5, 2)),
    attributes: fc.record(Object.fromEntries(def.attributes.map((a) => [a.name, attributeValue(a)])), {
      requiredKeys: def.attributes.filter((a) => a.required).map((a) => a.name),
    }),
  }, { requiredKeys: ['kind', 'area', 'period', 'count', 'attributes'] }) as fc.Arbitrary<RecordFact>;
}

class ReferenceRefusal extends Error {}

const granularityOf = (period: string): Granularity => (period.length === 4 ? 'Y' : period.includes('Q') ? 'Q' : 'M');

function referenceBatchEffect(events: readonly RecordEventData[], index: CatalogueIndex, areas: AreaIndex): RecordBatchEffect {
  const leaves = new Map<string, Leaf>();
  const chainOf = memo((code: string) => areas.chain(code));
  const apply = (fact: RecordFact, department: string, sign: 1 | -1) => {
    const inputs = index.inputsForRecordKind(department, fact.kind);
    if (inputs.length === 0) return;
    const def = recordKind(department, fact.kind);
    if (chainOf(fact.area).length === 0) throw new ReferenceRefusal(`unknown area ${fact.area}`);
    // The departmental service validated it; checking again here keeps a bad fact out of the statistics
    // (it goes to the dead-letter topic instead) even if a producer skipped the check.
    const problems = validateRecordFact(department, fact);
    if (problems.length > 0) throw new ReferenceRefusal(`invalid ${department}/${fact.kind} record: ${problems.join('; ')}`);
    const sex: FactSex = fact.sex ?? def?.impliedSex ?? 'U';
    const ageBand = fact.ageBand ?? '';
    const latest = def?.aggregation === 'latest';
    for (const input of inputs) {
      if (!matchesWhere(input.where, fact.attributes ?? {})) continue;
      const key = `${input.key}\u0000${fact.area}\u0000${fact.period}\u0000${sex}\u0000${ageBand}`;
      const leaf = leaves.get(key);
      if (leaf) leaf.count += sign * fact.count;
      else leaves.set(key, { inputKey: input.key, areaCode: fact.area, period: fact.period, sex, ageBand, latest, count: sign * fact.count });
    }
  };
  for (const e of events) {
    if (e.previous) apply(e.previous, e.department, -1);
    if (e.current && e.operation !== 'withdrawn') apply(e.current, e.department, 1);
  }

  const cells = new Map<string, FactDelta>();
  const touched = new Map<string, TouchedInput>();
  const periodsOf = memo((period: string) => [period, ...enclosingPeriods(period)]);
  for (const leaf of leaves.values()) {
    const chain = chainOf(leaf.areaCode);
    // A leaf whose changes cancelled out still counts as touched: the fact was applied, nothing changed.
    for (const area of chain) {
      if (ASSESSED_TIERS.has(AREA_TIERS[area.level])) {
        touched.set(`${leaf.inputKey}\u0000${area.code}`, { inputKey: leaf.inputKey, areaCode: area.code });
      }
    }
    if (leaf.count === 0) continue;
    const periods = leaf.latest ? [leaf.period] : periodsOf(leaf.period);
    const year = Number(leaf.period.slice(0, 4));
    for (const area of chain) {
      for (const period of periods) {
        const key = `${leaf.inputKey}\u0000${area.code}\u0000${period}\u0000${leaf.sex}\u0000${leaf.ageBand}`;
        const existing = cells.get(key);
        if (existing) existing.count += leaf.count;
        else cells.set(key, { inputKey: leaf.inputKey, areaCode: area.code, period, granularity: granularityOf(period), year, sex: leaf.sex, ageBand: leaf.ageBand, count: leaf.count });
      }
    }
  }
  const deltas = [...cells.entries()]
    .filter(([, d]) => d.count !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
  return { deltas, touched: [...touched.values()] };
}

/** A fact's own cell before roll-up: input, area, month, sex and age band. */
interface Leaf {
  inputKey: string;
  areaCode: string;
  period: string;
  sex: FactSex;
  ageBand: string;
  /** Snapshot kinds keep months only. */
  latest: boolean;
  count: number;
}

function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = f(key);
      cache.set(key, v);
    }
    return v;
  };
}
