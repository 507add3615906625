import { districtPlan, districtSuccessorDraft } from '@wdp/plans';
import { planChanges, targetKey } from './plan-changes';

describe('planChanges', () => {
  const plan = districtSuccessorDraft();

  it('is one created entry for a first version', () => {
    expect(planChanges(undefined, plan)).toEqual([{ field: 'created', old: null, new: { version: 1, status: 'draft', targets: plan.targets.length } }]);
  });

  it('is empty for the same document, however its targets are ordered', () => {
    expect(planChanges(plan, { ...plan, targets: [...plan.targets].reverse() })).toEqual([]);
  });

  it('names a plan field by name and a target field by indicator and year', () => {
    const [first, ...rest] = plan.targets;
    const next = { ...plan, version: 2, status: 'adopted' as const, notes: undefined, targets: [{ ...first, value: 15, valueStatus: 'official' as const }, ...rest] };
    expect(planChanges(plan, next)).toEqual([
      { field: 'status', old: 'draft', new: 'adopted' },
      { field: 'notes', old: plan.notes, new: null },
      { field: `targets[${targetKey(first)}].value`, old: null, new: 15 },
      { field: `targets[${targetKey(first)}].valueStatus`, old: 'to-be-set', new: 'official' },
    ]);
  });

  it('names a dropped target with its old content and an added one with its new', () => {
    const [first, second] = districtPlan().targets;
    const before = { ...plan, targets: [first] };
    const after = { ...plan, targets: [second] };
    expect(planChanges(before, after)).toEqual([
      { field: `targets[${targetKey(first)}]`, old: first, new: null },
      { field: `targets[${targetKey(second)}]`, old: null, new: second },
    ]);
  });

  it('tells a target field that appears or goes away, e.g. a tolerance', () => {
    const target = { ...plan.targets[0], comparator: 'about' as const, value: 10, valueStatus: 'official' as const };
    const withTolerance = { ...plan, targets: [{ ...target, tolerance: 2 }] };
    expect(planChanges({ ...plan, targets: [target] }, withTolerance)).toEqual([{ field: `targets[${targetKey(target)}].tolerance`, old: null, new: 2 }]);
  });
});
