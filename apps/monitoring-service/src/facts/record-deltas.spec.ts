import fc from 'fast-check';
import { INDICATORS } from '@wdp/indicators';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { AREAS, birth, COMMUNITY, DISTRICT, maternalDeath, OTHER_COMMUNITY, OTHER_STREET, recorded, revised, STREET, withdrawn } from '../test-support/fixtures';
import type { FactDelta } from './fact-delta';
import { recordBatchEffect, UnprocessableRecordError } from './record-deltas';

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
