import fc from 'fast-check';
import { AREAS, birth, COMMUNITY, DISTRICT, recorded, revised, STREET } from '../test-support/fixtures';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { INDICATORS } from '@wdp/indicators';
import { earliestChangedYears } from './changed-years';
import type { FactDelta } from './fact-delta';
import { recordBatchEffect } from './record-deltas';

const index = buildCatalogueIndex(INDICATORS);
const key = (area: string) => `health/live-birth\u0000${area}`;

describe('earliestChangedYears', () => {
  it('names the earliest year a batch changes for each input × area, at every level it rolls up to', () => {
    const old = birth({ area: COMMUNITY, period: '2016-05' });
    const effect = recordBatchEffect([recorded(birth({ area: COMMUNITY, period: '2024-03' })), revised(old, { ...old, period: '2025-01' }, 'r1')], index, AREAS);
    const years = earliestChangedYears(effect.deltas);
    for (const area of [COMMUNITY, STREET, DISTRICT]) expect(years.get(key(area))).toBe(2016);
  });

  it('names no year for a series a batch touched without changing it', () => {
    const fact = birth({ area: COMMUNITY, period: '2018-05' });
    const effect = recordBatchEffect([revised(fact, fact, 'r2')], index, AREAS);
    expect(effect.touched.some((t) => t.inputKey === 'health/live-birth')).toBe(true);
    expect(earliestChangedYears(effect.deltas).get(key(DISTRICT))).toBeUndefined();
  });
});

describe('earliestChangedYears on any order of deltas', () => {
  it('gives the minimum year per input × area whether or not the deltas are sorted', () => {
    const delta = fc.record({
      inputKey: fc.constantFrom('a', 'b', 'a?x=1'),
      areaCode: fc.constantFrom('1', '2', '12'),
      year: fc.integer({ min: 2015, max: 2026 }),
    }).map((d): FactDelta => ({ ...d, period: String(d.year), granularity: 'Y', sex: 'U', ageBand: '', count: 1 }));
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 30 }), fc.boolean(), (deltas, sorted) => {
        const input = sorted ? [...deltas].sort((a, b) => (a.inputKey + '\0' + a.areaCode < b.inputKey + '\0' + b.areaCode ? -1 : 1)) : deltas;
        const expected = new Map<string, number>();
        for (const d of deltas) {
          const k = `${d.inputKey}\u0000${d.areaCode}`;
          expected.set(k, Math.min(expected.get(k) ?? Infinity, d.year));
        }
        expect(earliestChangedYears(input)).toEqual(expected);
      }),
    );
  });
});
