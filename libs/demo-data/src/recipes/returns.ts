import { AGE_BANDS, RETURN_KINDS, type ReturnFigure, type ReturnKindDefinition, type Sex, UNITS } from '@wdp/contracts';
import { INDICATORS, isObservationRef, type IndicatorDefinition, type IndicatorFormula, type ObservationRef } from '@wdp/indicators';
import { type Generator, straight } from '../generator';
import { employees, schoolAge, SEXES } from './demography';
import { directionOf, type IndicatorPlan } from '../scenarios';

/** Size of the bodies whose women's share the plan follows (persons, all sexes). Institutions do not scale. */
const BODY_SIZE: Readonly<Record<string, number>> = {
  'party-members': 9000, 'party-congress-delegates': 300, 'people-congress-deputies': 260, 'people-congress-standing-committee': 36,
  'cppcc-members': 240, 'cppcc-standing-committee': 42, 'government-department-leadership': 130, 'government-department-chiefs': 46,
  'enterprise-board-members': 900, 'enterprise-supervisory-board-members': 420, 'enterprise-management': 1600,
  'workers-congress-delegates': 640, 'workers-congress-unit-employees': 24_000, 'village-two-committee-members': 36,
  'village-committee-chairs': 5, 'village-party-secretaries': 5, 'community-two-committee-members': 560, 'community-party-secretaries': 70,
  'community-party-organisation-members': 420, 'social-organisation-members': 3200, 'social-organisation-leaders': 260, 'cooperative-leaders': 80,
};
/** Women's share (%) of bodies that only serve as a parity reference. */
const REFERENCE_SHARE: Readonly<Record<string, number>> = { 'workers-congress-unit-employees': 42 };

/** Units counted by the coverage returns (facilities, schools, villages, sampled households or sites). */
const UNITS_COUNTED: Readonly<Record<string, number>> = {
  'tcm-community-facilities': 22, 'tcm-village-clinics': 5, 'gender-equality-education-schools': 64, 'public-institutions-with-women-leaders': 85,
  'villages-with-women-in-committees': 5, 'community-women-councils': 70, 'tap-water-coverage': 1200, 'drinking-water-source-quality': 400,
  'rural-sanitary-toilet-coverage': 600, 'rural-sanitary-toilet-use': 600, 'public-toilets-meeting-stall-ratio': 180,
};
/** Survey respondents per sex for survey shares. */
const SURVEY_SAMPLE: Readonly<Record<Sex, number>> = { F: 1500, M: 1400 };

const formulasOf = (i: IndicatorDefinition): IndicatorFormula[] => (i.reference ? [i.definition, i.reference] : [i.definition]);

/** The indicator whose women's share F/T is taken from this return kind, if any. */
function shareIndicatorOf(kind: string): IndicatorDefinition | undefined {
  return INDICATORS.find(
    (i) =>
      i.definition.type === 'ratio' &&
      isObservationRef(i.definition.numerator) && isObservationRef(i.definition.denominator) &&
      i.definition.numerator.returnKind === kind && i.definition.numerator.sex === 'F' &&
      (i.definition.denominator as ObservationRef).returnKind === kind,
  );
}

function observationIndicatorOf(kind: string): IndicatorDefinition | undefined {
  return INDICATORS.find((i) => formulasOf(i).some((f) => f.type === 'observation' && f.return.kind === kind));
}

/** A figure with numerator and denominator whose value matches them. */
function ratioFigure(sex: Sex | 'T', numerator: number, denominator: number, factor: number): ReturnFigure {
  // Full precision: a rounded value would add noise the fluctuation check reads as movement.
  return { sex, value: (numerator / denominator) * factor, numerator, denominator };
}

/**
 * Every statistical return kind, each complete year, from the plan: population denominators for the
 * district and each street, head counts whose women's share follows the plan, survey values by sex and
 * coverage shares. The kind of the `missing_recent` scenario skips its last year.
 */
export function returnsOf(g: Generator, plans: Map<string, IndicatorPlan>): string[] {
  const notes: string[] = [];
  const lastYear = g.returnYears[g.returnYears.length - 1];
  const skip = new Set<string>();
  for (const plan of plans.values()) {
    if (plan.scenario !== 'missing_recent') continue;
    const ind = INDICATORS.find((i) => i.code === plan.code)!;
    if (ind.definition.type === 'observation') skip.add(`${ind.definition.return.kind}/${lastYear}`);
  }
  const district = g.district.district.code;
  const areas = [district, ...g.district.streets.map((s) => s.code)];
  for (const def of RETURN_KINDS) {
    for (const year of g.returnYears) {
      if (skip.has(`${def.kind}/${year}`)) {
        notes.push(`${def.department}/${def.kind} ${year} deliberately not submitted (missing-data scenario)`);
        continue;
      }
      const period = String(year);
      const put = (area: string, figures: ReturnFigure[]) => g.addReturn({ department: def.department, kind: def.kind, area, period, unit: def.unit, figures });
      const population = populationFigures(g, def, year);
      if (population) {
        for (const area of areas) put(area, population(area));
        continue;
      }
      const figures = planFigures(g, def, year, plans);
      if (figures) put(district, figures);
      else notes.push(`${def.department}/${def.kind}: no indicator uses it, not generated`);
    }
  }
  return [...new Set(notes)];
}

