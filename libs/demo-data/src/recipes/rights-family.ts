import type { Sex } from '@wdp/contracts';
import { apportion, type Rng } from '../prng';
import { exactly, type Generator, labelled, pickWeighted } from '../generator';
import { ADULT_BANDS, residents, SEXES } from './demography';

const R = 'rights-protection' as const;
const RELATIONSHIPS = ['spouse', 'former-spouse', 'cohabiting-partner', 'parent', 'child', 'other-family'];
const adult = (r: Rng) => pickWeighted(r, ADULT_BANDS, [8, 14, 18, 18, 14, 12, 9, 7]);

/** Cases solved (or handled) out of all cases: `status` is `solved` for exactly the planned share. */
function solvedCases(g: Generator, kind: string, year: number, sex: Sex, n: number, solved: number, extra: (r: Rng) => Record<string, string | boolean>): void {
  const rng = g.rng(`${R}/${kind}/${year}/${sex}/status`);
  const status = [...exactly(solved, solved, 'solved', 'solved', rng), ...labelled(n - solved, ['filed', 'closed-unsolved'], [60, 40], rng)];
  g.individuals(R, kind, year, n, (i, r) => ({ sex, ageBand: adult(r), attributes: { status: status[i], ...extra(r) } }));
}

export function rightsProtectionRecords(g: Generator): void {
  const district = g.district.district.code;
  const scale = g.options.scale;
  for (const year of g.years) {
    for (const sex of SEXES) {
      const women = g.district.populationOf(district, year, [sex]);
      // Domestic violence reports per 100,000 (LAW-02) and warning letters per report (LAW-03).
      const reports = Math.round(((g.plan('LAW-02', year, sex) * women) / 100_000));
      g.individuals(R, 'domestic-violence-report', year, reports, (_, r) => ({
        sex, ageBand: adult(r),
        attributes: { reportChannel: pickWeighted(r, ['police-call', 'mandatory-report', 'womens-federation', 'community-grid', 'other'], [60, 10, 15, 10, 5]), relationship: pickWeighted(r, RELATIONSHIPS, [60, 10, 10, 5, 10, 5]) },
      }));
      const letters = g.portion('LAW-03', year, reports, sex);
      g.individuals(R, 'warning-letter', year, letters, (_, r) => ({ sex, ageBand: adult(r), attributes: { relationship: pickWeighted(r, RELATIONSHIPS, [65, 10, 10, 5, 5, 5]) } }));
      // Protection orders (LAW-04): granted among granted + rejected; some applications are withdrawn.
      const applications = Math.max(1, Math.round(reports * 0.3));
      const decided = Math.round(applications * 0.9);
      const rng = g.rng(`${R}/protection-order-decision/${year}/${sex}`);
      const decisions = [...exactly(decided, g.portion('LAW-04', year, decided, sex), 'granted', 'rejected', rng), ...Array.from({ length: applications - decided }, () => 'withdrawn')];
      g.individuals(R, 'protection-order-application', year, applications, (_, r) => ({ sex, ageBand: adult(r), attributes: { applicant: pickWeighted(r, ['victim', 'relative', 'womens-federation', 'police'], [70, 10, 10, 10]) } }));
      g.individuals(R, 'protection-order-decision', year, applications, (i, r) => ({ sex, ageBand: adult(r), attributes: { decision: decisions[i], hoursToDecision: 24 + r.int(48) } }));
      // Sexual harassment per 100,000 (LAW-07).
      const harassment = Math.round(((g.plan('LAW-07', year, sex) * women) / 100_000));
      g.individuals(R, 'sexual-harassment-case', year, harassment, (_, r) => ({
        sex, ageBand: adult(r),
        attributes: {
          setting: pickWeighted(r, ['workplace', 'school', 'public-place', 'online', 'other'], [40, 10, 25, 20, 5]),
          handling: pickWeighted(r, ['criminal-case', 'administrative-penalty', 'employer-discipline', 'mediated', 'pending'], [10, 40, 20, 20, 10]),
          abuseOfAuthority: r.next() < 0.2,
        },
      }));
      // Legal aid for women (LAW-09, an index of the 2020 count).
      const aid = Math.round(g.indexed('LAW-09', year, residents(g, g.options.from, [sex]) * 0.002, sex));
      g.individuals(R, 'legal-aid-case', year, aid, (_, r) => ({
        sex, ageBand: adult(r),
        attributes: { caseType: pickWeighted(r, ['criminal', 'civil', 'administrative', 'non-litigation'], [20, 60, 5, 15]), matter: pickWeighted(r, ['marriage-family', 'domestic-violence', 'labour', 'property', 'personal-injury', 'other'], [35, 10, 25, 10, 10, 10]) },
      }));
    }
    // Case clearance among women victims (LAW-05, 06, 08); men's cases are few and not planned.
    solvedCases(g, 'trafficking-case', year, 'F', Math.round(8 * scale), g.portion('LAW-05', year, Math.round(8 * scale)), (r) => ({ victimRescued: r.next() < 0.9 }));
    solvedCases(g, 'sexual-assault-case', year, 'F', Math.round(14 * scale), g.portion('LAW-06', year, Math.round(14 * scale)), (r) => ({ victimDisabled: r.next() < 0.05 }));
    const offence = (r: Rng) => ({ offenceType: pickWeighted(r, ['insult-defamation', 'sexual-harassment', 'privacy-breach', 'fraud', 'obscene-content'], [25, 25, 20, 20, 10]) });
    solvedCases(g, 'cyber-offence-case', year, 'F', Math.round(24 * scale), g.portion('LAW-08', year, Math.round(24 * scale)), offence);
    solvedCases(g, 'cyber-offence-case', year, 'M', Math.round(10 * scale), Math.round(Math.round(10 * scale) * 0.4), offence);
    // 12338 hotline (LAW-10: handled in time).
    const calls = Math.round(residents(g, year) * 0.002);
    const rng = g.rng(`${R}/hotline-12338-case/${year}`);
    const inTime = exactly(calls, g.portion('LAW-10', year, calls), true, false, rng);
    g.individuals(R, 'hotline-12338-case', year, calls, (i, r) => ({
      sex: (r.next() < 0.85 ? 'F' : 'M') as Sex, ageBand: adult(r),
      attributes: {
        matter: pickWeighted(r, ['domestic-violence', 'marriage-family', 'labour', 'property', 'sexual-harassment', 'consultation'], [15, 35, 15, 10, 5, 20]),
        handling: pickWeighted(r, ['resolved', 'referred', 'in-progress'], [70, 25, 5]),
        handledInTime: inTime[i],
      },
    }));
  }
}

