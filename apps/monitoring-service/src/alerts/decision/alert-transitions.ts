import { ALERT_KINDS, type AlertKind, METHODOLOGY_VERSION } from '@wdp/methodology';
import type { SlotTransition } from '../alert-plan';
import type { AssessmentComponents, SeriesTransitions } from '../../assessment/assess-area';
import type { MissingDataDecision } from '../../assessment/submission';

/** What an alert of `kind` carries: the part of the calculation that decided it, and the series. */
export function alertComponentsFor(kind: AlertKind, c: AssessmentComponents): unknown {
  const base = { methodologyVersion: c.methodologyVersion, series: c.series, ...(c.referenceValue !== undefined ? { referenceValue: c.referenceValue } : {}) };
  switch (kind) {
    case 'fluctuating':
      return { ...base, fluctuation: c.fluctuation };
    case 'gap_widening':
      return { ...base, gap: c.gap, progress: c.progress };
    default:
      return {
        ...base,
        status: c.progress?.status ?? null,
        reason: c.progress?.reason ?? null,
        notes: c.progress?.notes ?? [],
        components: c.progress?.components ?? null,
        projection: c.progress?.projection ?? null,
        evidence: c.progress?.evidence ?? null,
      };
  }
}

export function slotTransitionsOf(indicatorCode: string, areaCode: string, series: readonly SeriesTransitions[]): SlotTransition[] {
  return series.flatMap((s) => [
    ...s.raise.map((kind) => ({ indicatorCode, areaCode, sex: s.sex, kind, action: 'raise' as const, components: alertComponentsFor(kind, s.components), assessmentStatus: s.status })),
    ...s.resolve.map((kind) => ({ indicatorCode, areaCode, sex: s.sex, kind, action: 'resolve' as const, components: alertComponentsFor(kind, s.components), assessmentStatus: s.status })),
  ]);
}

/**
 * Missing data is a property of the submissions, not of one sex: its slot is sex T at the district. The
 * alert names every overdue source it stands for and the indicators each one blocks (missingDataDecisions);
 * a slot whose overdue sources are all reported on another indicator's slot resolves.
 */
export function missingDataTransition(districtCode: string, decision: MissingDataDecision): SlotTransition {
  const { worst } = decision;
  const sources = decision.sources.map((s) => ({ source: s.source, frequency: s.frequency, lastReceived: s.lastReceived, missing: s.check.missing, daysOverdue: s.check.daysOverdue, blocks: s.blocks }));
  return {
    indicatorCode: decision.indicatorCode,
    areaCode: districtCode,
    sex: 'T',
    kind: 'missing_data',
    action: worst ? 'raise' : 'resolve',
    components: worst
      ? { methodologyVersion: worst.check.methodologyVersion, source: worst.source, frequency: worst.frequency, lastReceived: worst.lastReceived, submission: worst.check, sources, blocks: [...new Set(decision.sources.flatMap((s) => s.blocks))].sort() }
      : { methodologyVersion: METHODOLOGY_VERSION, ...(decision.reportedOn.length ? { reportedOn: decision.reportedOn } : {}) },
    assessmentStatus: worst ? 'overdue' : decision.reportedOn.length ? 'overdue_reported_elsewhere' : 'received',
  };
}

/**
 * Keeps the raises for the areas warnings are raised in (`district`: the district only; `all`: every
 * assessed area). Resolutions always pass, so narrowing the scope never strands an open alert.
 */
export function alertsInScope(transitions: readonly SlotTransition[], scope: 'district' | 'all', districtCode: string): SlotTransition[] {
  if (scope === 'all') return [...transitions];
  return transitions.filter((t) => t.action === 'resolve' || t.areaCode === districtCode);
}

const ASSESSED_SEXES = ['F', 'M', 'T', 'gap'] as const;

/**
 * Resolutions for the slots of a pair that are no longer assessed (a methodology or catalogue change
 * stopped assessing a sex), so no alert is left open that nothing will ever resolve. Missing data and late
 * datasets are judged separately and keep their own slots.
 */
export function orphanResolutions(indicatorCode: string, areaCode: string, assessedSexes: ReadonlySet<string>): SlotTransition[] {
  return ASSESSED_SEXES.filter((sex) => !assessedSexes.has(sex)).flatMap((sex) =>
    ALERT_KINDS.filter((kind) => kind !== 'missing_data' && kind !== 'late_dataset').map((kind) => ({
      indicatorCode,
      areaCode,
      sex,
      kind,
      action: 'resolve' as const,
      components: { methodologyVersion: METHODOLOGY_VERSION, reason: 'no_longer_assessed' },
      assessmentStatus: 'not_assessed',
    })),
  );
}
