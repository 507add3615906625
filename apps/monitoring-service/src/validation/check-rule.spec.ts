import { buildAreaIndex, type SexOrTotal } from '@wdp/contracts';
import type { InputRef, ObservationRef } from '@wdp/indicators';
import { checkRule, compare, type RuleValues, sameTimeLastYear } from './check-rule';
import type { RuleDefinition, RuleTerm } from './rule';

const areas = buildAreaIndex([
  { code: 'D', nameZh: '区', level: 'district', parent: null },
  { code: 'S1', nameZh: '街道1', level: 'street', parent: 'D' },
  { code: 'S2', nameZh: '街道2', level: 'street', parent: 'D' },
  { code: 'C1', nameZh: '社区1', level: 'community', parent: 'S1' },
]);

const deaths: InputRef = { department: 'health', recordKind: 'maternal-death' };
const births: InputRef = { department: 'health', recordKind: 'live-birth' };
const population = (sex: SexOrTotal): ObservationRef => ({ department: 'statistics', returnKind: 'resident-population', sex });
const term = (operand: InputRef | ObservationRef, over: Partial<RuleTerm> = {}): RuleTerm => ({ operand, coefficient: 1, areas: 'area', ...over });
const rule = (over: Partial<RuleDefinition>): RuleDefinition => ({
  nameEn: 'r', nameZh: null, left: [term(deaths)], operator: '<=', right: [term(births)], tolerance: 0, severity: 'error', areaLevels: ['district'], granularity: 'year', ...over,
});

/** Values keyed `recordKind|returnKind:sex @ area`. */
function values(data: Record<string, number>): RuleValues {
  return {
    record: (ref, area) => data[`${ref.recordKind} @ ${area}`],
    figure: (ref, area) => data[`${ref.returnKind}:${ref.sex} @ ${area}`],
  };
}

describe('checkRule', () => {
  it('compares both sides and gives their numbers', () => {
    expect(checkRule(rule({}), 'D', areas, values({ 'maternal-death @ D': 3, 'live-birth @ D': 2 }))).toEqual({ left: 3, right: 2, holds: false });
    expect(checkRule(rule({}), 'D', areas, values({ 'maternal-death @ D': 1, 'live-birth @ D': 2 }))).toEqual({ left: 1, right: 2, holds: true });
  });

  it('counts a record input without facts as 0 once the other side has data, and checks nothing when neither side has any', () => {
    expect(checkRule(rule({}), 'D', areas, values({ 'maternal-death @ D': 1 }))).toEqual({ left: 1, right: 0, holds: false });
    expect(checkRule(rule({}), 'D', areas, values({ 'live-birth @ D': 5 }))).toEqual({ left: 0, right: 5, holds: true });
    expect(checkRule(rule({}), 'D', areas, values({}))).toBeNull();
  });

  it('does not check a side whose return was not filed', () => {
    const women = rule({ left: [term(births)], right: [term(population('T'))] });
    expect(checkRule(women, 'D', areas, values({ 'live-birth @ D': 5 }))).toBeNull();
    expect(checkRule(women, 'D', areas, values({ 'live-birth @ D': 5, 'resident-population:T @ D': 4 }))).toEqual({ left: 5, right: 4, holds: false });
  });

  it('sums sub-areas: a return only where every sub-area filed it, records over those that have any', () => {
    const sum = rule({ left: [term(population('T'))], operator: '==', right: [term(population('T'), { areas: 'sub-areas' })] });
    const filed = { 'resident-population:T @ D': 100, 'resident-population:T @ S1': 60 };
    expect(checkRule(sum, 'D', areas, values(filed))).toBeNull();
    expect(checkRule(sum, 'D', areas, values({ ...filed, 'resident-population:T @ S2': 40 }))).toEqual({ left: 100, right: 100, holds: true });
    expect(checkRule(sum, 'D', areas, values({ ...filed, 'resident-population:T @ S2': 41 }))).toEqual({ left: 100, right: 101, holds: false });
    expect(checkRule(sum, 'C1', areas, values({ 'resident-population:T @ C1': 5 }))).toBeNull();
    const records = rule({ left: [term(births)], operator: '==', right: [term(births, { areas: 'sub-areas' })] });
    expect(checkRule(records, 'D', areas, values({ 'live-birth @ D': 7, 'live-birth @ S1': 7 }))).toEqual({ left: 7, right: 7, holds: true });
  });

  it('applies coefficients: women + men − total == 0', () => {
    const adds = rule({ left: [term(population('F')), term(population('M')), term(population('T'), { coefficient: -1 })], operator: '==', right: [term(births, { coefficient: 0.5 })] });
    expect(checkRule(adds, 'D', areas, values({ 'resident-population:F @ D': 49, 'resident-population:M @ D': 51, 'resident-population:T @ D': 100, 'live-birth @ D': 0 }))).toEqual({ left: 0, right: 0, holds: true });
  });

  it('yoy_within compares the left side with the same period a year earlier, in per cent', () => {
    const yoy = rule({ left: [term(births)], operator: 'yoy_within', right: [], tolerance: 20, severity: 'warning' });
    const last = values({ 'live-birth @ D': 100 });
    expect(checkRule(yoy, 'D', areas, values({ 'live-birth @ D': 120 }), last)).toEqual({ left: 120, right: 100, holds: true });
    expect(checkRule(yoy, 'D', areas, values({ 'live-birth @ D': 79 }), last)).toEqual({ left: 79, right: 100, holds: false });
    expect(checkRule(yoy, 'D', areas, values({ 'live-birth @ D': 79 }), values({}))).toBeNull();
    expect(checkRule(yoy, 'D', areas, values({ 'live-birth @ D': 79 }), values({ 'live-birth @ D': 0 }))).toBeNull();
    expect(checkRule(yoy, 'D', areas, values({}), last)).toBeNull();
  });
});

describe('compare', () => {
  it.each([
    [1, '==', 1, 0, true], [1, '==', 1.5, 0, false], [1, '==', 1.5, 0.5, true], [0.1 + 0.2, '==', 0.3, 0, true],
    [2, '<=', 2, 0, true], [3, '<=', 2, 0, false], [3, '<=', 2, 1, true],
    [2, '<', 2, 0, false], [1.9, '<', 2, 0, true], [2, '<', 2, 0.5, true],
    [2, '>=', 2, 0, true], [1, '>=', 2, 0, false], [1, '>=', 2, 1, true],
    [2, '>', 2, 0, false], [2.1, '>', 2, 0, true], [2, '>', 2, 0.5, true],
  ] as const)('%s %s %s (tolerance %s) is %s', (l, op, r, tol, holds) => {
    expect(compare(l, op, r, tol)).toBe(holds);
  });
});

describe('sameTimeLastYear', () => {
  it.each([['2024', '2023'], ['2024-Q2', '2023-Q2'], ['2024-05', '2023-05'], ['2000', '1999']])('%s → %s', (p, q) => expect(sameTimeLastYear(p)).toBe(q));
});
