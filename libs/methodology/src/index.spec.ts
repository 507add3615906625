import * as api from './index';

describe('@wdp/methodology public API', () => {
  it('exports the version and the entry points through the alias', () => {
    expect(api.METHODOLOGY_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const fn of [
      api.assessIndicator,
      api.assessProgress,
      api.assessFluctuation,
      api.assessGap,
      api.assessGapSeries,
      api.parityIndex,
      api.shareParityDistance,
      api.checkSubmission,
      api.alertKindsFor,
      api.alertTransitionsFor,
    ]) {
      expect(typeof fn).toBe('function');
    }
  });

  it('every result part carries the methodology version', () => {
    const r = api.assessIndicator(
      { comparator: 'gap_narrows', baseYear: 2020, targetYear: 2025, unit: 'pp' },
      [{ year: 2021, value: 3 }, { year: 2020, value: 4 }],
    );
    expect([r.methodologyVersion, r.progress.methodologyVersion, r.fluctuation.methodologyVersion, r.gap!.methodologyVersion]).toEqual(
      Array(4).fill(api.METHODOLOGY_VERSION),
    );
  });
});
