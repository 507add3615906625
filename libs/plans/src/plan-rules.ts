import { UNITS, unitMaximum } from '@wdp/contracts';
import type { Comparator, Direction, IndicatorDefinition } from '@wdp/indicators';
import { NUMERIC_COMPARATORS, type PlanDocument, TOLERANCE_COMPARATORS, type PlanLevel, type PlanProblem, type PlanTarget } from './plan-document';

// The rules of a plan document that the schema cannot state: the ones that need the catalogue or compare
// fields. Each takes a document (or a target) the schema has already accepted and returns its problems.

/** What a plan's targets need to know about an indicator; the catalogue's entries (INDICATORS) fit it. */
export type CatalogueEntry = Pick<IndicatorDefinition, 'code' | 'unit' | 'direction' | 'sexDisaggregated' | 'reference'>;

const isNumeric = (comparator: Comparator) => NUMERIC_COMPARATORS.includes(comparator);
const unitLabel = (unit: string) => (unit in UNITS ? UNITS[unit as keyof typeof UNITS].nameEn : unit);

/** GB/T 2260: a province's code ends in 0000, a prefecture-level city's in 00, a county-level district's in neither. */
function levelOfArea(area: string): PlanLevel {
  if (area === '100000') return 'national';
  if (area.endsWith('0000')) return 'province';
  if (area.endsWith('00')) return 'city';
  return 'district';
}

export function documentProblems(doc: PlanDocument): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const { start, end } = doc.period;
  if (end < start) problems.push({ path: 'period.end', reason: `must not be before period.start (${start})` });
  if (doc.baselineYear >= start) problems.push({ path: 'baselineYear', reason: `must be before the period start (${start})` });
  const areaLevel = levelOfArea(doc.area);
  if (areaLevel !== doc.level) problems.push({ path: 'area', reason: `${doc.area} is the code of a ${areaLevel === 'national' ? 'country' : areaLevel} area, not of a ${doc.level} plan's` });
  return problems;
}

/** A target's value and valueStatus must say the same thing: a figure is official, a missing one says why. */
function valueProblems(t: PlanTarget, draft: boolean, at: string): PlanProblem[] {
  if (t.valueStatus === 'to-be-set') {
    if (!draft) return [{ path: `${at}.valueStatus`, reason: 'to-be-set is only for a draft plan: an adopted plan states each target or says why it has no value' }];
    return t.value === null ? [] : [{ path: `${at}.value`, reason: 'a to-be-set target has no value yet: set the value and make valueStatus official' }];
  }
  if (!isNumeric(t.comparator)) {
    if (t.value !== null) return [{ path: `${at}.value`, reason: `${t.comparator} is directional and takes no value (null, valueStatus not-applicable)` }];
    if (t.valueStatus !== 'not-applicable') return [{ path: `${at}.valueStatus`, reason: `a directional target (${t.comparator}) is not-applicable` }];
    return [];
  }
  if (t.value === null) {
    if (t.valueStatus === 'not-published') return [];
    return [{ path: `${at}.value`, reason: `${t.comparator} needs a value; null only with valueStatus not-published (no official figure found)${draft ? ' or to-be-set' : ''}` }];
  }
  if (t.valueStatus !== 'official') return [{ path: `${at}.valueStatus`, reason: `a target with a value is official, not ${t.valueStatus}` }];
  return [];
}

/** Where the value must lie for the indicator's unit: a percent within 0–100, a rate per 100,000 within 0–100,000. */
function rangeProblems(t: PlanTarget, unit: string, at: string): PlanProblem[] {
  const max = unitMaximum(unit);
  const problems: PlanProblem[] = [];
  const outside = (v: number) => !Number.isFinite(v) || v < 0 || v > max;
  if (t.value !== null && outside(t.value)) problems.push({ path: `${at}.value`, reason: `${t.value} is outside 0–${max}, the range of the indicator's unit (${unitLabel(unit)})` });
  if (t.tolerance !== undefined && (!Number.isFinite(t.tolerance) || t.tolerance > max)) {
    problems.push({ path: `${at}.tolerance`, reason: `${t.tolerance} is wider than the indicator's whole scale (0–${max} ${unitLabel(unit)})` });
  }
  if (t.baseline?.value != null && outside(t.baseline.value)) {
    problems.push({ path: `${at}.baseline.value`, reason: `${t.baseline.value} is outside 0–${max}, the range of the indicator's unit (${unitLabel(unit)})` });
  }
  return problems;
}

