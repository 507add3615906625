import { alertKindsFor, alertTransitionsFor, ALERT_KINDS } from './alerts';
import { assessFluctuation } from './fluctuation';
import { assessGap } from './gap';
import { checkSubmission } from './missing-data';
import { assessProgress } from './progress';
import type { IndicatorSpec, YearValue } from './types';

const pts = (byYear: Record<number, number>): YearValue[] => Object.entries(byYear).map(([y, v]) => ({ year: Number(y), value: v }));
const spec: IndicatorSpec = { comparator: 'at_least', targetValue: 161.051, baseYear: 2020, targetYear: 2025, unit: '%' };
// Four points over three years on a straight line: strong evidence.
const strong = (last: number) => pts({ 2020: 100, 2021: 100 + (last - 100) / 3, 2022: 100 + (2 * (last - 100)) / 3, 2023: last });

describe('alertTransitionsFor', () => {
  it('on_track resolves every progress alert and raises none', () => {
    const progress = assessProgress(spec, strong(133.1)); // 10 %/yr
    expect(progress.status).toBe('on_track');
    expect(alertTransitionsFor({ progress })).toEqual({ raise: [], resolve: ['acceleration_needed', 'limited', 'deteriorating'] });
  });

  it('achieved resolves progress alerts too', () => {
    const progress = assessProgress(spec, strong(170));
    expect(progress.status).toBe('achieved');
    expect(alertTransitionsFor({ progress }).resolve).toEqual(['acceleration_needed', 'limited', 'deteriorating']);
  });

  it('a worrying status with enough evidence raises its kind and resolves the other progress kinds', () => {
    const progress = assessProgress(spec, strong(90));
    expect(progress.status).toBe('deteriorating');
    expect(progress.evidence.level).toBe('strong');
    expect(alertTransitionsFor({ progress })).toEqual({ raise: ['deteriorating'], resolve: ['acceleration_needed', 'limited'] });
  });

  it('with weak evidence a worrying status is held back: nothing raised, nothing resolved', () => {
    const progress = assessProgress(spec, pts({ 2020: 100, 2021: 95 }));
    expect(progress.status).toBe('deteriorating');
    expect(progress.evidence.level).toBe('weak');
    expect(alertTransitionsFor({ progress })).toEqual({ raise: [], resolve: [] });
    expect(alertKindsFor({ progress }, { minEvidence: 'weak' })).toEqual(['deteriorating']);
  });

  it('a verdict in the target year is raised whatever the evidence', () => {
    const progress = assessProgress(spec, pts({ 2020: 100, 2025: 120 }));
    expect(progress.reason).toBe('target_year_reached_not_met');
    expect(progress.evidence.level).toBe('weak');
    expect(alertKindsFor({ progress })).toEqual(['limited']);
  });

  it('insufficient_data and undetermined neither raise nor resolve', () => {
    const insufficient = assessProgress(spec, pts({ 2021: 100 }));
    const undetermined = assessProgress(spec, pts({ 2020: -1, 2021: 1, 2022: 2, 2023: 3 }));
    expect(undetermined.status).toBe('undetermined');
    expect(alertTransitionsFor({ progress: insufficient })).toEqual({ raise: [], resolve: [] });
    expect(alertTransitionsFor({ progress: undetermined })).toEqual({ raise: [], resolve: [] });
  });

  it('fluctuation raises or resolves fluctuating', () => {
    const wild = assessFluctuation(pts({ 2019: 10, 2020: 11, 2021: 30, 2022: 13, 2023: 14 }));
    const calm = assessFluctuation(pts({ 2019: 10, 2020: 11, 2021: 12, 2022: 13, 2023: 14 }));
    expect(alertTransitionsFor({ fluctuation: wild })).toEqual({ raise: ['fluctuating'], resolve: [] });
    expect(alertTransitionsFor({ fluctuation: calm })).toEqual({ raise: [], resolve: ['fluctuating'] });
  });

  it('gap widening raises gap_widening; a gap without enough data says nothing', () => {
    const gapSpec = { baseYear: 2020, targetYear: 2025, unit: '%' };
    const widening = assessGap(pts({ 2020: 50, 2023: 53 }), pts({ 2020: 50, 2023: 60 }), gapSpec);
    const narrowing = assessGap(pts({ 2020: 50, 2023: 58 }), pts({ 2020: 60, 2023: 60 }), gapSpec);
    const unknown = assessGap(pts({ 2020: 50 }), pts({ 2020: 60 }), gapSpec);
    expect(alertKindsFor({ gap: widening })).toEqual(['gap_widening']);
    expect(alertTransitionsFor({ gap: narrowing }).resolve).toEqual(['gap_widening']);
    expect(alertTransitionsFor({ gap: unknown })).toEqual({ raise: [], resolve: [] });
  });

  it('an overdue submission raises missing_data; an on-time one resolves it', () => {
    const deadline = { monthsAfterPeriodEnd: 3 };
    const late = checkSubmission({ frequency: 'annual', deadline, lastReceived: '2022', now: new Date('2025-01-01T00:00:00Z') });
    const fine = checkSubmission({ frequency: 'annual', deadline, lastReceived: '2024', now: new Date('2025-06-01T00:00:00Z') });
    expect(alertKindsFor({ submission: late })).toEqual(['missing_data']);
    expect(alertTransitionsFor({ submission: fine }).resolve).toEqual(['missing_data']);
  });

  it('everything together, in the fixed kind order', () => {
    const progress = assessProgress(spec, strong(105));
    expect(progress.status).toBe('limited');
    const fluctuation = assessFluctuation([{ year: 2018, value: 10 }, { year: 2019, value: 10.5 }, { year: 2020, value: 9.5 }, { year: 2021, value: 10.2 }, { year: 2022, value: 9.8 }, { year: 2023, value: 16 }]);
    const submission = checkSubmission({ frequency: 'annual', deadline: { monthsAfterPeriodEnd: 3 }, lastReceived: '2022', now: new Date('2025-01-01T00:00:00Z') });
    expect(alertKindsFor({ progress, fluctuation, submission })).toEqual(['limited', 'fluctuating', 'missing_data']);
  });

  it('the kind list is the documented one', () => {
    expect(ALERT_KINDS).toEqual(['acceleration_needed', 'limited', 'deteriorating', 'fluctuating', 'gap_widening', 'missing_data', 'late_dataset']);
  });
});
