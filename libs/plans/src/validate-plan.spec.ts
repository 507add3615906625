import { INDICATORS } from '@wdp/indicators';
import { type PlanDocument, TEXT_LIMITS } from './plan-document';
import { plan, target, withTarget } from './test-plans';
import { validatePlan } from './validate-plan';

const problemsOf = (doc: unknown) => validatePlan(doc, INDICATORS);
/** The document with a field removed or replaced by anything, as a broken file would have it. */
const raw = (doc: PlanDocument, edit: (d: Record<string, unknown>) => void): unknown => {
  const copy = structuredClone(doc) as unknown as Record<string, unknown>;
  edit(copy);
  return copy;
};
const targetsOf = (d: Record<string, unknown>) => d.targets as Record<string, unknown>[];

describe('validatePlan', () => {
  it('accepts a valid plan: every comparator, a not-published figure, a baseline', () => {
    expect(problemsOf(plan())).toEqual([]);
  });

  describe('schema', () => {
    it('names a missing field', () => {
      expect(problemsOf(raw(plan(), (d) => delete targetsOf(d)[2].comparator))).toEqual([{ path: 'targets[2].comparator', reason: 'is required' }]);
    });

    it('names an unknown field', () => {
      expect(problemsOf(raw(plan(), (d) => (targetsOf(d)[0].target = 14)))).toEqual([{ path: 'targets[0].target', reason: 'is not a field of a plan document' }]);
    });

    it('names a field of the wrong type', () => {
      expect(problemsOf(raw(plan(), (d) => (d.version = '2')))).toEqual([{ path: 'version', reason: 'must be an integer' }]);
      expect(problemsOf(raw(plan(), (d) => (targetsOf(d)[0].value = '14')))).toEqual([{ path: 'targets[0].value', reason: 'must be a number or null' }]);
    });

    it('bounds every text, the id and the number of targets', () => {
      expect(problemsOf(raw(plan(), (d) => ((d.name as Record<string, string>).zh = '规'.repeat(TEXT_LIMITS.text + 1))))).toEqual([
        { path: 'name.zh', reason: `must be at most ${TEXT_LIMITS.text} characters long` },
      ]);
      expect(problemsOf(raw(plan(), (d) => (d.notes = 'n'.repeat(TEXT_LIMITS.notes + 1))))).toEqual([{ path: 'notes', reason: `must be at most ${TEXT_LIMITS.notes} characters long` }]);
      expect(problemsOf(raw(plan(), (d) => (d.id = 'z'.repeat(TEXT_LIMITS.id + 1))))).toEqual([{ path: 'id', reason: `must be at most ${TEXT_LIMITS.id} characters long` }]);
      expect(problemsOf(raw(plan(), (d) => (d.targets = Array.from({ length: TEXT_LIMITS.targets + 1 }, () => targetsOf(d)[0]))))).toEqual([
        { path: 'targets', reason: `must have at most ${TEXT_LIMITS.targets} items` },
      ]);
      expect(problemsOf(raw(plan(), (d) => (d.notes = 'n'.repeat(TEXT_LIMITS.notes))))).toEqual([]);
    });

    it('names an unknown comparator, level or value status with the allowed values', () => {
      expect(problemsOf(withTarget(0, { comparator: 'below' as never }))).toEqual([
        { path: 'targets[0].comparator', reason: '"below" is not one of: at_least, at_most, about, coverage, increase, decrease, gap_narrows, parity' },
      ]);
      expect(problemsOf(plan({ level: 'county' as never }))).toEqual([{ path: 'level', reason: '"county" is not one of: national, province, city, district' }]);
    });

    it('refuses another format version', () => {
      expect(problemsOf(raw(plan(), (d) => (d.schema = 'wdp-plan/2')))).toEqual([{ path: 'schema', reason: 'must be "wdp-plan/1" (got "wdp-plan/2")' }]);
    });

    it('says what an id, an area code, an indicator code and a date look like', () => {
      const problems = problemsOf(
        raw(plan(), (d) => {
          d.id = 'Test City';
          d.area = '5201';
          (d.source as Record<string, unknown>).published = '2022-13';
          targetsOf(d)[1].indicator = 'hea-4';
        }),
      );
      expect(problems).toEqual([
        { path: 'id', reason: expect.stringMatching(/^must be lowercase letters and digits/) },
        { path: 'area', reason: 'must be a six-digit GB/T 2260 area code, e.g. "520103"' },
        { path: 'source.published', reason: 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD' },
        { path: 'targets[1].indicator', reason: 'must be an indicator code like HEA-02' },
      ]);
    });

    it('refuses a value that is not a finite number (YAML .nan, .inf)', () => {
      expect(problemsOf(withTarget(0, { value: Number.NaN }))).toEqual([{ path: 'targets[0].value', reason: 'must be a number or null' }]);
      expect(problemsOf(withTarget(0, { value: Number.POSITIVE_INFINITY }))).toEqual([{ path: 'targets[0].value', reason: 'must be a number or null' }]);
    });

    it('refuses a document that is not an object', () => {
      expect(problemsOf(null)).toEqual([{ path: '', reason: 'must be an object' }]);
      expect(problemsOf([plan()])).toEqual([{ path: '', reason: 'must be an object' }]);
    });

    it('tells a malformed header without running the rules that read it', () => {
      expect(problemsOf(raw(plan(), (d) => delete d.period))).toEqual([{ path: 'period', reason: 'is required' }]);
    });

    it('checks the sound targets of a document whose other targets are malformed', () => {
      const doc = raw(withTarget(1, { indicator: 'HEA-99' }), (d) => (targetsOf(d)[0].targetYear = 'soon'));
      expect(problemsOf(doc)).toEqual([
        { path: 'targets[0].targetYear', reason: 'must be an integer' },
        { path: 'targets[1].indicator', reason: 'unknown indicator HEA-99: the catalogue has no such code' },
      ]);
    });
  });

  describe('the plan', () => {
    it('refuses a period that ends before it starts', () => {
      expect(problemsOf(plan({ period: { start: 2025, end: 2021 }, targets: [] }))).toEqual([{ path: 'period.end', reason: 'must not be before period.start (2025)' }]);
    });

    it('refuses a baseline year that is not before the period start', () => {
      expect(problemsOf(plan({ baselineYear: 2021 }))).toEqual([{ path: 'baselineYear', reason: 'must be before the period start (2021)' }]);
    });

    it('refuses an area code of another level than the plan’s', () => {
      expect(problemsOf(plan({ area: '520103' }))).toEqual([{ path: 'area', reason: '520103 is the code of a district area, not of a city plan\'s' }]);
      expect(problemsOf(plan({ level: 'national', area: '520000' }))).toEqual([{ path: 'area', reason: '520000 is the code of a province area, not of a national plan\'s' }]);
      expect(problemsOf(plan({ level: 'national', area: '100000' }))).toEqual([]);
    });
  });

  describe('each target', () => {
    it('refuses an unknown indicator', () => {
      expect(problemsOf(withTarget(0, { indicator: 'HEA-99' }))).toEqual([{ path: 'targets[0].indicator', reason: 'unknown indicator HEA-99: the catalogue has no such code' }]);
    });

    it('refuses a target year outside the period', () => {
      expect(problemsOf(withTarget(3, { targetYear: 2030 }))).toEqual([{ path: 'targets[3].targetYear', reason: '2030 is outside the plan period 2021–2025' }]);
      expect(problemsOf(withTarget(3, { targetYear: 2020 }))).toEqual([{ path: 'targets[3].targetYear', reason: '2020 is outside the plan period 2021–2025' }]);
    });

    it('refuses a target baseline year that is not before the period start', () => {
      expect(problemsOf(withTarget(5, { baseline: { year: 2021, value: 99.1 } }))).toEqual([{ path: 'targets[5].baseline.year', reason: 'must be before the period start (2021)' }]);
    });

    it('refuses a duplicate target: the same indicator and target year', () => {
      const doc = plan();
      const twice = { ...doc, targets: [...doc.targets, target({ value: 12 })] };
      expect(problemsOf(twice)).toEqual([{ path: 'targets[7]', reason: 'duplicate target: HEA-02 for 2025 is already targets[0]' }]);
      expect(problemsOf({ ...doc, targets: [...doc.targets, target({ targetYear: 2023, value: 16 })] })).toEqual([]);
    });

    it('refuses a value on a directional comparator', () => {
      expect(problemsOf(withTarget(1, { value: 5 }))).toEqual([{ path: 'targets[1].value', reason: 'increase is directional and takes no value (null, valueStatus not-applicable)' }]);
    });

    it('calls a directional target not-applicable', () => {
      expect(problemsOf(withTarget(2, { valueStatus: 'official' }))).toEqual([{ path: 'targets[2].valueStatus', reason: 'a directional target (gap_narrows) is not-applicable' }]);
    });

    it('refuses a numeric comparator without a value, unless the official figure is not published', () => {
      expect(problemsOf(withTarget(0, { value: null }))).toEqual([
        { path: 'targets[0].value', reason: 'at_most needs a value; null only with valueStatus not-published (no official figure found)' },
      ]);
      expect(problemsOf(withTarget(0, { value: null, valueStatus: 'not-applicable' }))).toHaveLength(1);
      expect(problemsOf(withTarget(0, { value: null, valueStatus: 'not-published' }))).toEqual([]);
    });

    it('calls a stated value official', () => {
      expect(problemsOf(withTarget(0, { valueStatus: 'not-published' }))).toEqual([{ path: 'targets[0].valueStatus', reason: 'a target with a value is official, not not-published' }]);
    });

    it('keeps to-be-set for drafts, where a target may have no value of any kind', () => {
      expect(problemsOf(withTarget(0, { value: null, valueStatus: 'to-be-set' }))).toEqual([
        { path: 'targets[0].valueStatus', reason: 'to-be-set is only for a draft plan: an adopted plan states each target or says why it has no value' },
      ]);
      const draft = plan({ status: 'draft', targets: plan().targets.map((t) => ({ ...t, value: null, valueStatus: 'to-be-set' as const, tolerance: undefined })) });
      expect(problemsOf(JSON.parse(JSON.stringify(draft)))).toEqual([]);
      expect(problemsOf(withTarget(0, { valueStatus: 'to-be-set', value: 14 }, draft))).toEqual([
        { path: 'targets[0].value', reason: 'a to-be-set target has no value yet: set the value and make valueStatus official' },
      ]);
    });

    it('refuses a value outside the range of the indicator’s unit', () => {
      expect(problemsOf(withTarget(4, { value: 120 }))).toEqual([{ path: 'targets[4].value', reason: '120 is outside 0–100, the range of the indicator\'s unit (percent)' }]);
      expect(problemsOf(withTarget(0, { value: -1 }))).toEqual([{ path: 'targets[0].value', reason: '-1 is outside 0–100000, the range of the indicator\'s unit (per 100,000 live births)' }]);
      expect(problemsOf(withTarget(0, { value: 100_000 }))).toEqual([]);
    });

    it('refuses a tolerance wider than the unit’s scale, and a baseline outside it', () => {
      expect(problemsOf(withTarget(4, { tolerance: 101 }))).toEqual([{ path: 'targets[4].tolerance', reason: '101 is wider than the indicator\'s whole scale (0–100 percent)' }]);
      expect(problemsOf(withTarget(5, { baseline: { year: 2020, value: 100.5 } }))).toEqual([
        { path: 'targets[5].baseline.value', reason: '100.5 is outside 0–100, the range of the indicator\'s unit (percent)' },
      ]);
    });

    it('refuses gap_narrows on an indicator that is not disaggregated by sex', () => {
      expect(problemsOf(withTarget(0, { comparator: 'gap_narrows', value: null, valueStatus: 'not-applicable', indicator: 'HEA-08' }))).toEqual([
        { path: 'targets[0].comparator', reason: 'gap_narrows needs a female–male gap, and HEA-08 is not disaggregated by sex' },
      ]);
    });

    it('refuses parity on an indicator without a reference formula', () => {
      expect(problemsOf(withTarget(3, { indicator: 'DEC-01' }))).toEqual([
        { path: 'targets[3].comparator', reason: 'parity needs a reference value to reach, and DEC-01 has no reference formula' },
      ]);
    });

    it('needs a tolerance for about, once the value is known', () => {
      expect(problemsOf(withTarget(4, { tolerance: undefined }))).toEqual([{ path: 'targets[4].tolerance', reason: 'about needs a tolerance: the half-width of the band around the value' }]);
      expect(problemsOf(withTarget(4, { tolerance: undefined, value: null, valueStatus: 'not-published' }))).toEqual([]);
    });

    it('refuses a tolerance on a comparator that has no band', () => {
      expect(problemsOf(withTarget(0, { tolerance: 1 }))).toEqual([{ path: 'targets[0].tolerance', reason: 'only about, coverage and parity take a tolerance, not at_most' }]);
      expect(problemsOf(withTarget(0, { tolerance: 0 }))).toEqual([{ path: 'targets[0].tolerance', reason: 'must be > 0 (got 0)' }]);
    });

    it('refuses coverage on an indicator that is not a percentage', () => {
      expect(problemsOf(withTarget(5, { indicator: 'DEC-07', baseline: undefined, tolerance: undefined, value: 1 }))).toEqual([
        { path: 'targets[5].comparator', reason: 'coverage is a share of 100 %, and DEC-07 is in persons' },
      ]);
    });

    it('refuses a comparator that contradicts the indicator’s direction', () => {
      expect(problemsOf(withTarget(0, { comparator: 'at_least' }))).toEqual([{ path: 'targets[0].comparator', reason: 'at_least contradicts HEA-02\'s direction (lower_is_better)' }]);
      expect(problemsOf(withTarget(1, { comparator: 'decrease' }))).toEqual([{ path: 'targets[1].comparator', reason: 'decrease contradicts HEA-04\'s direction (higher_is_better)' }]);
    });

    it('needs the source sentence of an adopted plan’s target, not of a draft’s', () => {
      expect(problemsOf(withTarget(0, { source: undefined }))).toEqual([{ path: 'targets[0].source', reason: 'an adopted plan cites the sentence that sets each target' }]);
      expect(problemsOf(withTarget(0, { source: undefined }, plan({ status: 'draft' })))).toEqual([]);
    });
  });

  it('tells every problem of a document at once, the document’s first, then each target’s in order', () => {
    const doc = withTarget(6, { indicator: 'XYZ-01' }, withTarget(0, { targetYear: 2026, value: 100_001 }, plan({ baselineYear: 2022 })));
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['baselineYear', 'targets[0].targetYear', 'targets[0].value', 'targets[6].indicator']);
  });
});
