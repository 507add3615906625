import { buildAreaIndex } from '@wdp/contracts';
import type { FactRow } from '../facts/fact.repository';
import type { ObservationFigure } from '../facts/observation.repository';
import { findViolations, ruleInputs } from './find-violations';
import type { RuleDefinition } from './rule';
import { rowsByPeriod } from './rule-values';
import { SEEDED_RULES } from './seed-rules';

const areas = buildAreaIndex([
  { code: '520103', nameZh: '区', level: 'district', parent: null },
  { code: '520103001', nameZh: '街道1', level: 'street', parent: '520103' },
  { code: '520103100', nameZh: '镇', level: 'town', parent: '520103' },
]);
const seeded = (code: string) => SEEDED_RULES.find((r) => r.code === code)!.definition;

const fact = (inputKey: string, areaCode: string, period: string, count: number, sex: FactRow['sex'] = 'U'): FactRow => ({
  inputKey, areaCode, period, granularity: period.length === 4 ? 'Y' : period.includes('Q') ? 'Q' : 'M', year: Number(period.slice(0, 4)), sex, ageBand: '', count,
});
let n = 0;
const figure = (returnKind: string, areaCode: string, period: string, sex: ObservationFigure['sex'], value: number, returnId = `r${++n}`): ObservationFigure => ({
  returnId, returnKind, areaCode, period, year: Number(period.slice(0, 4)), sex, ageBand: '', value, numerator: null, denominator: null, revision: 1, submittedAt: '2025-01-01T00:00:00.000Z',
});

describe('findViolations (seeded rules over stored rows)', () => {
  it('VR-01: maternal deaths above live births in a year, with both numbers; other years and periods of other granularities are not it', () => {
    const facts = [
      fact('health/maternal-death', '520103', '2023', 3), fact('health/live-birth', '520103', '2023', 2, 'F'),
      fact('health/maternal-death', '520103', '2024', 1), fact('health/live-birth', '520103', '2024', 900, 'F'), fact('health/live-birth', '520103', '2024', 950, 'M'),
      fact('health/maternal-death', '520103', '2024-Q1', 5),
    ];
    const def = seeded('VR-01');
    const byPeriod = rowsByPeriod(def.granularity, facts, [], new Set());
    expect([...byPeriod.keys()].sort()).toEqual(['2023', '2024']);
    expect(findViolations(def, byPeriod, new Set(), areas, ['520103', '520103001'])).toEqual({ checked: 2, found: [{ areaCode: '520103', period: '2023', left: 3, right: 2 }] });
  });

  it('VR-02 across departments: women employees above the whole population, where both returns are filed', () => {
    const def = seeded('VR-02');
    const figures = [
      figure('employment/employee-headcount', '520103', '2024', 'F', 5000), figure('statistics/resident-population', '520103', '2024', 'T', 4000),
      figure('employment/employee-headcount', '520103001', '2024', 'F', 10),
    ];
    expect(ruleInputs(def)).toEqual({ inputKeys: [], snapshotKeys: [], returnKinds: ['employment/employee-headcount', 'statistics/resident-population'], readsSubAreas: false });
    const byPeriod = rowsByPeriod(def.granularity, [], figures, new Set());
    expect(findViolations(def, byPeriod, new Set(), areas, ['520103', '520103001'])).toEqual({ checked: 1, found: [{ areaCode: '520103', period: '2024', left: 5000, right: 4000 }] });
  });

  it('VR-03: the district against the sum of its street and town, the totals read from F + M when only those were filed', () => {
    const def = seeded('VR-03');
    const kind = 'statistics/resident-population';
    const figures = [
      figure(kind, '520103', '2024', 'T', 1000),
      figure(kind, '520103001', '2024', 'F', 300, 'street'), figure(kind, '520103001', '2024', 'M', 320, 'street'),
      figure(kind, '520103100', '2024', 'T', 370),
    ];
    const byPeriod = rowsByPeriod(def.granularity, [], figures, new Set());
    expect(findViolations(def, byPeriod, new Set(), areas, ['520103'])).toEqual({ checked: 1, found: [{ areaCode: '520103', period: '2024', left: 1000, right: 990 }] });
  });

  it('VR-04: a year-on-year change beyond 20 % is found for the later year only', () => {
    const def = seeded('VR-04');
    const facts = [fact('health/live-birth', '520103', '2022', 100, 'F'), fact('health/live-birth', '520103', '2023', 110, 'F'), fact('health/live-birth', '520103', '2024', 70, 'F')];
    const byPeriod = rowsByPeriod(def.granularity, facts, [], new Set());
    expect(findViolations(def, byPeriod, new Set(), areas, ['520103'])).toEqual({ checked: 2, found: [{ areaCode: '520103', period: '2024', left: 70, right: 110 }] });
  });

  it('reads a snapshot input by its latest month in the period', () => {
    const def: RuleDefinition = { ...seeded('VR-01'), left: [{ operand: { department: 'family', recordKind: 'childcare-places' }, coefficient: 1, areas: 'area' }], operator: '>=' };
    const facts = [fact('family/childcare-places', '520103', '2024-03', 50), fact('family/childcare-places', '520103', '2024-11', 40), fact('health/live-birth', '520103', '2024', 45, 'F')];
    const snapshot = new Set(['family/childcare-places']);
    const byPeriod = rowsByPeriod('year', facts, [], snapshot);
    expect(findViolations(def, byPeriod, snapshot, areas, ['520103'])).toEqual({ checked: 1, found: [{ areaCode: '520103', period: '2024', left: 40, right: 45 }] });
  });
});
