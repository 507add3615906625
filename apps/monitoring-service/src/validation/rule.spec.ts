import fc from 'fast-check';
import { INDICATORS } from '@wdp/indicators';
import { buildCatalogueIndex } from '../indicator-store/catalogue-index';
import { datasetsOf, parseRuleDefinition } from './rule';
import { SEEDED_RULES } from './seed-rules';

const index = buildCatalogueIndex(INDICATORS);
const known = (department: string, recordKind: string) => index.inputsForRecordKind(department, recordKind).map((i) => i.key);
const parse = (body: unknown) => parseRuleDefinition(body, known);

const births = { operand: { department: 'health', recordKind: 'live-birth' } };
const deaths = { operand: { department: 'health', recordKind: 'maternal-death' } };
const valid = { nameEn: 'Maternal deaths cannot exceed live births', left: [deaths], operator: '<=', right: [births], severity: 'error' };
const fields = (body: unknown) => parse(body).errors.map((e) => e.field);

describe('parseRuleDefinition', () => {
  it('accepts every seeded rule exactly as it is stored', () => {
    for (const { definition } of SEEDED_RULES) expect(parse(definition)).toEqual({ errors: [], definition });
  });

  it('fills the defaults: coefficient 1, the area itself, tolerance 0, district/street/town, by year', () => {
    expect(parse(valid).definition).toEqual({
      nameEn: valid.nameEn, nameZh: null, operator: '<=', severity: 'error', tolerance: 0, granularity: 'year', areaLevels: ['district', 'street', 'town'],
      left: [{ ...deaths, coefficient: 1, areas: 'area' }], right: [{ ...births, coefficient: 1, areas: 'area' }],
    });
  });

  it('names an unknown operator, severity, granularity and area level', () => {
    expect(fields({ ...valid, operator: '=<', severity: 'fatal', granularity: 'week', areaLevels: ['district', 'province'] })).toEqual(['operator', 'severity', 'granularity', 'areaLevels[1]']);
  });

  it('names a record input the catalogue does not aggregate, and says which it does', () => {
    const r = parse({ ...valid, left: [{ operand: { department: 'health', recordKind: 'maternal-death', where: { placeOfDeath: 'home' } } }] });
    expect(r.errors).toEqual([{ field: 'left[0].operand.where', reason: expect.stringContaining('health/maternal-death?placeOfDeath=home is not an input the catalogue aggregates') }]);
    expect(r.errors[0].reason).toContain('inputs of health/maternal-death: health/maternal-death');
  });

  it('names a record kind or return kind that is not in the vocabulary, and a figure of a sex the return does not carry', () => {
    expect(parse({ ...valid, right: [{ operand: { department: 'health', recordKind: 'unicorn' } }] }).errors).toEqual([
      { field: 'right[0].operand.recordKind', reason: 'record kind health/unicorn is not in the vocabulary' },
    ]);
    expect(fields({ ...valid, right: [{ operand: { department: 'statistics', returnKind: 'tap-water-coverage', sex: 'F' } }] })).toEqual(['right[0].operand.returnKind']);
    expect(fields({ ...valid, right: [{ operand: { department: 'statistics', returnKind: 'resident-population' } }] })).toEqual(['right[0].operand.sex']);
    expect(fields({ ...valid, right: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T', measure: 'median' } }] })).toEqual(['right[0].operand.measure']);
    expect(fields({ ...valid, right: [{ operand: { department: 'statistics', returnKind: 'resident-population', sex: 'T', measure: 'numerator' } }] })).toEqual(['right[0].operand.returnKind']);
    expect(fields({ ...valid, right: [{ operand: { department: 'health', recordKind: 'live-birth', sex: 'X' } }] })).toEqual(['right[0].operand.sex']);
  });

  it('refuses malformed expressions: not an array, empty, a term without operand, an operand both or neither kind, unknown fields', () => {
    expect(fields({ ...valid, left: 'deaths <= births' })).toEqual(['left']);
    expect(fields({ ...valid, left: [] })).toEqual(['left']);
    expect(fields({ ...valid, left: [{ coefficient: 2 }] })).toEqual(['left[0].operand']);
    expect(fields({ ...valid, left: [{ operand: { department: 'health', recordKind: 'live-birth', returnKind: 'x' } }] })).toEqual(['left[0].operand']);
    expect(fields({ ...valid, left: [{ ...deaths, weight: 2 }] })).toEqual(['left[0].weight']);
    expect(fields({ ...valid, left: [{ operand: { ...deaths.operand, distinctAreas: 'street' } }] })).toEqual(['left[0].operand.distinctAreas']);
    expect(fields({ ...valid, left: [{ ...deaths, coefficient: 0 }, { ...births, areas: 'everywhere' }] })).toEqual(['left[0].coefficient', 'left[1].areas']);
    expect(fields({ ...valid, extra: true })).toEqual(['extra']);
    expect(fields([valid])).toEqual(['(body)']);
  });

  it('requires a right side for a comparison and none for yoy_within, whose tolerance is a positive percentage', () => {
    expect(fields({ ...valid, right: undefined })).toEqual(['right']);
    expect(fields({ ...valid, operator: 'yoy_within', tolerance: 20 })).toEqual(['right']);
    expect(fields({ ...valid, operator: 'yoy_within', right: [] })).toEqual(['tolerance']);
    expect(parse({ ...valid, operator: 'yoy_within', right: [], tolerance: 20 }).definition).toMatchObject({ operator: 'yoy_within', right: [], tolerance: 20 });
  });

  it('refuses a negative or non-numeric tolerance and a name with a resident ID number', () => {
    expect(fields({ ...valid, tolerance: -1 })).toEqual(['tolerance']);
    expect(fields({ ...valid, tolerance: '1' })).toEqual(['tolerance']);
    expect(fields({ ...valid, tolerance: null, areaLevels: null, left: [{ ...deaths, coefficient: null, areas: null }] })).toEqual(['tolerance', 'areaLevels', 'left[0].coefficient', 'left[0].areas']);
    expect(fields({ ...valid, nameEn: 'checked for 11010519491231002X' })).toEqual(['nameEn']);
  });

  it('lists the datasets a rule reads', () => {
    const women = SEEDED_RULES.find((r) => r.code === 'VR-02')!.definition;
    expect(datasetsOf(women)).toEqual(['employment/employee-headcount', 'statistics/resident-population']);
  });

  it('never throws on hostile JSON: any body, and any values inside a well-shaped term, come back as field problems or a definition', () => {
    const anything = fc.jsonValue();
    const operand = fc.record({ department: fc.oneof(fc.constantFrom('health', 'statistics'), anything), recordKind: anything, returnKind: anything, where: anything, sex: anything, ageBands: anything, measure: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(anything, fc.record({ left: fc.array(fc.record({ operand, coefficient: anything, areas: anything }, { requiredKeys: [] })), operator: anything, severity: anything })), (body) => {
        const r = parse(body);
        expect(r.definition === undefined).toBe(r.errors.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
