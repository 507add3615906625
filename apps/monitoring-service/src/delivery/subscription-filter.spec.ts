import { matchesFilter, type MatchableAlert } from './subscription-filter';

const alert: MatchableAlert = { indicatorCode: 'HEA-02', domain: 'health', department: 'health', areaCode: '520103', sex: 'T', kind: 'limited', severity: 'high' };

describe('matchesFilter', () => {
  it('an empty filter takes every alert', () => {
    expect(matchesFilter({}, alert)).toBe(true);
    expect(matchesFilter({ domains: [], kinds: [] }, alert)).toBe(true);
  });

  it('each list restricts to any of its values', () => {
    expect(matchesFilter({ domains: ['health', 'education'] }, alert)).toBe(true);
    expect(matchesFilter({ domains: ['education'] }, alert)).toBe(false);
    expect(matchesFilter({ indicators: ['HEA-03'] }, alert)).toBe(false);
    expect(matchesFilter({ areas: ['520103'], sexes: ['F'] }, alert)).toBe(false);
    expect(matchesFilter({ departments: ['health'], kinds: ['limited', 'deteriorating'] }, alert)).toBe(true);
  });

  it('minimum severity orders low < medium < high', () => {
    expect(matchesFilter({ minSeverity: 'medium' }, alert)).toBe(true);
    expect(matchesFilter({ minSeverity: 'medium' }, { ...alert, severity: 'low' })).toBe(false);
    expect(matchesFilter({ minSeverity: 'high' }, { ...alert, severity: 'medium' })).toBe(false);
    expect(matchesFilter({ minSeverity: 'low' }, { ...alert, severity: 'low' })).toBe(true);
  });

  it('an alert without a department never matches a department filter', () => {
    expect(matchesFilter({ departments: ['health'] }, { ...alert, department: null })).toBe(false);
  });

  it('a plans filter takes the alerts about one of its plans, and no alert that names none', () => {
    const about = { ...alert, planId: 'yunyan-district-2021-2025' };
    expect(matchesFilter({ plans: ['yunyan-district-2021-2025'] }, about)).toBe(true);
    expect(matchesFilter({ plans: ['china-national-2021-2030'] }, about)).toBe(false);
    expect(matchesFilter({ plans: ['yunyan-district-2021-2025'] }, alert)).toBe(false);
    expect(matchesFilter({ plans: [] }, alert)).toBe(true);
  });
});
