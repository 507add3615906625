import fc from 'fast-check';
import { unitMaximum } from '@wdp/contracts';
import { indicatorByCode, INDICATORS } from '@wdp/indicators';
import { districtPlan } from './district-plans';
import type { PlanDocument, PlanTarget } from './plan-document';
import { formatOfFileName, parsePlanText, serializePlan } from './plan-format';
import { validatePlan } from './validate-plan';

const read = (text: string, format: 'yaml' | 'json') => {
  const parsed = parsePlanText(text, format);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.doc;
};

describe('parsePlanText', () => {
  it('reads YAML with the core schema: an unquoted date stays a string, so does yes', () => {
    expect(read('source: { published: 2022-01-05 }\nnotes: yes\narea: 520103\n', 'yaml')).toEqual({ source: { published: '2022-01-05' }, notes: 'yes', area: 520103 });
  });

  it('refuses text that is not YAML or JSON, with where', () => {
    expect(parsePlanText('targets: [\n', 'yaml')).toEqual({ ok: false, problems: [{ path: '', reason: expect.stringMatching(/^not YAML: line \d+, column \d+: /) }] });
    expect(parsePlanText('{"id": }', 'json')).toEqual({ ok: false, problems: [{ path: '', reason: expect.stringMatching(/^not JSON: /) }] });
  });

  it('refuses a duplicate key rather than letting the last one win', () => {
    expect(parsePlanText('id: a\nid: b\n', 'yaml')).toEqual({ ok: false, problems: [{ path: '', reason: expect.stringMatching(/^not YAML: line 2, column 1: .*unique/i) }] });
  });

  it('refuses a document that aliases its way into a huge one', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(parsePlanText(bomb, 'yaml')).toEqual({ ok: false, problems: [{ path: '', reason: expect.stringMatching(/^not YAML: .*alias/i) }] });
  });

  it('knows a file’s format from its name', () => {
    expect(['a.yaml', 'b.YML', 'c.json', 'd.txt'].map(formatOfFileName)).toEqual(['yaml', 'yaml', 'json', undefined]);
  });
});

/** Valid plans: the district plan's indicators with values in range, any text, any subset of targets. */
const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);

const targetArbitrary = (template: PlanTarget): fc.Arbitrary<PlanTarget> => {
  const unit = indicatorByCode(template.indicator)!.unit;
  const value = template.value === null ? fc.constant(null) : fc.double({ min: 0, max: unitMaximum(unit), noNaN: true }).filter((v) => !Object.is(v, -0));
  return fc.record({ value, sourceText: text, notes: fc.option(text, { nil: undefined }), year: fc.integer({ min: 2021, max: 2025 }) }).map(({ value, sourceText, notes, year }) => ({
    ...template,
    value,
    targetYear: year,
    source: { ...template.source!, text: sourceText },
    ...(notes === undefined ? {} : { notes }),
  }));
};

const planArbitrary: fc.Arbitrary<PlanDocument> = fc
  .record({
    zh: text,
    en: text,
    version: fc.integer({ min: 1, max: 1_000 }),
    targets: fc.uniqueArray(fc.constantFrom(...districtPlan().targets), { maxLength: 12, selector: (t) => t.indicator }).chain((ts) => fc.tuple(...ts.map(targetArbitrary))),
    url: fc.option(fc.webUrl(), { nil: undefined }),
  })
  .map(({ zh, en, version, targets, url }) => {
    const base = districtPlan();
    return { ...base, version, name: { zh, en }, source: { ...base.source, ...(url ? { url } : {}) }, targets };
  });

describe('a valid plan document', () => {
  it.each(['yaml', 'json'] as const)('stays valid and the same through export and import (%s)', (format) => {
    fc.assert(
      fc.property(planArbitrary, (doc) => {
        expect(validatePlan(doc, INDICATORS)).toEqual([]);
        const back = read(serializePlan(doc, format), format);
        expect(validatePlan(back, INDICATORS)).toEqual([]);
        expect(back).toEqual(doc);
      }),
      { numRuns: 100 },
    );
  });

  it('reads the same from YAML as from JSON', () => {
    const doc = districtPlan();
    expect(read(serializePlan(doc, 'yaml'), 'yaml')).toEqual(read(serializePlan(doc, 'json'), 'json'));
  });
});
