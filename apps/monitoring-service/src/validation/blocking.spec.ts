import { buildAreaIndex } from '@wdp/contracts';
import { concerns, periodsOfYear, periodsOverlap, relatedAreas } from './blocking';

describe('what a violation blocks', () => {
  const areas = buildAreaIndex([
    { code: 'D', nameZh: '区', level: 'district', parent: null },
    { code: 'S1', nameZh: '街道1', level: 'street', parent: 'D' },
    { code: 'S2', nameZh: '街道2', level: 'street', parent: 'D' },
    { code: 'C1', nameZh: '社区1', level: 'community', parent: 'S1' },
  ]);

  it('relates an area to itself, what lies inside it and what lies above it, not to its neighbours', () => {
    expect(relatedAreas('S1', areas).sort()).toEqual(['C1', 'D', 'S1']);
    expect(relatedAreas('D', areas).sort()).toEqual(['C1', 'D', 'S1', 'S2']);
    expect(relatedAreas('C1', areas).sort()).toEqual(['C1', 'D', 'S1']);
  });

  it.each([
    ['2024', '2024', true], ['2024', '2024-Q2', true], ['2024-05', '2024', true], ['2024-Q2', '2024-05', true],
    ['2024-Q2', '2024-07', false], ['2024', '2023', false], ['2024-12', '2025', false], ['2024-Q1', '2024-Q2', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(periodsOverlap(a, b)).toBe(expected);
    expect(periodsOverlap(b, a)).toBe(expected);
  });

  describe('which approved cells a changed violation concerns (re-decided when it is overridden, resolved or found)', () => {
    const violation = { datasets: ['health/maternal-death', 'health/live-birth'], areaCode: 'S1', period: '2024' };
    const cell = (over: Partial<{ dataset: string; area: string; period: string }> = {}) => ({ dataset: 'health/maternal-death', area: 'D', period: '2024', ...over });

    it('a cell of a dataset the rule reads, in an area above, inside or equal to the violation’s, for an overlapping period', () => {
      expect(concerns(violation, cell(), areas)).toBe(true);
      expect(concerns(violation, cell({ area: 'S1' }), areas)).toBe(true);
      expect(concerns(violation, cell({ area: 'C1', dataset: 'health/live-birth' }), areas)).toBe(true);
      expect(concerns(violation, cell({ period: '2024-Q3' }), areas)).toBe(true);
      expect(concerns({ ...violation, period: '2024-05' }, cell(), areas)).toBe(true);
    });

    it('not a cell of another dataset, a neighbouring area, another period, or an area outside the hierarchy', () => {
      expect(concerns(violation, cell({ dataset: 'employment/employee' }), areas)).toBe(false);
      expect(concerns(violation, cell({ area: 'S2' }), areas)).toBe(false);
      expect(concerns(violation, cell({ period: '2023' }), areas)).toBe(false);
      expect(concerns({ ...violation, period: '2024-Q1' }, cell({ period: '2024-Q2' }), areas)).toBe(false);
      expect(concerns(violation, cell({ area: '52' }), areas)).toBe(false);
    });

    it('answers as blockingViolations asks: the violation’s area among relatedAreas of the cell’s, and overlapping periods of one year', () => {
      const codes = ['D', 'S1', 'S2', 'C1'];
      const periods = ['2023', '2024', '2024-Q1', '2024-Q2', '2024-02', '2024-05', '2025-01'];
      for (const va of codes) for (const ca of codes) for (const vp of periods) for (const cp of periods) {
        const expected = relatedAreas(ca, areas).includes(va) && periodsOfYear(cp).includes(vp) && periodsOverlap(vp, cp);
        expect([va, ca, vp, cp, concerns({ ...violation, areaCode: va, period: vp }, cell({ area: ca, period: cp }), areas)]).toEqual([va, ca, vp, cp, expected]);
      }
    });
  });

  it('lists every period of the year a period falls in, so one query finds all that can overlap it', () => {
    const periods = periodsOfYear('2024-Q3');
    expect(periods).toHaveLength(17);
    expect(periods).toEqual(expect.arrayContaining(['2024', '2024-Q3', '2024-08', '2024-12']));
    expect(periods.every((p) => p.startsWith('2024'))).toBe(true);
  });
});
