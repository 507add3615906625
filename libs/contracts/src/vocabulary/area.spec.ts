import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Area, buildAreaIndex } from './area';
import { loadAreas, resolveAreasFile } from './area-loader';

const sample: Area[] = [
  { code: '520103', nameZh: '云岩区', level: 'district', parent: null },
  { code: '520103001', nameZh: '甲街道', level: 'street', parent: '520103' },
  { code: '520103100', nameZh: '乙镇', level: 'town', parent: '520103' },
  { code: '520103001001', nameZh: '丙社区', level: 'community', parent: '520103001' },
  { code: '520103100201', nameZh: '丁村', level: 'village', parent: '520103100' },
];

describe('area index', () => {
  const index = buildAreaIndex(sample);

  it('builds parent chains from the finest level up', () => {
    expect(index.chain('520103001001').map((a) => a.code)).toEqual(['520103001001', '520103001', '520103']);
    expect(index.chain('nope')).toEqual([]);
  });

  it('answers containment, children and tiers', () => {
    expect(index.isWithin('520103100201', '520103100')).toBe(true);
    expect(index.isWithin('520103100201', '520103001')).toBe(false);
    expect(index.isWithin('520103', '520103')).toBe(true);
    expect(index.children('520103').map((a) => a.code)).toEqual(['520103001', '520103100']);
    expect(index.atTier('520103100201', 2)?.nameZh).toBe('乙镇');
    expect(index.atTier('520103', 3)).toBeUndefined();
    expect(index.ofLevel('village')).toHaveLength(1);
  });

  it.each([
    ['a duplicate code', [...sample, sample[1]], /duplicate area code 520103001/],
    ['an unknown parent', [...sample, { code: 'x', nameZh: 'x', level: 'community', parent: 'missing' }], /parent missing not found/],
    ['a skipped tier', [...sample, { code: 'y', nameZh: 'y', level: 'village', parent: '520103' }], /village cannot sit under a district/],
    ['two roots', [...sample, { code: 'z', nameZh: 'z', level: 'district', parent: null }], /exactly one root/],
    ['an unknown level', [...sample, { code: 'w', nameZh: 'w', level: 'county' as never, parent: '520103' }], /unknown level/],
  ])('rejects %s', (_name, areas, message) => {
    expect(() => buildAreaIndex(areas as Area[])).toThrow(message);
  });
});

describe('loadAreas', () => {
  it('loads the shipped Yunyan reference data: 17 streets and 1 town, each with 3-6 communities or villages', () => {
    const index = loadAreas(undefined, {});
    expect(index.byCode('520103')?.level).toBe('district');
    expect(index.ofLevel('street')).toHaveLength(17);
    expect(index.ofLevel('town').map((a) => a.nameZh)).toEqual(['黔灵镇']);
    for (const tier2 of [...index.ofLevel('street'), ...index.ofLevel('town')]) {
      const children = index.children(tier2.code);
      expect(children.length).toBeGreaterThanOrEqual(3);
      expect(children.length).toBeLessThanOrEqual(6);
      for (const child of children) expect(child.code).toMatch(new RegExp(`^${tier2.code}\\d{3}$`));
    }
  });

  it('lets AREAS_FILE override the default file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'areas-'));
    const file = join(dir, 'areas.json');
    writeFileSync(file, JSON.stringify(sample));
    expect(resolveAreasFile(undefined, { AREAS_FILE: file })).toBe(file);
    expect(loadAreas(undefined, { AREAS_FILE: file }).areas).toHaveLength(sample.length);
  });

  it('fails with the path when the file is missing or not an array', () => {
    expect(() => loadAreas('/nonexistent/areas.json')).toThrow(/\/nonexistent\/areas.json/);
    const dir = mkdtempSync(join(tmpdir(), 'areas-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"code":"520103"}');
    expect(() => loadAreas(file)).toThrow(/must be a JSON array/);
  });
});
