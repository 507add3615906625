import { INDICATORS } from '@wdp/indicators';
import { planSeed } from './seed-plan';
import { type StoredIndicator, targetsOf } from './stored-indicator';

const stored = (version: string, over: Partial<StoredIndicator> = {}) =>
  new Map(
    INDICATORS.map((entry) => [
      entry.code,
      { code: entry.code, entry: JSON.parse(JSON.stringify(entry)), catalogueVersion: version, targets: targetsOf(entry), overridden: [], revision: 1, updatedAt: '', ...over } as StoredIndicator,
    ]),
  );

describe('planSeed', () => {
  it('inserts every entry into an empty catalogue', () => {
    const actions = planSeed(INDICATORS, new Map(), '1.0.0');
    expect(actions).toHaveLength(INDICATORS.length);
    expect(actions.every((a) => a.type === 'insert')).toBe(true);
  });

  it('changes nothing when the same version is seeded again', () => {
    expect(planSeed(INDICATORS, stored('1.0.0'), '1.0.0')).toEqual([]);
  });

  it('keeps a target set through the API when a new catalogue version changes it', () => {
    const hea02 = INDICATORS.find((i) => i.code === 'HEA-02')!;
    const current = stored('1.0.0');
    current.set('HEA-02', { ...current.get('HEA-02')!, targets: { ...targetsOf(hea02), targetValue: 12 }, overridden: ['targetValue'] });
    const next = INDICATORS.map((i) => (i.code === 'HEA-02' ? { ...i, targetValue: 13, baseline: { year: 2020 as const, value: 17 } } : i));
    const action = planSeed(next, current, '1.1.0').find((a) => a.type === 'update' && a.code === 'HEA-02');
    expect(action).toMatchObject({ type: 'update', targets: { targetValue: 12, baselineValue: 17 }, targetsChanged: true });
    expect(action!.type === 'update' && action!.changes.map((c) => c.field)).toEqual(['baselineValue', 'definition']);
  });

  it('takes a new version’s definitions without touching targets that did not change', () => {
    const actions = planSeed(INDICATORS, stored('0.9.0'), '1.0.0');
    expect(actions).toHaveLength(INDICATORS.length);
    expect(actions.every((a) => a.type === 'update' && !a.targetsChanged)).toBe(true);
  });
});