function populationFigures(g: Generator, def: ReturnKindDefinition, year: number): ((area: string) => ReturnFigure[]) | undefined {
  const fmt = (bySex: (sex: Sex) => number): ReturnFigure[] => {
    const f = bySex('F');
    const m = bySex('M');
    return [{ sex: 'F', value: f }, { sex: 'M', value: m }, { sex: 'T', value: f + m }];
  };
  switch (def.kind) {
    case 'resident-population':
      return (area) => {
        const figures = fmt((sex) => g.district.populationOf(area, year, [sex]));
        for (const band of AGE_BANDS) figures.push(...fmt((sex) => g.district.population(area, year, sex, band)).map((f) => ({ ...f, ageBand: band })));
        return figures;
      };
    case 'school-age-population-primary':
      return (area) => fmt((sex) => schoolAge(g, area, year, sex, 'primary'));
    case 'school-age-population-junior-secondary':
      return (area) => fmt((sex) => schoolAge(g, area, year, sex, 'junior-secondary'));
    case 'school-age-population-senior-secondary':
      return (area) => fmt((sex) => schoolAge(g, area, year, sex, 'senior-secondary'));
    case 'employee-headcount':
      return (area) => fmt((sex) => employees(g, area, year, sex));
    default:
      return undefined;
  }
}

function planFigures(g: Generator, def: ReturnKindDefinition, year: number, plans: Map<string, IndicatorPlan>): ReturnFigure[] | undefined {
  const factor = UNITS[def.unit].factor;
  const share = shareIndicatorOf(def.kind);
  const refShare = REFERENCE_SHARE[def.kind];
  if (share || refShare !== undefined) {
    const total = BODY_SIZE[def.kind] ?? 100;
    const women = Math.round(((share ? plans.get(share.code)!.value(year, 'F') : refShare) * total) / 100);
    return [{ sex: 'F', value: women }, { sex: 'M', value: total - women }, { sex: 'T', value: total }];
  }
  const ind = observationIndicatorOf(def.kind);
  if (!ind) return undefined;
  const plan = plans.get(ind.code)!;
  const dir = directionOf(ind);
  if (!def.sexes.includes('F')) {
    const units = UNITS_COUNTED[def.kind] ?? 200;
    const met = straight(plan, dir, year, (y) => (plan.value(y, 'F') * units) / factor, 0);
    return [ratioFigure('T', Math.max(0, Math.min(units, met)), units, factor)];
  }
  if (def.unit === 'persons') {
    const [f, m] = SEXES.map((sex) => Math.round(plan.value(year, sex)));
    return [{ sex: 'F', value: f }, { sex: 'M', value: m }, { sex: 'T', value: f + m }];
  }
  if (def.hasNumeratorDenominator) {
    // Survey shares use the sample; rates per 100,000 use the resident population of each sex.
    const perPopulation = factor >= 1000;
    const base = (sex: Sex) => (perPopulation ? g.district.populationOf(g.district.district.code, year, [sex]) : SURVEY_SAMPLE[sex]);
    const count = (sex: Sex) =>
      perPopulation ? Math.round((plan.value(year, sex) * base(sex)) / factor) : straight(plan, dir, year, (y) => (plan.value(y, sex) * base(sex)) / factor, 0);
    const cells = SEXES.map((sex) => ({ sex, numerator: Math.max(0, Math.min(base(sex), count(sex))), denominator: base(sex) }));
    const total = { numerator: cells[0].numerator + cells[1].numerator, denominator: cells[0].denominator + cells[1].denominator };
    return [...cells.map((c) => ratioFigure(c.sex, c.numerator, c.denominator, factor)), ratioFigure('T', total.numerator, total.denominator, factor)];
  }
  const [f, m] = SEXES.map((sex) => straight(plan, dir, year, (y) => plan.value(y, sex), 2));
  return [{ sex: 'F', value: f }, { sex: 'M', value: m }, { sex: 'T', value: (f + m) / 2 }];
}
