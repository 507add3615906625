import { targetPatchProblems } from './target-bounds';

describe('target bounds by unit', () => {
  it('refuses the hostile run’s 1e308 target and -1e308 tolerance', () => {
    expect(targetPatchProblems('percent', { targetValue: 1e308, tolerance: -1e308 })).toEqual([
      { field: 'targetValue', reason: 'must be between 0 and 100 (percent)' },
      { field: 'tolerance', reason: 'must not be negative' },
    ]);
  });

  it('bounds each unit by its scale', () => {
    expect(targetPatchProblems('percent', { targetValue: 100, tolerance: 0, baselineValue: 0 })).toEqual([]);
    expect(targetPatchProblems('percent', { tolerance: 100.5 })).toEqual([{ field: 'tolerance', reason: 'must be between 0 and 100 (percent)' }]);
    expect(targetPatchProblems('per-100k-live-births', { targetValue: 12 })).toEqual([]);
    expect(targetPatchProblems('per-100k-live-births', { targetValue: 100_001 })).toHaveLength(1);
    expect(targetPatchProblems('per-1000-population', { baselineValue: 1_001 })).toEqual([{ field: 'baselineValue', reason: 'must be between 0 and 1000 (per-1000-population)' }]);
    expect(targetPatchProblems('years', { targetValue: 131 })).toHaveLength(1);
    expect(targetPatchProblems('yuan', { targetValue: 2e9 })).toHaveLength(1);
    expect(targetPatchProblems('percent', { targetValue: -1 })).toEqual([{ field: 'targetValue', reason: 'must be between 0 and 100 (percent)' }]);
  });

  it('lets null clear a field and ignores absent ones', () => {
    expect(targetPatchProblems('percent', { targetValue: null, tolerance: null })).toEqual([]);
    expect(targetPatchProblems('percent', {})).toEqual([]);
    expect(targetPatchProblems('percent', { targetValue: Number.NaN })).toEqual([{ field: 'targetValue', reason: 'must be a finite number' }]);
  });
});
