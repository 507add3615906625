import { Inject, Injectable, Logger } from '@nestjs/common';
import { METHODOLOGY_VERSION } from '@wdp/methodology';
import type { SexOrTotal } from '@wdp/contracts';
import { formulaForSex, type IndicatorDefinition, seriesSexes } from '@wdp/indicators';
import { DataSource, type EntityManager } from 'typeorm';
import type { FigureView } from '../facts/figure-view';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { type EvaluationContext, evaluateFormula, type YearlyValue } from '../evaluation/evaluate-formula';
import { EvaluationData } from '../evaluation/evaluation-data';
import { type EvaluationInputs, evaluationInputs } from '../evaluation/evaluation-inputs';
import { restsOnSmallCounts } from '../evaluation/small-numbers';
import { type FactRow, FactRepository } from '../facts/fact.repository';
import { ObservationRepository } from '../facts/observation.repository';
import type { TouchedInput } from '../facts/record-deltas';
import type { AssessedSex, AssessmentRow } from './assess-area';
import { type AssessedPair, AssessmentOutcomes } from './assessment-outcomes';
import { assessAsOf, lastCompleteYear } from './assessment-window';
import { AssessmentRepository, type IndicatorArea, type ValueRow } from './assessment.repository';
import { CLOCK, type Clock } from './clock';
import { activitySeries, boundedGroups, coalescePairs, needsEveryYear, type RecomputePair, recomputeFrom, seriesKey, type TouchedPair } from './recompute-scope';
import { type MissingDataDecision, missingDataDecisions, submissionSourcesOf, submissionStatusesOf } from './submission';

export interface RecomputeSummary {
  pairs: number;
  assessments: number;
  values: number;
  alertsRaised: number;
  alertsResolved: number;
  failed: string[];
}

/**
 * Every writer of alerts holds this from its decision to its commit, so the alert-event log's `seq` follows
 * commit order (its readers page by seq) and no alert is decided on alert state another writer is changing.
 */
const ASSESSMENT_LOCK = 'wdp.monitoring.assessment';
/** Held shared by writers of some pairs (settlers, which also lock each pair), exclusively by writers of any pair. */
const PAIRS_LOCK = 'wdp.monitoring.assessment-pairs';
/** The per-pair locks' key space (two-int advisory keys, apart from the one-bigint keys above). */
const PAIR_LOCK_CLASS = 'wdp.monitoring.assessment-pair';

/**
 * Evaluation and assessment orchestration: reads the facts and observations an indicator × area needs,
 * computes its yearly values by sex, assesses them with @wdp/methodology, stores the result and hands the
 * status changes on (AssessmentOutcomes: the alert decision). Incremental recomputation (per batch) and full recomputation run exactly
 * this code over different sets of pairs, so they cannot disagree.
 */
