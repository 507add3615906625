import { buildAreaIndex, requireReturnKind } from '@wdp/contracts';
import type { RuleContext } from '../records/record-batch';
import { returnKindFromDefinition } from './return-kind';
import { prepareReturn } from './return-validation';

const areas = buildAreaIndex([{ code: '520103', nameZh: '云岩区', level: 'district', parent: null }]);
const ctx: RuleContext = { department: 'health', hasArea: (c) => areas.has(c), now: new Date('2025-08-15T00:00:00Z') };
const literacy = returnKindFromDefinition(requireReturnKind('health', 'health-literacy'));
const lifeExpectancy = returnKindFromDefinition(requireReturnKind('health', 'life-expectancy'));
const village = returnKindFromDefinition(requireReturnKind('health', 'tcm-village-clinics'));

describe('statistical returns', () => {
  it('accepts a consistent return and adds the unit', () => {
    const { prepared, errors } = prepareReturn(literacy, {
      area: '520103', period: '2024',
      figures: [{ sex: 'F', value: 25.5, numerator: 255, denominator: 1000 }, { sex: 'M', ageBand: '30-34', value: 20, numerator: 40, denominator: 200 }],
    }, ctx);
    expect(errors).toEqual([]);
    expect(prepared!.facts).toEqual({
      kind: 'health-literacy', area: '520103', period: '2024', unit: 'percent',
      figures: [{ sex: 'F', value: 25.5, numerator: 255, denominator: 1000 }, { sex: 'M', ageBand: '30-34', value: 20, numerator: 40, denominator: 200 }],
    });
  });

  it('names numerator > denominator, inconsistent values, repeated cells, wrong granularity and future periods', () => {
    const bad = prepareReturn(literacy, {
      area: '520103', period: '2024-03',
      figures: [
        { sex: 'F', value: 100, numerator: 300, denominator: 200 },
        { sex: 'M', value: 90, numerator: 100, denominator: 1000 },
        { sex: 'M', value: 10, numerator: 100, denominator: 1000 },
      ],
    }, ctx).errors;
    expect(bad).toEqual(expect.arrayContaining([
      { field: 'figures[0].numerator', row: 0, reason: 'numerator must not exceed denominator' },
      expect.objectContaining({ field: 'figures[1].value', row: 1 }),
      expect.objectContaining({ field: 'figures[2]', row: 2, reason: expect.stringContaining('repeats the cell M/all ages') }),
      expect.objectContaining({ field: 'period', reason: expect.stringContaining('per year') }),
    ]));
    expect(prepareReturn(lifeExpectancy, { area: '520103', period: '2026', figures: [{ sex: 'F', value: 80 }] }, ctx).errors).toEqual([{ field: 'period', reason: 'must not be in the future' }]);
  });

  it('enforces the kind’s sexes, fields and value range', () => {
    expect(prepareReturn(village, { area: '520103', period: '2024', figures: [{ sex: 'F', value: 50, numerator: 5, denominator: 10 }] }, ctx).errors[0].field).toBe('figures[0].sex');
    expect(prepareReturn(lifeExpectancy, { area: '520103', period: '2024', figures: [{ sex: 'T', value: 80, numerator: 1, denominator: 2 }] }, ctx).errors.map((e) => e.field).sort())
      .toEqual(['figures[0].denominator', 'figures[0].numerator']);
    expect(prepareReturn(literacy, { area: '520103', period: '2024', figures: [{ sex: 'T', value: 120, numerator: 12, denominator: 10 }] }, ctx).errors.map((e) => e.field))
      .toContain('figures[0].value');
    expect(prepareReturn(literacy, { area: '000000', period: '2024', figures: [] }, ctx).errors.map((e) => e.field).sort()).toEqual(['area', 'figures']);
  });

  it('rejects an ID number in a note', () => {
    expect(prepareReturn(lifeExpectancy, { area: '520103', period: '2024', figures: [{ sex: 'F', value: 80 }], note: 'by 11010519491231002X' }, ctx).errors[0])
      .toMatchObject({ field: 'note' });
  });

  it('accepts an area above the district only where the service allows it, and for returns only', () => {
    const cityReturn = { area: '520100', period: '2024', figures: [{ sex: 'F', value: 80 }] };
    expect(prepareReturn(lifeExpectancy, cityReturn, ctx).errors).toEqual([{ field: 'area', reason: 'is not a known area code (see the area reference data)' }]);
    const statistics: RuleContext = { ...ctx, aboveDistrict: (c) => c === '520100' };
    expect(prepareReturn(lifeExpectancy, cityReturn, statistics)).toMatchObject({ errors: [], prepared: { facts: { area: '520100' } } });
  });
});
