import type { AgeBand, Sex } from '@wdp/contracts';
import { apportion } from '../prng';
import { exactly, type Generator, pickWeighted, shuffle } from '../generator';
import { employees, OLD_BANDS, residents, SEXES } from './demography';

const S = 'social-security' as const;

/**
 * Year-end snapshots by street: insured persons per scheme and sex (SOC-01..06), elderly-care centres
 * (SOC-07), destitute persons (SOC-08), long-term-care recipients (SOC-09) and minimum-living allowance.
 */
export function socialSecurityRecords(g: Generator): void {
  const district = g.district.district.code;
  const streets = g.district.streets;
  // Pension contributors under 60 and the unemployment / work-injury schemes follow count indices (100 in 2020).
  const base = new Map<Sex, { pension: number; unemployment: number; workInjury: number }>();
  for (const sex of SEXES) {
    const first = g.options.from;
    const over60 = OLD_BANDS.reduce((s, b) => s + g.district.population(district, first, sex, b), 0);
    base.set(sex, { pension: over60 * 2.2, unemployment: employees(g, district, first, sex) * 0.3, workInjury: employees(g, district, first, sex) * 0.35 });
  }
  const streetOrder = shuffle(streets.filter((s) => s.level === 'street'), g.rng('social-security/elderly-centres'));

  for (const year of g.years) {
    const month = g.snapshotMonth(year);
    const popWeights = streets.map((s) => g.district.populationOf(s.code, year));
    for (const sex of SEXES) {
      const b = base.get(sex)!;
      const enrol = (area: string, scheme: string, ageBand: AgeBand, count: number, coverageType = 'employee') =>
        g.add(S, 'insurance-enrolment', year, { area, month, sex, ageBand, count, attributes: { scheme, coverageType } });
      let pensionOver60 = 0;
      for (const street of streets) {
        const pop = (bands?: readonly AgeBand[]) => g.district.populationOf(street.code, year, [sex], bands);
        // Basic medical insurance (SOC-02) over all residents, reported in four age groups.
        const medical = Math.round((g.plan('SOC-02', year, sex) * pop()) / 100);
        const groups: [AgeBand, AgeBand[]][] = [['5-9', ['0-4', '5-9', '10-14', '15-19']], ['30-34', ['20-24', '25-29', '30-34', '35-39']], ['50-54', ['40-44', '45-49', '50-54', '55-59']], ['70-74', OLD_BANDS]];
        apportion(medical, groups.map(([, bands]) => pop(bands))).forEach((count, i) =>
          enrol(street.code, 'basic-medical', groups[i][0], count, i === 1 || i === 2 ? 'employee' : 'urban-rural-resident'),
        );
        // Basic pension of people aged 60 and over (SOC-03), band by band.
        for (const band of OLD_BANDS) {
          const count = Math.round((g.plan('SOC-03', year, sex) * g.district.population(street.code, year, sex, band)) / 100);
          pensionOver60 += count;
          enrol(street.code, 'basic-pension', band, count, 'urban-rural-resident');
        }
        // Maternity insurance (SOC-01) against employees of the street.
        enrol(street.code, 'maternity', '30-34', Math.round((g.plan('SOC-01', year, sex) * employees(g, street.code, year, sex)) / 100));
      }
      const contributors = Math.max(0, g.indexed('SOC-06', year, b.pension, sex) - pensionOver60);
      apportion(contributors, popWeights).forEach((count, i) => {
        const [younger, older] = apportion(count, [45, 55]);
        enrol(streets[i].code, 'basic-pension', '45-49', younger);
        enrol(streets[i].code, 'basic-pension', '55-59', older);
      });
      apportion(g.indexed('SOC-04', year, b.unemployment, sex), popWeights).forEach((count, i) => enrol(streets[i].code, 'unemployment', '35-39', count));
      apportion(g.indexed('SOC-05', year, b.workInjury, sex), popWeights).forEach((count, i) => enrol(streets[i].code, 'work-injury', '40-44', count));

      // Long-term care recipients (SOC-09, an index of the 2020 count).
      const ltc = g.indexed('SOC-09', year, residents(g, g.options.from, [sex], OLD_BANDS) * 0.01, sex);
      g.individuals(S, 'long-term-care-recipient', year, ltc, (_, r) => ({
        sex, ageBand: pickWeighted(r, OLD_BANDS, [5, 10, 15, 25, 25, 20]),
        attributes: { careSetting: pickWeighted(r, ['home', 'community', 'institution'], [60, 15, 25]), disabilityLevel: r.next() < 0.4 ? 'severe' : 'moderate' },
      }), { month });
    }

    // Street elderly-care centres (SOC-07): the share of the 17 streets with one operating rises with the plan.
    const operating = Math.min(streetOrder.length, Math.ceil((g.plan('SOC-07', year) * streetOrder.length) / 100 - 1e-9));
    streetOrder.forEach((street, i) =>
      g.add(S, 'elderly-service-centre', year, { area: street.code, month, attributes: { facilityLevel: 'street-centre', status: i < operating ? 'operating' : 'under-construction' } }),
    );
    for (const unit of g.district.units) {
      g.add(S, 'elderly-service-centre', year, { area: unit.code, month, attributes: { facilityLevel: 'community-station', status: 'operating' } });
    }

    // Destitute persons (SOC-08: centralised support among those unable to care for themselves), per sex.
    for (const sex of SEXES) {
      const destitute = Math.round(residents(g, year) * (sex === 'F' ? 0.00055 : 0.00065));
      const unable = Math.round(destitute * 0.35);
      const rng = g.rng(`social-security/destitute/${year}/${sex}`);
      const centralised = exactly(unable, g.portion('SOC-08', year, unable, sex), 'centralised', 'dispersed', rng);
      g.individuals(S, 'destitute-person-support', year, destitute, (i, r) => ({
        sex,
        ageBand: pickWeighted(r, OLD_BANDS, [10, 15, 20, 20, 20, 15]),
        attributes: i < unable ? { selfCareAbility: 'unable', supportMode: centralised[i] } : { selfCareAbility: r.next() < 0.5 ? 'partly-able' : 'able', supportMode: r.next() < 0.2 ? 'centralised' : 'dispersed' },
      }), { month });
    }

    const allowance = Math.round(residents(g, year) * 0.002);
    g.individuals(S, 'minimum-living-allowance', year, allowance, (_, r) => ({
      sex: (r.next() < 0.55 ? 'F' : 'M') as Sex,
      ageBand: pickWeighted(r, ['10-14', '30-34', '45-49', '60-64', '75-79'], [15, 15, 25, 25, 20]),
      attributes: { residenceType: r.next() < 0.9 ? 'urban' : 'rural', disabled: r.next() < 0.2 },
    }), { month });
  }
}
