import { GESTATION_STAGES, type Sex } from '@wdp/contracts';
import { apportion, type Rng } from '../prng';
import { bandsBetween, exactly, type Generator, labelled, pickWeighted } from '../generator';
import { deliveries, liveBirths, MOTHER_BANDS, MOTHER_WEIGHTS, residents } from './demography';

const D = 'health' as const;
const motherBand = (rng: Rng) => pickWeighted(rng, MOTHER_BANDS, MOTHER_WEIGHTS);
const residence = (rng: Rng) => (rng.next() < 0.18 ? 'migrant' : 'resident');
const WOMEN_35_64 = bandsBetween(35, 60);
const WOMEN_15_49 = bandsBetween(15, 45);

/** Facility counts of live births per community, by sex, mother's age and mode of delivery. */
function liveBirthRecords(g: Generator, year: number): void {
  const rng = g.rng(`health/live-birth/${year}`);
  const perUnit = apportion(liveBirths(g, year), g.district.unitWeights);
  const months = g.monthsOf(year);
  g.district.units.forEach((unit, u) => {
    const [boys, girls] = apportion(perUnit[u], [51.5, 48.5]);
    for (const [sex, n] of [['M', boys], ['F', girls]] as const) {
      const [vaginal, caesarean] = apportion(n, [62, 38]);
      for (const [mode, count] of [['vaginal', vaginal], ['caesarean', caesarean]] as const) {
        g.add(D, 'live-birth', year, {
          area: unit.code, month: months[rng.int(months.length)], sex, ageBand: motherBand(rng), count,
          attributes: { deliveryPlace: rng.next() < 0.995 ? 'hospital' : 'other-facility', deliveryMode: mode, residence: residence(rng) },
        });
      }
    }
  });
}

function pregnancyRecords(g: Generator, year: number): void {
  const pc = deliveries(g, year);
  const managed = Math.min(pc, g.portion('HEA-16', year, liveBirths(g, year)));
  const rng0 = g.rng(`health/pregnancy-completed/${year}/managed`);
  const flags = exactly(pc, managed, true, false, rng0);
  g.individuals(D, 'pregnancy-completed', year, pc, (i, rng) => {
    const ok = flags[i];
    const failure = rng.int(3);
    return {
      ageBand: motherBand(rng),
      attributes: {
        registeredFirstTrimester: ok || failure !== 0,
        prenatalVisits: ok ? 5 + rng.int(8) : failure === 1 ? 2 + rng.int(3) : 5 + rng.int(4),
        postpartumVisit: ok || failure !== 2,
        systematicallyManaged: ok,
        highRisk: rng.next() < 0.3,
        residence: residence(rng),
      },
    };
  });
  g.individuals(D, 'pregnancy-registration', year, Math.round(pc * 1.03), (_, rng) => ({
    ageBand: motherBand(rng),
    attributes: {
      gestationAtRegistration: pickWeighted(rng, ['first-trimester', 'second-trimester', 'third-trimester'], [80, 17, 3]),
      riskColour: pickWeighted(rng, ['green', 'yellow', 'orange', 'red', 'purple'], [55, 30, 10, 3, 2]),
      residence: residence(rng),
    },
  }));

  // Tests per infection: HEA-17/18/19 (tested / delivered); HEA-20 first-trimester share of all tests.
  const positivity = { hiv: 0.003, syphilis: 0.01, hbv: 0.03 } as const;
  for (const [infection, code] of [['hiv', 'HEA-17'], ['syphilis', 'HEA-18'], ['hbv', 'HEA-19']] as const) {
    const n = g.portion(code, year, pc);
    const rng = g.rng(`health/prenatal-infection-test/${year}/${infection}`);
    const early = g.portion('HEA-20', year, n);
    const stages = [...exactly(early, early, 'first-trimester', 'first-trimester', rng), ...labelled(n - early, GESTATION_STAGES.slice(1), [60, 25, 15], rng)];
    const positive = exactly(n, Math.round(n * positivity[infection]), 'positive', 'negative', rng);
    g.individuals(D, 'prenatal-infection-test', year, n, (i, r) => ({
      ageBand: motherBand(r),
      attributes: { infection, gestationAtTest: stages[i], result: positive[i] },
    }));
  }

  // Anaemia: HEA-13 is the share with any grade among tested women.
  const anaemic = g.portion('HEA-13', year, pc);
  const rngA = g.rng(`health/anaemia-test/${year}/grades`);
  const grades = [...labelled(anaemic, ['mild', 'moderate', 'severe'], [70, 25, 5], rngA), ...Array.from({ length: pc - anaemic }, () => 'none')];
  g.individuals(D, 'anaemia-test', year, pc, (i, rng) => ({
    ageBand: motherBand(rng),
    attributes: { gestationAtTest: pickWeighted(rng, GESTATION_STAGES, [30, 45, 20, 5]), anaemiaGrade: grades[i] },
  }));
}

