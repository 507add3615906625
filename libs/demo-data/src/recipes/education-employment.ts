import { schoolYearOf, type Sex } from '@wdp/contracts';
import { apportion } from '../prng';
import { exactly, type Generator, pickWeighted } from '../generator';
import { ADULT_BANDS, employees, residents, schoolAge, SEXES } from './demography';

/**
 * Schools report enrolment on the autumn census day (September) of each school year, by street: pupils of
 * the official age (numerators of EDU-01/02) plus over-age pupils, and senior-secondary pupils (EDU-04).
 * Cohorts leaving junior secondary in June give the consolidation rate (EDU-03).
 */
export function educationRecords(g: Generator): void {
  const E = 'education' as const;
  const district = g.district.district.code;
  const streets = g.district.streets;
  for (const year of g.years) {
    const census = g.snapshotMonth(year, 9);
    const schoolYear = schoolYearOf(`${year}-${String(census).padStart(2, '0')}`)!;
    const june = g.snapshotMonth(year, 6);
    for (const sex of SEXES) {
      // District totals follow the plan exactly; streets get their share by school-age population.
      const spread = (total: number, weights: number[], each: (street: string, n: number) => void) =>
        apportion(total, weights).forEach((n, i) => each(streets[i].code, n));
      for (const [level, code, band, overBand] of [
        ['primary', 'EDU-01', '5-9', '10-14'],
        ['junior-secondary', 'EDU-02', '10-14', '15-19'],
      ] as const) {
        const eligible = Math.round((g.plan(code, year, sex) * schoolAge(g, district, year, sex, level)) / 100);
        spread(eligible, streets.map((s) => schoolAge(g, s.code, year, sex, level)), (area, n) => {
          g.add(E, 'enrolment', year, { area, month: census, sex, ageBand: band, count: n, attributes: { schoolYear, level, ageEligible: true } });
          g.add(E, 'enrolment', year, { area, month: census, sex, ageBand: overBand, count: Math.round(n * 0.015), attributes: { schoolYear, level, ageEligible: false } });
        });
      }
      const senior = Math.round((g.plan('EDU-04', year, sex) * schoolAge(g, district, year, sex, 'senior-secondary')) / 100);
      spread(senior, streets.map((s) => schoolAge(g, s.code, year, sex, 'senior-secondary')), (area, n) => {
        const [general, vocational] = apportion(n, [62, 38]);
        for (const [level, count] of [['senior-general', general], ['senior-vocational', vocational]] as const) {
          const [onAge, over] = apportion(count, [93, 7]);
          g.add(E, 'enrolment', year, { area, month: census, sex, ageBand: '15-19', count: onAge, attributes: { schoolYear, level, ageEligible: true } });
          g.add(E, 'enrolment', year, { area, month: census, sex, ageBand: '15-19', count: over, attributes: { schoolYear, level, ageEligible: false } });
        }
      });
      const entrants = streets.map((s) => Math.round(g.district.population(s.code, year, sex, '10-14') / 5));
      const graduates = apportion(Math.round((g.plan('EDU-03', year, sex) * entrants.reduce((t, n) => t + n, 0)) / 100), entrants);
      const graduation = { schoolYear: schoolYearOf(`${year}-${String(june).padStart(2, '0')}`)! };
      streets.forEach((street, i) => {
        g.add(E, 'nine-year-cohort', year, { area: street.code, month: june, sex, count: entrants[i], attributes: { ...graduation, stage: 'cohort-entrant' } });
        g.add(E, 'nine-year-cohort', year, { area: street.code, month: june, sex, count: graduates[i], attributes: { ...graduation, stage: 'graduate' } });
      });
    }
    const dropouts = Math.round(residents(g, year) * 0.0002);
    g.individuals(E, 'dropout', year, dropouts, (_, r, month) => {
      const level = pickWeighted(r, ['junior-secondary', 'senior-general', 'senior-vocational'], [30, 20, 50]);
      const grade = level === 'junior-secondary' ? 7 + r.int(3) : 10 + r.int(3);
      return { sex: (r.next() < 0.45 ? 'F' : 'M') as Sex, ageBand: grade < 10 ? '10-14' : '15-19', attributes: { schoolYear: schoolYearOf(`${year}-${String(month).padStart(2, '0')}`)!, level, grade } };
    });
  }
}

/**
 * New urban employment (ECO-01, women's share), senior titles (ECO-02, women's share, a year-end snapshot
 * by street) and occupational disease (ECO-04, per 100,000 employees of each sex).
 */
export function employmentRecords(g: Generator): void {
  const E = 'employment' as const;
  const district = g.district.district.code;
  for (const year of g.years) {
    const n = Math.round(residents(g, year) * 0.012);
    const rng = g.rng(`employment/new-urban-employment/${year}/sex`);
    const sexes = exactly(n, Math.round((g.plan('ECO-01', year) * n) / 100), 'F' as Sex, 'M' as Sex, rng);
    g.individuals(E, 'new-urban-employment', year, n, (i, r) => ({
      sex: sexes[i],
      ageBand: pickWeighted(r, ADULT_BANDS, [22, 20, 16, 12, 10, 8, 7, 5]),
      attributes: {
        employmentForm: pickWeighted(r, ['employee', 'self-employed', 'flexible', 'public-welfare-post', 'business-start'], [60, 12, 20, 3, 5]),
        collegeGraduate: r.next() < 0.3,
        hardToEmploy: r.next() < 0.1,
      },
    }));

    const month = g.snapshotMonth(year);
    const titles = Math.round(residents(g, year) * 0.01);
    const women = Math.round((g.plan('ECO-02', year) * titles) / 100);
    const weights = g.district.streets.map((s) => g.district.populationOf(s.code, year));
    const rngT = g.rng(`employment/senior-professional-title/${year}`);
    for (const [sex, total] of [['F', women], ['M', titles - women]] as const) {
      apportion(total, weights).forEach((count, i) => {
        const [associate, full] = apportion(count, [80, 20]);
        for (const [titleLevel, c] of [['associate-senior', associate], ['full-senior', full]] as const) {
          g.add(E, 'senior-professional-title', year, {
            area: g.district.streets[i].code, month, sex, ageBand: titleLevel === 'full-senior' ? '50-54' : '45-49', count: c,
            attributes: { titleLevel, field: pickWeighted(rngT, ['engineering', 'health', 'education', 'research', 'economics-finance', 'other'], [25, 25, 25, 5, 10, 10]) },
          });
        }
      });
    }

    for (const sex of SEXES) {
      const cases = g.carried(`occupational-disease/${sex}`, ((g.plan('ECO-04', year, sex) * employees(g, district, year, sex)) / 100_000));
      g.individuals(E, 'occupational-disease-case', year, cases, (_, r) => ({
        sex,
        ageBand: pickWeighted(r, ADULT_BANDS, [2, 6, 10, 14, 18, 20, 16, 14]),
        attributes: {
          diseaseCategory: pickWeighted(r, ['pneumoconiosis', 'occupational-poisoning', 'noise-induced-deafness', 'occupational-skin-disease', 'other'], [30, 15, 35, 10, 10]),
          industry: pickWeighted(r, ['manufacturing', 'mining', 'construction', 'services', 'health-care'], [40, 10, 20, 20, 10]),
        },
      }));
    }
  }
}