@Injectable()
export class AssessmentService {
  private readonly logger = new Logger(AssessmentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly facts: FactRepository,
    private readonly observations: ObservationRepository,
    private readonly assessments: AssessmentRepository,
    private readonly outcomes: AssessmentOutcomes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * For a writer that may touch any pair (full and target recomputes, batches that recompute themselves): waits
   * for the settlers deciding pairs, then excludes every other assessment and alert writer, across instances.
   */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [PAIRS_LOCK]);
    await this.lockAlerts(manager);
  }

  /** For a writer of alerts only (holds, submissions, people); `recompute` takes it before deciding alerts. */
  async lockAlerts(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ASSESSMENT_LOCK]);
  }

  /**
   * Locks those of these pairs no other transaction holds, until this one ends, and returns them: replicas
   * recompute disjoint pairs side by side, and a pair is never recomputed by two at once. Never waits for a
   * pair; waits only while a writer of every pair (`lock`) runs. A hash collision only costs concurrency.
   */
  async lockPairs(manager: EntityManager, pairs: readonly IndicatorArea[]): Promise<IndicatorArea[]> {
    if (pairs.length === 0) return [];
    await manager.query(`SELECT pg_advisory_xact_lock_shared(hashtext($1))`, [PAIRS_LOCK]);
    return manager.query(
      `SELECT indicator_code AS "indicatorCode", area_code AS "areaCode" FROM unnest($1::text[], $2::text[]) AS p (indicator_code, area_code)
        WHERE pg_try_advisory_xact_lock(hashtext($3), hashtext(indicator_code || ' ' || area_code))`,
      [pairs.map((p) => p.indicatorCode), pairs.map((p) => p.areaCode), PAIR_LOCK_CLASS],
    );
  }

  /**
   * The indicator × area pairs that changed fact inputs and return kinds can affect, each from the
   * earliest year a change to it names (null: every year).
   */
  pairsAffectedBy(touched: readonly (TouchedInput & { fromYear: number | null })[], returns: readonly { returnKind: string; areaCode: string; fromYear: number | null }[]): TouchedPair[] {
    const index = this.catalogue.index();
    const pairs: TouchedPair[] = [];
    for (const t of touched) for (const code of index.indicatorsUsingInput(t.inputKey)) pairs.push({ indicatorCode: code, areaCode: t.areaCode, fromYear: t.fromYear });
    const assessed = new Set(this.areas.assessedAreas().map((a) => a.code));
    for (const r of returns) {
      // Returns are not rolled up: one filed for a community changes no assessed area. One filed for an area above
      // the district changes that area's values alone (evaluatePair stores no assessment for it).
      if (!assessed.has(r.areaCode) && !this.areas.isAboveDistrict(r.areaCode)) continue;
      const [department, kind] = splitKind(r.returnKind);
      for (const code of index.indicatorsUsingReturnKind(department, kind)) pairs.push({ indicatorCode: code, areaCode: r.areaCode, fromYear: r.fromYear });
    }
    return coalescePairs(pairs);
  }

  allPairs(): IndicatorArea[] {
    const areas = this.areas.assessedAreas();
    return this.catalogue.list().flatMap((i) => areas.map((a) => ({ indicatorCode: i.code, areaCode: a.code })));
  }

  /**
   * Recomputes the given pairs inside the caller's transaction (which must hold `lock` or these pairs'
   * `lockPairs`; the alerts' lock is taken here, once the assessments are stored): their
   * assessments, and their values from `recomputeFrom` on — the year their data changed or the assessment
   * window, whichever is earlier; every year for a pair without `fromYear`. With `decideAlerts: false`
   * only values and assessments are stored; the alerts are left to AlertSettler.
   */
  async recompute(manager: EntityManager, pairs: readonly RecomputePair[], now: Date = this.clock(), decideAlerts = true): Promise<RecomputeSummary> {
    await this.catalogue.refresh(manager);
    const known = pairs.filter((p) => this.catalogue.find(p.indicatorCode));
    const summary: RecomputeSummary = { pairs: known.length, assessments: 0, values: 0, alertsRaised: 0, alertsResolved: 0, failed: [] };
    if (known.length === 0) return summary;
    const scoped = known.map((p) => ({ indicatorCode: p.indicatorCode, areaCode: p.areaCode, fromYear: recomputeFrom(this.catalogue.require(p.indicatorCode), p.fromYear) }));
    const out: Evaluated = { values: [], rows: [], assessed: [], done: [] };
    const everyYear = scoped.filter((p) => p.fromYear === null);
    for (const { from, since, pairs: group } of boundedGroups(scoped, (code) => this.catalogue.require(code))) {
      const { data, widen } = await this.loadRecent(manager, group, from, since);
      for (const pair of group) {
        if (widen.has(pair)) everyYear.push({ ...pair, fromYear: null });
        else this.evaluatePair(pair, data, now, out, summary);
      }
    }
    if (everyYear.length > 0) {
      const { data } = await this.read(manager, this.inputsOf(everyYear), null, new Set());
      for (const pair of everyYear) this.evaluatePair(pair, data, now, out, summary);
    }
    const { values, rows, assessed, done } = out;
    await this.assessments.replace(manager, done, values, rows);
    if (!decideAlerts) return { ...summary, assessments: rows.length, values: values.length };
    await this.lockAlerts(manager);
    const district = this.areas.district().code;
    const districtCodes = done.filter((p) => p.areaCode === district).map((p) => p.indicatorCode);
    const missingData = await this.submissionVerdicts(manager, districtCodes, now);
    const changes = await this.outcomes.hand(manager, { assessed, missingData, districtCode: district, scoped: true }, now);
    return { ...summary, assessments: rows.length, values: values.length, alertsRaised: changes.raised, alertsResolved: changes.resolved };
  }

  /** Evaluates and assesses one pair, its values from the pair's `fromYear` on, into `out`. */
  private evaluatePair(pair: TouchedPair, data: EvaluationData, now: Date, out: Evaluated, summary: RecomputeSummary): void {
    const indicator = this.catalogue.require(pair.indicatorCode);
    const { indicatorCode, areaCode, fromYear } = pair;
    try {
      const ctx = { data, areas: this.areas.index(), areaCode };
      // Years before fromYear may be missing from `data` (their values are partial then): left as stored.
      const recent = (ys: YearlyValue[]) => (fromYear === null ? ys : ys.filter((y) => y.year >= fromYear));
      const evaluated = evaluateSeries(indicator, ctx);
      const series = new Map([...evaluated.series].map(([sex, ys]) => [sex, recent(ys)]));
      // An area above the district has the figures its returns give, served and never assessed: the district's plan
      // is not its plan, so it raises no alert.
      const result = this.areas.isAboveDistrict(areaCode) ? undefined : this.assessSeries(indicator, areaCode, series, evaluated.reference && recent(evaluated.reference), now);
      for (const [sex, ys] of series) for (const y of ys) out.values.push({ indicatorCode, areaCode, sex, ...y });
      if (result) {
        const revision = this.catalogue.storedIndicator(indicator.code)?.revision ?? 0;
        for (const row of result.rows) out.rows.push({ ...row, indicatorCode, areaCode, catalogueRevision: revision, methodologyVersion: METHODOLOGY_VERSION });
        out.assessed.push({ indicatorCode, areaCode, transitions: result.transitions, assessedSexes: new Set(result.rows.map((r) => r.sex)) });
      }
      out.done.push(pair);
    } catch (err) {
      // One malformed definition must not stop every other indicator (nor dead-letter the events).
      summary.failed.push(`${indicatorCode}@${areaCode}: ${(err as Error).message}`);
      this.logger.error(`assessment of ${indicatorCode} in ${areaCode} failed: ${(err as Error).message}`);
    }
  }

  /**
   * The yearly values by sex (and the parity reference) of these pairs over every year, evaluated from the
   * stored facts and returns exactly as a recompute evaluates them — for assessing them under another plan's
   * targets, as of another year (plan-assessments/), or for the provisional view of values. Reads only; the
   * approved figures unless `view` is provisional (docs/approval.md).
   */
  async evaluate(manager: EntityManager, pairs: readonly IndicatorArea[], view: FigureView = 'approved'): Promise<Map<string, EvaluatedSeries>> {
    await this.catalogue.refresh(manager);
    const known = pairs.filter((p) => this.catalogue.find(p.indicatorCode));
    const out = new Map<string, EvaluatedSeries>();
    if (known.length === 0) return out;
    const { data } = await this.read(manager, this.inputsOf(known), null, new Set(), view);
    for (const p of known) out.set(pairKey(p), evaluateSeries(this.catalogue.require(p.indicatorCode), { data, areas: this.areas.index(), areaCode: p.areaCode }));
    return out;
  }

  /**
   * Assesses these (assessed) pairs on request from the figures of `view`, exactly as a recompute assesses them,
   * storing nothing and deciding no alert: the provisional view of assessments (docs/approval.md).
   */
  async assessOnRequest(manager: EntityManager, pairs: readonly IndicatorArea[], view: FigureView, now: Date = this.clock()): Promise<Map<string, AssessmentRow[]>> {
    const evaluated = await this.evaluate(manager, pairs, view);
    const out = new Map<string, AssessmentRow[]>();
    for (const p of pairs) {
      const data = evaluated.get(pairKey(p));
      if (!data || this.areas.isAboveDistrict(p.areaCode)) continue;
      out.set(pairKey(p), this.assessSeries(this.catalogue.require(p.indicatorCode), p.areaCode, data.series, data.reference, now).rows);
    }
    return out;
  }

  /** An assessed area's assessment as of the last complete year, its small-number series held back. */
  private assessSeries(indicator: IndicatorDefinition, areaCode: string, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>, reference: readonly YearlyValue[] | null, now: Date) {
    return assessAsOf(indicator, series, reference, lastCompleteYear(now), { smallNumbers: (assessed) => this.smallNumberSeries(indicator, areaCode, assessed) });
  }

  /** Recomputes every indicator in every assessed area, in one transaction. */
  async recomputeAll(now: Date = this.clock()): Promise<RecomputeSummary> {
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      await this.catalogue.refresh(manager);
      return this.recompute(manager, this.allPairs(), now);
    });
  }

  /** Below the district, the (assessed) series — and so the gap — that rest on fewer than k counted records. */
  smallNumberSeries(indicator: IndicatorDefinition, areaCode: string, series: ReadonlyMap<SexOrTotal, readonly YearlyValue[]>): Set<AssessedSex> {
    const held = new Set<AssessedSex>();
    if (areaCode === this.areas.district().code) return held;
    for (const [sex, values] of series) {
      if (restsOnSmallCounts(formulaForSex(indicator.definition, sex), values)) held.add(sex);
    }
    if (held.has('F') || held.has('M')) held.add('gap');
    return held;
  }

  /** The periodic missing-data check: every indicator's submissions at the district. */
  async checkSubmissions(now: Date = this.clock()): Promise<{ raised: number; resolved: number }> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockAlerts(manager);
      await this.catalogue.refresh(manager);
      const missingData = await this.submissionVerdicts(manager, this.catalogue.list().map((i) => i.code), now);
      const changes = await this.outcomes.hand(manager, { assessed: [], missingData, districtCode: this.areas.district().code, scoped: false }, now);
      return { raised: changes.raised, resolved: changes.resolved };
    });
  }

  /** The missing-data verdicts, at the district, of these indicators and every indicator sharing a source with them. */
  private async submissionVerdicts(manager: EntityManager, indicatorCodes: readonly string[], now: Date): Promise<MissingDataDecision[]> {
    if (indicatorCodes.length === 0) return [];
    // A shared source's alert stands on one indicator's slot: decide every indicator that shares a source with these.
    const waiting = this.waitingBySource();
    const codes = new Set(indicatorCodes);
    for (const code of indicatorCodes) for (const s of submissionSourcesOf(this.catalogue.require(code))) for (const c of waiting.get(s.key) ?? []) codes.add(c);
    const indicators = [...codes].map((c) => this.catalogue.require(c));
    const sources = indicators.flatMap(submissionSourcesOf);
    const district = this.areas.district().code;
    const inputKeys = [...new Set(sources.filter((s) => s.type === 'records').map((s) => s.key))];
    const returnKinds = [...new Set(sources.filter((s) => s.type === 'return').map((s) => s.key))];
    const months = await this.facts.latestMonths(manager, inputKeys, district);
    const received = await this.observations.receivedPeriods(manager, returnKinds, district);
    for (const [key, month] of months) received.set(key, [month]);
    const statuses = new Map(indicators.map((i) => [i.code, submissionStatusesOf(i, received, now)]));
    // An indicator none of whose sources ever reported has no verdict (nothing to raise or resolve), as before.
    return missingDataDecisions(statuses, waiting).filter((d) => d.worst || (statuses.get(d.indicatorCode)?.length ?? 0) > 0);
  }

  /** Source key → the codes of every catalogue indicator waiting for it. */
  private waitingBySource(): Map<string, string[]> {
    const waiting = new Map<string, string[]>();
    for (const indicator of this.catalogue.list()) for (const s of submissionSourcesOf(indicator)) waiting.set(s.key, [...(waiting.get(s.key) ?? []), indicator.code]);
    return waiting;
  }

  /**
   * Data for pairs recomputed from `from` on: facts and figures from `since`, the first year their values
   * read (a numerator window reaches back), and which activity numerators reported before `from`.
   * `widen`: the pairs to recompute over every year instead (see needsEveryYear).
   */
  private async loadRecent(manager: EntityManager, pairs: readonly TouchedPair[], from: number, since: number): Promise<{ data: EvaluationData; widen: Set<TouchedPair> }> {
    const areas = this.areas.index();
    const inputs = this.inputsOf(pairs);
    const watched = new Map(pairs.map((p) => [p, activitySeries(this.catalogue.require(p.indicatorCode), p.areaCode, areas)]));
    const series = [...new Set([...watched.values()].flat(2))].map((k) => {
      const [inputKey, areaCode] = k.split('\u0000');
      return { inputKey, areaCode };
    });
    const reported = await this.facts.reportedBefore(manager, series, inputs.snapshotKeys, from);
    const { data, factRows } = await this.read(manager, inputs, since, reported);
    const rowsFrom = new Set(factRows.filter((r) => r.year >= from).map((r) => seriesKey(r.inputKey, r.areaCode)));
    return { data, widen: new Set(pairs.filter((p) => needsEveryYear(watched.get(p)!, reported, rowsFrom))) };
  }

  private inputsOf(pairs: readonly IndicatorArea[]): EvaluationInputs {
    return evaluationInputs(
      pairs.map((p) => ({ indicator: this.catalogue.require(p.indicatorCode), areaCode: p.areaCode })),
      this.areas.index(),
    );
  }

  /** What the evaluation of `inputs` reads, from `since` on (null: every year); stored results read the approved view. */
  private async read(
    manager: EntityManager, inputs: EvaluationInputs, since: number | null, reportedEarlier: ReadonlySet<string>, view: FigureView = 'approved',
  ): Promise<{ data: EvaluationData; factRows: FactRow[] }> {
    // Sequential: both run on the transaction's single connection.
    const factRows = await this.facts.forEvaluation(manager, inputs.inputKeys, inputs.snapshotKeys, inputs.areaCodes, since, view);
    const figures = await this.observations.forEvaluation(manager, inputs.returnKinds, inputs.areaCodes, undefined, since, view);
    return { data: new EvaluationData(factRows, figures, new Set(inputs.snapshotKeys), reportedEarlier), factRows };
  }
}

export interface EvaluatedSeries {
  series: Map<SexOrTotal, YearlyValue[]>;
  reference: YearlyValue[] | null;
}

/** The key of a pair in `evaluate`'s answer. */
export const pairKey = (p: IndicatorArea): string => `${p.indicatorCode}\u0000${p.areaCode}`;

function evaluateSeries(indicator: IndicatorDefinition, ctx: EvaluationContext): EvaluatedSeries {
  const series = new Map<SexOrTotal, YearlyValue[]>();
  for (const sex of seriesSexes(indicator)) series.set(sex, evaluateFormula(formulaForSex(indicator.definition, sex), ctx));
  return { series, reference: indicator.reference ? evaluateFormula(indicator.reference, ctx) : null };
}

interface Evaluated {
  values: ValueRow[];
  rows: Parameters<AssessmentRepository['replace']>[3][number][];
  assessed: AssessedPair[];
  done: TouchedPair[];
}

function splitKind(returnKind: string): [string, string] {
  const i = returnKind.indexOf('/');
  return [returnKind.slice(0, i), returnKind.slice(i + 1)];
}