/** Mothers with HIV or syphilis and their children: PMTCT care (HEA-21..28) and final infection status (HEA-08/09). */
function infectedMotherRecords(g: Generator, year: number): void {
  const pc = deliveries(g, year);
  const groups = [
    { infection: 'hiv', n: Math.max(4, Math.round(pc * 0.004)), intervention: { mother: 'HEA-21', child: 'HEA-22' }, treatment: { mother: 'HEA-25', child: 'HEA-26' } },
    { infection: 'syphilis', n: Math.max(6, Math.round(pc * 0.012)), intervention: { mother: 'HEA-23', child: 'HEA-24' }, treatment: { mother: 'HEA-27', child: 'HEA-28' } },
    { infection: 'hbv', n: Math.round(pc * 0.02), intervention: null, treatment: null },
  ] as const;
  for (const group of groups) {
    const n = Math.round(group.n);
    for (const subject of ['mother', 'child'] as const) {
      const rng = g.rng(`health/infected-mother-care/${year}/${group.infection}/${subject}`);
      const share = (code: string | undefined) => (code ? g.portion(code, year, n) : Math.round(n * 0.9));
      const prevented = exactly(n, share(group.intervention?.[subject]), true, false, rng);
      const treated = exactly(n, share(group.treatment?.[subject]), true, false, rng);
      g.individuals(D, 'infected-mother-care', year, n, (i) => ({
        attributes: { infection: group.infection, subject, preventiveIntervention: prevented[i], treated: treated[i] },
      }));
    }
  }
  // Children whose final status became known: all HIV- and syphilis-exposed children, and HBV-exposed ones.
  for (const [infection, exposed, code] of [
    ['hiv', Math.round(groups[0].n), 'HEA-08'],
    ['hbv', Math.round(pc * 0.03), 'HEA-09'],
    ['syphilis', Math.round(groups[1].n), undefined],
  ] as const) {
    const infected = code ? g.carried(`mtct/${infection}`, (g.plan(code, year) * exposed) / 100) : 0;
    const rng = g.rng(`health/mtct-outcome/${year}/${infection}`);
    const outcomes = exactly(exposed, infected, 'infected', 'not-infected', rng);
    g.individuals(D, 'mtct-outcome', year, exposed, (i, r) => ({ sex: (r.next() < 0.515 ? 'M' : 'F') as Sex, attributes: { infection, outcome: outcomes[i] } }));
  }
}

/** Maternal deaths and congenital syphilis are rare: expected counts are carried over so the long-run rate holds. */
function rareEvents(g: Generator, year: number): void {
  const births = liveBirths(g, year);
  const deaths = g.carried('maternal-death', (g.plan('HEA-02', year) * births) / 100_000);
  g.individuals(D, 'maternal-death', year, deaths, (_, rng) => ({
    ageBand: motherBand(rng),
    attributes: {
      causeGroup: pickWeighted(rng, ['obstetric-haemorrhage', 'hypertensive-disorder', 'amniotic-fluid-embolism', 'indirect'], [35, 25, 15, 25]),
      placeOfDeath: 'hospital',
      residence: residence(rng),
    },
  }));
  const cs = g.carried('congenital-syphilis', (g.plan('HEA-29', year) * births) / 100_000);
  g.individuals(D, 'congenital-syphilis-case', year, cs, (_, rng) => ({ sex: (rng.next() < 0.5 ? 'F' : 'M') as Sex, attributes: { residence: residence(rng) } }));
  const abortions = Math.round(((g.plan('HEA-05', year) * residents(g, year, ['F'], WOMEN_15_49)) / 1000));
  g.individuals(D, 'induced-abortion', year, abortions, (_, rng) => ({
    ageBand: pickWeighted(rng, WOMEN_15_49, [6, 20, 25, 22, 15, 9, 3]),
    attributes: {
      gestation: pickWeighted(rng, ['under-10-weeks', '10-13-weeks', '14-weeks-or-more'], [80, 15, 5]),
      repeat: rng.next() < 0.3,
      postAbortionContraception: rng.next() < 0.85,
    },
  }));
}

/**
 * Cervical (HEA-03) and breast (HEA-04) screening count women screened over five years against today's
 * women aged 35-64, so each year screens what keeps the five-year window on plan. The four years before
 * 2020 are generated too (at the 2020 pace): without them the 2020 window would be one year long.
 */
export function screeningRecords(g: Generator): void {
  for (const [kind, code, method, results] of [
    ['cervical-cancer-screening', 'HEA-03', ['cytology', 'hpv', 'hpv-and-cytology'], ['negative', 'abnormal-referred', 'precancer', 'cancer']],
    ['breast-cancer-screening', 'HEA-04', ['ultrasound', 'mammography', 'ultrasound-and-mammography'], ['negative', 'abnormal-referred', 'cancer']],
  ] as const) {
    const screened = new Map<number, number>();
    const first = g.options.from;
    const women = (y: number) => residents(g, y, ['F'], WOMEN_35_64);
    for (let y = first - 4; y < first; y++) screened.set(y, Math.round((g.plan(code, first) * women(first)) / 100 / 5));
    for (const year of g.years) {
      const window = [1, 2, 3, 4].reduce((s, k) => s + (screened.get(year - k) ?? 0), 0);
      const target = Math.round((g.plan(code, year) * women(year)) / 100);
      const n = Math.max(0, target - window);
      screened.set(year, n);
    }
    for (const [year, n] of screened) {
      const bandWeights = WOMEN_35_64.map((b) => g.district.population(g.district.district.code, Math.max(year, first), 'F', b));
      g.individuals(D, kind, year, n, (_, r) => ({
        ageBand: WOMEN_35_64[r.weighted(bandWeights)],
        attributes: {
          method: pickWeighted(r, method, [40, 35, 25]),
          result: pickWeighted(r, results, results.length === 4 ? [93, 5, 1.7, 0.3] : [95, 4.8, 0.2]),
          programme: r.next() < 0.7 ? 'public-free' : 'other',
        },
      }));
    }
  }
}

export function healthRecords(g: Generator): void {
  for (const year of g.years) {
    liveBirthRecords(g, year);
    pregnancyRecords(g, year);
    infectedMotherRecords(g, year);
    rareEvents(g, year);
  }
  screeningRecords(g);
}