const F = 'family' as const;

export function familyRecords(g: Generator): void {
  const district = g.district.district.code;
  const educationBase = residents(g, g.options.from) * 0.05;
  for (const year of g.years) {
    const month = g.snapshotMonth(year);
    const weights = g.district.streets.map((s) => g.district.populationOf(s.code, year));
    // Childcare places per 1,000 residents (FAM-03), by street and provider.
    const places = Math.round((g.plan('FAM-03', year) * g.district.populationOf(district, year)) / 1000);
    apportion(places, weights).forEach((n, i) => {
      const parts = apportion(n, [30, 35, 10, 15, 10]);
      (['public', 'private', 'employer', 'community', 'kindergarten-nursery-class'] as const).forEach((providerType, k) =>
        g.add(F, 'childcare-places', year, { area: g.district.streets[i].code, month, count: parts[k], attributes: { providerType, affordable: providerType !== 'private' } }),
      );
    });
    // Mediation (FAM-02): agreement among cases with an outcome; withdrawn and pending cases are excluded.
    for (const sex of SEXES) {
      const n = Math.round(residents(g, year) * (sex === 'F' ? 0.0013 : 0.0007));
      const concluded = Math.round(n * 0.9);
      const rng = g.rng(`family/mediation/${year}/${sex}`);
      const agreed = g.portion('FAM-02', year, concluded, sex);
      const outcomes = [...exactly(agreed, agreed, 'agreement-reached', 'agreement-reached', rng), ...labelled(concluded - agreed, ['not-resolved', 'referred-to-court'], [60, 40], rng), ...labelled(n - concluded, ['withdrawn', 'pending'], [50, 50], rng)];
      g.individuals(F, 'family-dispute-mediation', year, n, (i, r) => ({
        sex, ageBand: pickWeighted(r, ADULT_BANDS, [5, 12, 18, 18, 15, 12, 10, 10]),
        attributes: {
          disputeType: pickWeighted(r, ['marital', 'divorce-property', 'maintenance-support', 'custody', 'inheritance', 'elder-support', 'domestic-violence-related'], [30, 15, 10, 10, 10, 15, 10]),
          outcome: outcomes[i],
          mediator: pickWeighted(r, ['peoples-mediation-committee', 'court-linked', 'womens-federation', 'community'], [40, 15, 20, 25]),
        },
      }));
    }
    // Family education (FAM-04 participants, an index; FAM-05 fathers' share), two activities per community.
    const participants = Math.round(g.indexed('FAM-04', year, educationBase));
    const fathers = Math.round((g.plan('FAM-05', year) * participants) / 100);
    const rng = g.rng(`family/family-education-service/${year}`);
    const months = g.monthsOf(year);
    for (const [sex, total] of [['F', participants - fathers], ['M', fathers]] as const) {
      apportion(total, g.district.unitWeights).forEach((n, u) => {
        apportion(n, [55, 45]).forEach((count, k) =>
          g.add(F, 'family-education-service', year, {
            area: g.district.units[u].code, month: months[(u * 2 + k) % months.length], sex, count,
            attributes: {
              serviceType: k === 0 ? 'parent-school-class' : pickWeighted(rng, ['guidance-session', 'consultation', 'online-course', 'home-visit'], [40, 20, 30, 10]),
              provider: pickWeighted(rng, ['family-education-centre', 'school', 'community', 'womens-federation'], [20, 40, 25, 15]),
            },
          }),
        );
      });
    }
  }
}
