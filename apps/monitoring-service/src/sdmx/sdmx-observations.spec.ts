import type { AssessmentDto } from '../query/dto/assessment.dto';
import type { ValueDto } from '../query/dto/value.dto';
import { areaCodelist, assessmentObservation, valueObservation } from './sdmx-observations';

const value: ValueDto = {
  indicatorCode: 'EDU-07', areaCode: '520103', sex: 'T', period: '2024', value: 20, numerator: 8, denominator: 40,
  unit: 'percent', lower: 10.5, upper: 34.8, intervalMethod: 'wilson',
};

const assessment: AssessmentDto = {
  indicatorCode: 'EDU-07', areaCode: '520103', sex: 'F', year: 2024, status: 'insufficient_evidence', alertKinds: [],
  summary: {
    baseYear: 2020, baseValue: 30, currentYear: 2024, currentValue: 20, targetValue: null, observedCagr: -0.096, requiredCagr: null,
    ratio: null, projectedValue: 16, currentLower: 10.5, currentUpper: 34.8, evidence: 'weak',
  },
  methodologyVersion: '1.0.0', catalogueRevision: 1, computedAt: '2026-11-29T05:30:00.000Z',
};

describe('observations of the exports', () => {
  it('writes a value with SDMX codes: _T for the total and all ages, its interval, counts and status', () => {
    expect(valueObservation(value)).toEqual({
      INDICATOR: 'EDU-07', REF_AREA: '520103', SEX: '_T', AGE: '_T', TIME_PERIOD: '2024', OBS_VALUE: 20, UNIT_MEASURE: 'percent', OBS_STATUS: 'A', CONF_STATUS: 'F',
      LOWER_BOUND: 10.5, UPPER_BOUND: 34.8, INTERVAL_METHOD: 'wilson', NUMERATOR: 8, DENOMINATOR: 40,
    });
    expect(valueObservation(value, 'provisional').OBS_STATUS).toBe('P');
  });

  it('marks a withheld cell C (small cell) or D (its complement)', () => {
    const withheld = { ...value, value: null, numerator: null, denominator: null, lower: null, upper: null, intervalMethod: null };
    expect(valueObservation({ ...withheld, suppressed: 'small_cell' }).CONF_STATUS).toBe('C');
    expect(valueObservation({ ...withheld, suppressed: 'complementary' }).CONF_STATUS).toBe('D');
  });

  it('withholds an assessment’s figures derived from a withheld cell, and keeps its status and the plan’s own figures', () => {
    const shown = assessmentObservation(assessment, 'percent', undefined)!;
    expect(shown).toMatchObject({ SEX: 'F', TIME_PERIOD: '2024', OBS_VALUE: 20, ASSESSMENT_STATUS: 'insufficient_evidence', CONF_STATUS: 'F', OBSERVED_CAGR: -0.096, PROJECTED_VALUE: 16, EVIDENCE: 'weak' });
    const hidden = assessmentObservation(assessment, 'percent', 'small_cell')!;
    expect(hidden).toMatchObject({
      OBS_VALUE: null, LOWER_BOUND: null, UPPER_BOUND: null, OBSERVED_CAGR: null, PROGRESS_RATIO: null, PROJECTED_VALUE: null,
      ASSESSMENT_STATUS: 'insufficient_evidence', CONF_STATUS: 'C', BASE_PERIOD: '2020', BASE_VALUE: 30, METHODOLOGY_VERSION: '1.0.0',
    });
  });

  it('leaves out an assessment with no year and a gender-gap row', () => {
    expect(assessmentObservation({ ...assessment, year: null }, 'percent', undefined)).toBeUndefined();
    expect(assessmentObservation({ ...assessment, sex: 'gap' }, 'percent', undefined)).toBeUndefined();
  });

  it('gives each area its parent, the district none', () => {
    const list = areaCodelist([
      { code: '520103', nameZh: '云岩区', nameEn: 'Yunyan District', level: 'district', parent: null },
      { code: '520103001', nameZh: '某街道', level: 'street', parent: '520103' },
    ]);
    expect(list.codes).toEqual([
      { id: '520103', names: { en: 'Yunyan District', zh: '云岩区' } },
      { id: '520103001', names: { en: '某街道', zh: '某街道' }, parent: '520103' },
    ]);
  });
});
