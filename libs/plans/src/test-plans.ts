import { PLAN_FORMAT, type PlanDocument, type PlanTarget } from './plan-document';

// Small documents the specs start from and break one field at a time.

export const target = (over: Partial<PlanTarget> = {}): PlanTarget => ({
  indicator: 'HEA-02',
  comparator: 'at_most',
  value: 14,
  valueStatus: 'official',
  targetYear: 2025,
  source: { clause: 'main-goal', number: 2, text: '孕产妇死亡率控制在14/10万以内' },
  ...over,
});

/** A valid adopted plan with one target of each kind of comparator. */
export const plan = (over: Partial<PlanDocument> = {}): PlanDocument => ({
  schema: PLAN_FORMAT,
  id: 'test-city-2021-2025',
  version: 1,
  status: 'adopted',
  name: { zh: '测试市妇女发展规划', en: 'Test city plan' },
  level: 'city',
  area: '520100',
  period: { start: 2021, end: 2025 },
  baselineYear: 2020,
  source: { title: '测试市妇女发展规划', issuer: '测试市人民政府', published: '2022-03' },
  targets: [
    target(),
    target({ indicator: 'HEA-04', comparator: 'increase', value: null, valueStatus: 'not-applicable' }),
    target({ indicator: 'EDU-05', comparator: 'gap_narrows', value: null, valueStatus: 'not-applicable' }),
    target({ indicator: 'DEC-02', comparator: 'parity', value: null, valueStatus: 'not-applicable' }),
    target({ indicator: 'ECO-01', comparator: 'about', value: 40, tolerance: 2 }),
    target({ indicator: 'EDU-01', comparator: 'coverage', value: 100, tolerance: 0.5, baseline: { year: 2020, value: 99.1 } }),
    target({ indicator: 'HEA-03', comparator: 'at_least', value: null, valueStatus: 'not-published', notes: 'the figure is not in the text found' }),
  ],
  ...over,
});

/** The plan with target `index` changed. */
export const withTarget = (index: number, over: Partial<PlanTarget>, doc: PlanDocument = plan()): PlanDocument => ({
  ...doc,
  targets: doc.targets.map((t, i) => (i === index ? { ...t, ...over } : t)),
});