/** Directions a comparator contradicts: a plan cannot ask to raise what the indicator counts as worse when higher. */
const CONTRADICTED: Readonly<Partial<Record<Comparator, Direction>>> = {
  at_least: 'lower_is_better',
  increase: 'lower_is_better',
  coverage: 'lower_is_better',
  at_most: 'higher_is_better',
  decrease: 'higher_is_better',
};

/** Whether the comparator fits the indicator: its unit, its direction, and what the comparator needs of its data. */
function comparatorProblems(t: PlanTarget, indicator: CatalogueEntry, at: string): PlanProblem[] {
  const path = `${at}.comparator`;
  const problems: PlanProblem[] = [];
  if (CONTRADICTED[t.comparator] === indicator.direction) {
    problems.push({ path, reason: `${t.comparator} contradicts ${indicator.code}'s direction (${indicator.direction})` });
  }
  if (t.comparator === 'coverage' && indicator.unit !== 'percent') {
    problems.push({ path, reason: `coverage is a share of 100 %, and ${indicator.code} is in ${unitLabel(indicator.unit)}` });
  }
  if (t.comparator === 'gap_narrows' && !indicator.sexDisaggregated) {
    problems.push({ path, reason: `gap_narrows needs a female–male gap, and ${indicator.code} is not disaggregated by sex` });
  }
  if (t.comparator === 'parity' && !indicator.reference) {
    problems.push({ path, reason: `parity needs a reference value to reach, and ${indicator.code} has no reference formula` });
  }
  if (t.tolerance === undefined && t.comparator === 'about' && t.value !== null) {
    problems.push({ path: `${at}.tolerance`, reason: 'about needs a tolerance: the half-width of the band around the value' });
  }
  if (t.tolerance !== undefined && !TOLERANCE_COMPARATORS.includes(t.comparator)) {
    problems.push({ path: `${at}.tolerance`, reason: `only about, coverage and parity take a tolerance, not ${t.comparator}` });
  }
  return problems;
}

/** Everything wrong with one target of a schema-valid document, given the catalogue. */
export function targetProblems(doc: PlanDocument, index: number, catalogue: ReadonlyMap<string, CatalogueEntry>): PlanProblem[] {
  const t = doc.targets[index];
  const at = `targets[${index}]`;
  const problems: PlanProblem[] = [];
  const { start, end } = doc.period;
  if (t.targetYear < start || t.targetYear > end) {
    problems.push({ path: `${at}.targetYear`, reason: `${t.targetYear} is outside the plan period ${start}–${end}` });
  }
  if (t.baseline && t.baseline.year >= start) problems.push({ path: `${at}.baseline.year`, reason: `must be before the period start (${start})` });
  if (!t.source && doc.status === 'adopted') problems.push({ path: `${at}.source`, reason: 'an adopted plan cites the sentence that sets each target' });
  problems.push(...valueProblems(t, doc.status === 'draft', at));
  const indicator = catalogue.get(t.indicator);
  if (!indicator) return [...problems, { path: `${at}.indicator`, reason: `unknown indicator ${t.indicator}: the catalogue has no such code` }];
  return [...problems, ...comparatorProblems(t, indicator, at), ...rangeProblems(t, indicator.unit, at)];
}

/** Targets after the first for the same indicator and target year. */
export function duplicateProblems(targets: readonly Pick<PlanTarget, 'indicator' | 'targetYear'>[], only: ReadonlySet<number>): PlanProblem[] {
  const first = new Map<string, number>();
  const problems: PlanProblem[] = [];
  targets.forEach((t, i) => {
    if (!only.has(i)) return;
    const key = `${t.indicator} ${t.targetYear}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else problems.push({ path: `targets[${i}]`, reason: `duplicate target: ${t.indicator} for ${t.targetYear} is already targets[${earlier}]` });
  });
  return problems;
}
