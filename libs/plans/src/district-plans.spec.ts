import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INDICATORS } from '@wdp/indicators';
import { BUILT_IN_PLANS, DISTRICT_PLAN_ID, DISTRICT_SUCCESSOR_ID, districtPlan, districtSuccessorDraft } from './district-plans';
import { parsePlanText, serializePlan } from './plan-format';
import { validatePlan } from './validate-plan';

const PLANS_DIR = path.resolve(__dirname, '../plans');
const committed = (id: string) => readFileSync(path.join(PLANS_DIR, `${id}.yaml`), 'utf8');

describe('the 2021–2025 district plan', () => {
  it('is committed as the catalogue exports it (run `npm run plan -- export yunyan-district-2021-2025 --out libs/plans/plans/yunyan-district-2021-2025.yaml`)', () => {
    expect(committed(DISTRICT_PLAN_ID)).toBe(serializePlan(districtPlan(), 'yaml'));
  });

  it('is valid', () => {
    expect(validatePlan(districtPlan(), INDICATORS)).toEqual([]);
  });

  it('has exactly the catalogue’s targets: value, comparator, tolerance, year, baseline and source of every indicator', () => {
    const parsed = parsePlanText(committed(DISTRICT_PLAN_ID), 'yaml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const { targets } = parsed.doc as ReturnType<typeof districtPlan>;
    expect(targets.map((t) => [t.indicator, t.comparator, t.value, t.tolerance, t.targetYear, t.baseline, t.source])).toEqual(
      INDICATORS.map((i) => [i.code, i.comparator, i.targetValue, i.tolerance, i.targetYear, i.baseline, i.source]),
    );
    expect(targets.filter((t) => t.valueStatus === 'official').map((t) => t.indicator)).toEqual(INDICATORS.filter((i) => i.targetValue !== null).map((i) => i.code));
  });
});

describe('the 2026–2030 district successor', () => {
  const draft = districtSuccessorDraft();

  it('is committed as built, and valid', () => {
    expect(committed(DISTRICT_SUCCESSOR_ID)).toBe(serializePlan(draft, 'yaml'));
    expect(validatePlan(draft, INDICATORS)).toEqual([]);
  });

  it('is a draft for 2026–2030 from 2025, with one target per indicator of the 2021–2025 plan, each waiting to be set', () => {
    expect(draft).toMatchObject({ status: 'draft', period: { start: 2026, end: 2030 }, baselineYear: 2025, level: 'district', area: '520103' });
    expect(draft.targets.map((t) => t.indicator)).toEqual(districtPlan().targets.map((t) => t.indicator));
    expect(new Set(draft.targets.map((t) => JSON.stringify([t.value, t.valueStatus, t.targetYear])))).toEqual(new Set([JSON.stringify([null, 'to-be-set', 2030])]));
  });

  it('would not be valid as an adopted plan: its targets are not set', () => {
    const problems = validatePlan({ ...draft, status: 'adopted' }, INDICATORS);
    expect(problems.filter((p) => p.reason.startsWith('to-be-set is only for a draft'))).toHaveLength(draft.targets.length);
  });
});

describe('built-in plans', () => {
  it('are the two district plans, by id', () => {
    expect(Object.fromEntries(Object.entries(BUILT_IN_PLANS).map(([id, build]) => [id, build().id]))).toEqual({
      [DISTRICT_PLAN_ID]: DISTRICT_PLAN_ID,
      [DISTRICT_SUCCESSOR_ID]: DISTRICT_SUCCESSOR_ID,
    });
  });
});
