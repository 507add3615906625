import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAreaIndex } from './area';
import { loadAreas } from './area-loader';
import { buildReferenceAreaIndex, loadReferenceAreas, type ReferenceArea, resolveReferenceAreasFile } from './reference-area';

const above: ReferenceArea[] = [
  { code: '100000', nameZh: '中国', level: 'country', parent: null },
  { code: '520000', nameZh: '贵州省', level: 'province', parent: '100000' },
  { code: '520100', nameZh: '贵阳市', level: 'city', parent: '520000' },
];
const district = buildAreaIndex([{ code: '520103', nameZh: '云岩区', level: 'district', parent: null }]);

describe('reference areas above the district', () => {
  it('indexes the country, the province and the city', () => {
    const index = buildReferenceAreaIndex(above, district);
    expect(index.has('520100')).toBe(true);
    expect(index.byCode('520000')?.level).toBe('province');
    expect(index.has('520103')).toBe(false);
  });

  it.each([
    ['a duplicate code', [...above, above[2]], /duplicate area code 520100/],
    ['an unknown parent', [...above, { code: '530100', nameZh: 'x', level: 'city', parent: '530000' }], /parent 530000 not found/],
    ['a skipped level', [...above, { code: '530100', nameZh: 'x', level: 'city', parent: '100000' }], /city cannot sit under a country/],
    ['a second level without a parent', [...above, { code: '530000', nameZh: 'x', level: 'province', parent: null }], /only the country may have no parent/],
    ['a district level', [...above, { code: '520102', nameZh: 'x', level: 'district' as never, parent: '520100' }], /unknown level 'district'/],
    ['a code of the district itself', [...above, { code: '520103', nameZh: 'x', level: 'city', parent: '520000' }], /520103 is already an area of the district/],
  ])('rejects %s', (_name, areas, message) => {
    expect(() => buildReferenceAreaIndex(areas as ReferenceArea[], district)).toThrow(message);
  });

  it('loads the shipped file beside the district hierarchy, which it leaves unchanged', () => {
    const districtAreas = loadAreas(undefined, {});
    const index = loadReferenceAreas(undefined, districtAreas, {});
    expect(index.areas.map((a) => [a.code, a.level])).toEqual([['100000', 'country'], ['520000', 'province'], ['520100', 'city']]);
    // The district's own hierarchy still has one root, the district, and no area above it.
    expect(districtAreas.areas.filter((a) => a.parent === null).map((a) => a.code)).toEqual(['520103']);
    expect(districtAreas.has('520100')).toBe(false);
  });

  it('lets REFERENCE_AREAS_FILE override the default file and names the path of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reference-areas-'));
    const file = join(dir, 'reference-areas.json');
    writeFileSync(file, JSON.stringify(above.slice(0, 1)));
    expect(resolveReferenceAreasFile(undefined, { REFERENCE_AREAS_FILE: file })).toBe(file);
    expect(loadReferenceAreas(undefined, undefined, { REFERENCE_AREAS_FILE: file }).areas).toHaveLength(1);
    writeFileSync(file, '{}');
    expect(() => loadReferenceAreas(file)).toThrow(/must be a JSON array/);
    expect(() => loadReferenceAreas('/nonexistent/reference-areas.json')).toThrow(/\/nonexistent\/reference-areas.json/);
  });
});
