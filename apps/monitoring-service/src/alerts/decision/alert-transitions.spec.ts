import type { SlotTransition } from '../alert-plan';
import { alertsInScope, orphanResolutions } from './alert-transitions';

const t = (areaCode: string, action: 'raise' | 'resolve'): SlotTransition => ({
  indicatorCode: 'HEA-02', areaCode, sex: 'T', kind: 'limited', action, components: {}, assessmentStatus: 'limited',
});

describe('alertsInScope', () => {
  const all = [t('520103', 'raise'), t('520103001', 'raise'), t('520103001', 'resolve')];

  it('raises for the district only by default, and still resolves anywhere', () => {
    expect(alertsInScope(all, 'district', '520103')).toEqual([all[0], all[2]]);
  });

  it('raises everywhere with the scope all', () => {
    expect(alertsInScope(all, 'all', '520103')).toEqual(all);
  });
});

describe('orphanResolutions', () => {
  it('closes every kind (but missing data and late datasets) of the sexes no longer assessed', () => {
    const r = orphanResolutions('FAM-05', '520103', new Set(['M', 'gap']));
    expect(new Set(r.map((t) => t.sex))).toEqual(new Set(['F', 'T']));
    expect(r.every((t) => t.action === 'resolve' && t.kind !== 'missing_data' && t.kind !== 'late_dataset')).toBe(true);
    expect(r).toHaveLength(2 * 5);
  });
});
