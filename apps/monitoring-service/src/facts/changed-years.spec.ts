import { AREAS, birth, COMMUNITY, DISTRICT, recorded, revised, STREET } from '../test-support/fixtures';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { INDICATORS } from '@wdp/indicators';
import { earliestChangedYears } from './changed-years';
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
