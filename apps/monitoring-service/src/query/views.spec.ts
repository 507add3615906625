import type { AssessmentDto } from './dto/assessment.dto';
import { assessmentOrder, differsFromOfficial, flagProvisional } from './views';

const row = (over: Partial<AssessmentDto> & { currentValue?: number | null } = {}): AssessmentDto => {
  const { currentValue = 16.9, ...rest } = over;
  return {
    indicatorCode: 'HEA-02',
    areaCode: '520103',
    sex: 'T',
    year: 2024,
    status: 'limited',
    alertKinds: ['limited'],
    summary: {
      baseYear: 2020, baseValue: 18.5, currentYear: 2024, currentValue, targetValue: 14, observedCagr: null, requiredCagr: null,
      ratio: null, projectedValue: null, currentLower: null, currentUpper: null, evidence: null,
    },
    methodologyVersion: '1.0.0',
    catalogueRevision: 1,
    computedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
};

describe('flagProvisional', () => {
  it('leaves a row the held data does not change unflagged, whatever its computedAt', () => {
    const [flagged] = flagProvisional([row({ computedAt: '2026-06-01T00:00:00.000Z' })], [row()]);
    expect(flagged.provisional).toBe(false);
  });

  it.each([
    ['status', { status: 'deteriorating' }],
    ['year', { year: 2025 }],
    ['current value', { currentValue: 21.3 }],
    ['alerts', { alertKinds: ['limited', 'fluctuation'] }],
  ])('flags a row whose %s differs from the official one', (_what, over) => {
    expect(flagProvisional([row(over as Partial<AssessmentDto>)], [row()])[0].provisional).toBe(true);
  });

  it('flags a row with no official row (all its data is held), and matches rows by indicator, area and sex', () => {
    const official = [row(), row({ sex: 'F', status: 'on_track' })];
    const flagged = flagProvisional([row({ sex: 'F', status: 'on_track' }), row({ areaCode: '520103001' }), row({ sex: 'M' })], official);
    expect(flagged.map((r) => r.provisional)).toEqual([false, true, true]);
  });

  it('compares alert kinds as sets', () => {
    const official = [row({ alertKinds: ['limited', 'fluctuation'] })];
    expect(flagProvisional([row({ alertKinds: ['fluctuation', 'limited'] })], official)[0].provisional).toBe(false);
  });
});

describe('assessmentOrder', () => {
  it('orders as the stored assessments: indicator, area, then T, F, M and the gap', () => {
    const rows = [row({ sex: 'gap' }), row({ sex: 'M' }), row({ areaCode: '520102' }), row({ sex: 'F' }), row({ indicatorCode: 'EDU-01' }), row()];
    expect(rows.sort(assessmentOrder).map((r) => `${r.indicatorCode} ${r.areaCode} ${r.sex}`)).toEqual([
      'EDU-01 520103 T', 'HEA-02 520102 T', 'HEA-02 520103 T', 'HEA-02 520103 F', 'HEA-02 520103 M', 'HEA-02 520103 gap',
    ]);
  });
});

describe('differsFromOfficial', () => {
  it('treats rows without alert kinds (a plan’s) by status, year and current value', () => {
    const { status, year, summary } = row();
    expect(differsFromOfficial({ status, year, summary }, { status, year, summary })).toBe(false);
    expect(differsFromOfficial({ status, year, summary: { ...summary, currentValue: null } }, { status, year, summary })).toBe(true);
    expect(differsFromOfficial({ status, year, summary }, undefined)).toBe(true);
  });
});
