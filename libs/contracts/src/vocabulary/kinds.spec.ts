import type { RecordFact, ReturnFacts } from '../facts';
import { DEPARTMENT_CODES, DEPARTMENTS, department, isDepartmentCode } from './departments';
import {
  RECORD_KINDS,
  RETURN_KINDS,
  recordFactIssues,
  recordKind,
  recordKindsOf,
  requireRecordKind,
  requireReturnKind,
  returnKind,
  returnKindsOf,
  validateRecordFact,
  validateReturnFacts,
} from './kinds';
import { PERIOD_GRANULARITIES } from './period';
import { SEX_CODES } from './sex';
import { isUnitCode } from './units';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const VALUE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('vocabulary integrity', () => {
  it('has the seven departments with unique kebab-case codes', () => {
    expect(DEPARTMENT_CODES).toEqual(['health', 'education', 'employment', 'social-security', 'rights-protection', 'family', 'statistics']);
    expect(new Set(DEPARTMENT_CODES).size).toBe(DEPARTMENTS.length);
    DEPARTMENT_CODES.forEach((c) => expect(c).toMatch(KEBAB));
    expect(isDepartmentCode('health')).toBe(true);
    expect(isDepartmentCode('police')).toBe(false);
    expect(department('statistics')?.nameZh).toBe('区统计局');
  });

  it('gives every departmental service at least one record kind', () => {
    for (const code of DEPARTMENT_CODES.filter((c) => c !== 'statistics')) expect(recordKindsOf(code).length).toBeGreaterThan(0);
  });

  it('keeps kind codes kebab-case and unique within a department, across records and returns', () => {
    const keys = [...RECORD_KINDS, ...RETURN_KINDS].map((k) => `${k.department}/${k.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    [...RECORD_KINDS, ...RETURN_KINDS].forEach((k) => {
      expect(k.kind).toMatch(KEBAB);
      expect(isDepartmentCode(k.department)).toBe(true);
      expect(k.nameZh).toMatch(/[\u4e00-\u9fff]/);
      expect(k.nameEn.length).toBeGreaterThan(2);
      expect(k.description.length).toBeGreaterThan(10);
    });
  });

  it.each(RECORD_KINDS.map((k) => [`${k.department}/${k.kind}`, k] as const))('record kind %s has valid attribute definitions', (_key, k) => {
    const names = k.attributes.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of k.attributes) {
      expect(a.name).toMatch(CAMEL);
      expect(a.description.length).toBeGreaterThan(3);
      if (a.type === 'enum') {
        expect(a.values?.length).toBeGreaterThan(1);
        expect(new Set(a.values).size).toBe(a.values!.length);
        a.values!.forEach((v) => expect(v).toMatch(VALUE));
      } else {
        expect(a.values).toBeUndefined();
      }
      if (a.type === 'integer' || a.type === 'number') expect(a.min! <= a.max!).toBe(true);
      if (a.type === 'string') expect(() => new RegExp(a.pattern!)).not.toThrow();
    }
    // a kind about women by definition must not also ask for a sex
    if (k.impliedSex) expect(k.hasSex).toBe(false);
    if (k.hasAgeBand) expect(k.ageBandOf).toBeTruthy();
    expect(['sum', 'latest']).toContain(k.aggregation);
  });

  it.each(RETURN_KINDS.map((k) => [`${k.department}/${k.kind}`, k] as const))('return kind %s is well formed', (_key, k) => {
    expect(isUnitCode(k.unit)).toBe(true);
    expect(k.sexes.length).toBeGreaterThan(0);
    k.sexes.forEach((s) => expect(SEX_CODES).toContain(s));
    expect(k.granularities.length).toBeGreaterThan(0);
    k.granularities.forEach((g) => expect(PERIOD_GRANULARITIES).toContain(g));
    if (k.unit === 'percent' || k.unit.startsWith('per-')) expect(k.hasNumeratorDenominator).toBe(true);
  });

  it('contains the kinds the departmental APIs are built around', () => {
    for (const [dept, kind] of [
      ['health', 'maternal-death'],
      ['health', 'live-birth'],
      ['health', 'cervical-cancer-screening'],
      ['education', 'enrolment'],
      ['employment', 'new-urban-employment'],
      ['social-security', 'insurance-enrolment'],
      ['rights-protection', 'hotline-12338-case'],
      ['family', 'childcare-places'],
    ]) {
      expect(recordKind(dept, kind)).toBeDefined();
    }
    for (const [dept, kind] of [
      ['health', 'life-expectancy'],
      ['education', 'science-literacy'],
      ['employment', 'average-income'],
      ['rights-protection', 'sense-of-security'],
      ['family', 'housework-time'],
      ['statistics', 'resident-population'],
      ['statistics', 'village-committee-chairs'],
      ['statistics', 'rural-sanitary-toilet-coverage'],
    ]) {
      expect(returnKind(dept, kind)).toBeDefined();
    }
  });
});

describe('lookups', () => {
  it('finds kinds only in their own department', () => {
    expect(recordKind('health', 'maternal-death')?.nameZh).toBe('孕产妇死亡');
    expect(recordKind('family', 'maternal-death')).toBeUndefined();
    expect(returnKind('health', 'maternal-death')).toBeUndefined();
    expect(() => requireRecordKind('health', 'nope')).toThrow('unknown record kind health/nope');
    expect(() => requireReturnKind('statistics', 'nope')).toThrow('unknown return kind statistics/nope');
    expect(returnKindsOf('statistics').every((k) => k.department === 'statistics')).toBe(true);
  });
});

describe('validateRecordFact', () => {
  const death: RecordFact = {
    kind: 'maternal-death',
    area: '520103001001',
    period: '2025-03',
    ageBand: '30-34',
    count: 1,
    attributes: { causeGroup: 'obstetric-haemorrhage', placeOfDeath: 'hospital' },
  };

  it('accepts a valid fact', () => {
    expect(validateRecordFact('health', death)).toEqual([]);
  });

  it('reports each problem', () => {
    const problems = validateRecordFact('health', {
      ...death,
      period: '2025',
      sex: 'F',
      ageBand: '30-35',
      count: 2,
      attributes: { causeGroup: 'falling-piano', extra: true },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('period must be a month'),
        'maternal-death records carry no sex',
        expect.stringContaining('ageBand must be'),
        expect.stringContaining('count = 1'),
        expect.stringContaining('attributes.causeGroup must be one of'),
        'attributes.placeOfDeath is required',
        'attributes.extra is not defined for maternal-death',
      ]),
    );
  });

  it('requires sex where the kind has one and allows counts for aggregates', () => {
    const enrolment: RecordFact = {
      kind: 'enrolment',
      area: '520103001',
      period: '2024-09',
      ageBand: '5-9',
      count: 412,
      attributes: { schoolYear: '2024-2025', level: 'primary', ageEligible: true },
    };
    expect(validateRecordFact('education', enrolment)).toEqual(['sex must be F or M']);
    expect(validateRecordFact('education', { ...enrolment, sex: 'F' })).toEqual([]);
    expect(validateRecordFact('education', { ...enrolment, sex: 'F', attributes: { ...enrolment.attributes, schoolYear: '2024' } })).toEqual([
      expect.stringContaining('schoolYear must match'),
    ]);
    expect(validateRecordFact('education', { ...enrolment, sex: 'F', count: -1 })).toEqual(['count must be a non-negative integer']);
  });

  it('checks integer bounds', () => {
    const done: RecordFact = {
      kind: 'pregnancy-completed',
      area: '520103001001',
      period: '2025-03',
      ageBand: '25-29',
      count: 1,
      attributes: { registeredFirstTrimester: true, prenatalVisits: 5.5, postpartumVisit: true, systematicallyManaged: true, highRisk: false },
    };
    expect(validateRecordFact('health', done)).toEqual(['attributes.prenatalVisits must be an integer']);
    expect(validateRecordFact('health', { ...done, attributes: { ...done.attributes, prenatalVisits: 99 } })).toEqual([
      'attributes.prenatalVisits must be between 0 and 40',
    ]);
  });

  it('rejects unknown kinds', () => {
    expect(validateRecordFact('health', { ...death, kind: 'nope' })).toEqual(['unknown record kind health/nope']);
  });
});

describe('validateReturnFacts', () => {
  const literacy: ReturnFacts = {
    kind: 'health-literacy',
    area: '520103',
    period: '2024',
    unit: 'percent',
    figures: [
      { sex: 'F', value: 25.1, numerator: 251, denominator: 1000 },
      { sex: 'M', value: 23.4, numerator: 234, denominator: 1000 },
    ],
  };

  it('accepts a valid return', () => {
    expect(validateReturnFacts('health', literacy)).toEqual([]);
  });

  it('enforces granularity, unit, numerator/denominator and unique cells', () => {
    const problems = validateReturnFacts('health', {
      ...literacy,
      period: '2024-03',
      unit: 'years',
      figures: [{ sex: 'F', value: 25 }, { sex: 'F', value: 26, numerator: 1, denominator: 4 }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not per month'),
        'unit must be percent',
        'figures[0] needs numerator ≥ 0 and denominator > 0',
        'figures[1] repeats the cell F/*',
      ]),
    );
  });

  it('only allows the sexes and age breakdown the kind declares', () => {
    const toilets: ReturnFacts = { kind: 'rural-sanitary-toilet-coverage', area: '520103100', period: '2024', unit: 'percent', figures: [{ sex: 'F', ageBand: '35-39', value: 90, numerator: 9, denominator: 10 }] };
    expect(validateReturnFacts('statistics', toilets)).toEqual(['figures[0].sex must be one of T', 'figures[0]: rural-sanitary-toilet-coverage has no age breakdown']);
  });
});

describe('school year rule', () => {
  const fact = (period: string, schoolYear: string) => ({
    kind: 'enrolment', area: '520103001001', period, sex: 'F' as const, ageBand: '5-9', count: 30,
    attributes: { schoolYear, level: 'primary', ageEligible: true },
  });

  it('accepts the school year containing the period (September starts a school year)', () => {
    expect(recordFactIssues('education', fact('2024-09', '2024-2025'))).toEqual([]);
    expect(recordFactIssues('education', fact('2025-03', '2024-2025'))).toEqual([]);
  });

  it('rejects non-consecutive years and school years that do not contain the period', () => {
    expect(recordFactIssues('education', fact('2025-09', '2025-2031'))).toEqual([
      { field: 'attributes.schoolYear', reason: 'must be two consecutive years, e.g. 2025-2026' },
    ]);
    expect(recordFactIssues('education', fact('2025-09', '2030-2031'))[0].reason).toBe('must be 2025-2026, the school year containing the period 2025-09');
    expect(validateRecordFact('education', fact('2025-03', '2025-2026'))).toEqual([
      'attributes.schoolYear must be 2024-2025, the school year containing the period 2025-03',
    ]);
  });
});
