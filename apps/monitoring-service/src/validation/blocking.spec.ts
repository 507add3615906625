import { buildAreaIndex } from '@wdp/contracts';
import { periodsOfYear, periodsOverlap, relatedAreas } from './blocking';

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

  it('lists every period of the year a period falls in, so one query finds all that can overlap it', () => {
    const periods = periodsOfYear('2024-Q3');
    expect(periods).toHaveLength(17);
    expect(periods).toEqual(expect.arrayContaining(['2024', '2024-Q3', '2024-08', '2024-12']));
    expect(periods.every((p) => p.startsWith('2024'))).toBe(true);
  });
});
