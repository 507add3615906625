import { type IndicatorDefinition, INDICATORS } from '@wdp/indicators';
import { districtPlan, type PlanDocument } from '@wdp/plans';
import { monitoredPlanChanges, withTargetsInForce } from './monitored-plan';

const byCode = (list: readonly IndicatorDefinition[]) => new Map(list.map((d) => [d.code, d]));
const catalogue = byCode(INDICATORS);
const plan = districtPlan();
const at = (code: string) => plan.targets.findIndex((t) => t.indicator === code);
const withTarget = (doc: PlanDocument, code: string, change: object): PlanDocument => ({
  ...doc,
  version: doc.version + 1,
  targets: doc.targets.map((t) => (t.indicator === code ? { ...t, ...change } : t)),
});

describe('withTargetsInForce', () => {
  it('leaves the district plan as exported when the targets in force are the catalogue’s', () => {
    expect(withTargetsInForce(plan, catalogue)).toEqual(plan);
  });

  it('takes value, tolerance and baseline value from the targets in force, and says why a value is missing', () => {
    const edited = byCode(INDICATORS.map((d) => (d.code === 'HEA-02' ? { ...d, targetValue: null, baseline: { ...d.baseline, value: 17.1 } } : d)));
    const target = withTargetsInForce(plan, edited).targets[at('HEA-02')];
    expect(target).toMatchObject({ indicator: 'HEA-02', value: null, valueStatus: 'not-published', baseline: { year: 2020, value: 17.1 } });
    const about = INDICATORS.find((d) => d.comparator === 'about')!;
    const wider = byCode(INDICATORS.map((d) => (d.code === about.code ? { ...d, tolerance: 9 } : d)));
    expect(withTargetsInForce(plan, wider).targets[at(about.code)].tolerance).toBe(9);
  });

  it('carries a tolerance in force only where the comparator has a band', () => {
    const atLeast = INDICATORS.find((d) => d.comparator === 'at_least')!;
    const withTolerance = byCode(INDICATORS.map((d) => (d.code === atLeast.code ? { ...d, tolerance: 2 } : d)));
    expect(withTargetsInForce(plan, withTolerance).targets[at(atLeast.code)]).not.toHaveProperty('tolerance');
    expect(monitoredPlanChanges(plan, { ...plan, version: 2 }, withTolerance)).toEqual({ problems: [], patches: [] });
  });

  it('leaves a target the table does not hold (another year) as it is', () => {
    const doc = { ...plan, targets: [{ ...plan.targets[0], targetYear: 2024 }] };
    expect(withTargetsInForce(doc, catalogue)).toEqual(doc);
  });
});

describe('monitoredPlanChanges', () => {
  it('turns a changed value, tolerance or baseline value into the patch of that indicator only', () => {
    const next = withTarget(withTarget(plan, 'HEA-02', { value: 12 }), 'HEA-01', { baseline: { year: 2020, value: 8 } });
    expect(monitoredPlanChanges(plan, next, catalogue)).toEqual({
      problems: [],
      patches: [
        { code: 'HEA-01', patch: { baselineValue: 8 } },
        { code: 'HEA-02', patch: { targetValue: 12 } },
      ].sort((a, b) => at(a.code) - at(b.code)),
    });
  });

  it('changes nothing for a version that only rewords', () => {
    expect(monitoredPlanChanges(plan, { ...plan, version: 2, notes: 'reworded' }, catalogue)).toEqual({ problems: [], patches: [] });
  });

  it('refuses what the engine cannot take from a document, naming the field, and patches nothing', () => {
    const i = at('HEA-02');
    const next = { ...withTarget(plan, 'HEA-02', { comparator: 'about', tolerance: 1, value: 12, targetYear: 2024, baseline: { year: 2019, value: null } }), status: 'draft' as const, period: { start: 2021, end: 2030 } };
    expect(monitoredPlanChanges(plan, next, catalogue)).toEqual({
      problems: [
        { path: 'status', reason: expect.stringMatching(/stays adopted/) },
        { path: 'period.end', reason: expect.stringMatching(/period.end is 2025/) },
        { path: `targets[${i}].targetYear`, reason: expect.stringMatching(/2025 target/) },
        { path: `targets[${i}].comparator`, reason: expect.stringMatching(/judges HEA-02 by at_most/) },
        { path: `targets[${i}].baseline.year`, reason: expect.stringMatching(/baseline year is 2020/) },
      ],
      patches: [],
    });
  });

  it('refuses a version that drops a target or targets an indicator the plan does not', () => {
    const dropped = { ...plan, version: 2, targets: plan.targets.filter((t) => t.indicator !== 'HEA-02') };
    expect(monitoredPlanChanges(plan, dropped, catalogue).problems).toEqual([{ path: 'targets', reason: expect.stringMatching(/HEA-02 is missing/) }]);
    const previous = { ...plan, targets: plan.targets.filter((t) => t.indicator !== 'HEA-02') };
    expect(monitoredPlanChanges(previous, { ...plan, version: 2 }, catalogue).problems).toEqual([{ path: `targets[${at('HEA-02')}].indicator`, reason: expect.stringMatching(/no target on HEA-02/) }]);
  });
});
