import { Inject, Injectable, Logger } from '@nestjs/common';
import { METHODOLOGY_VERSION } from '@wdp/assessment';
import type { SexOrTotal } from '@wdp/contracts';
import type { IndicatorDefinition } from '@wdp/indicators';
import { SERVICE_CONFIG } from '@wdp/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MonitoringServiceConfig } from '../config';
import type { SlotTransition } from '../alerts/alert-plan';
import { AlertService } from '../alerts/alert.service';
import { AreaService } from '../catalogue/area.service';
import { CatalogueService } from '../catalogue/catalogue.service';
import { formulaForSex, seriesSexes } from '../catalogue/formula-sex';
import { evaluateFormula, type YearlyValue } from '../evaluation/evaluate-formula';
import { EvaluationData } from '../evaluation/evaluation-data';
import { evaluationInputs } from '../evaluation/evaluation-inputs';
import { restsOnSmallCounts } from '../evaluation/small-numbers';
import { FactRepository } from '../facts/fact.repository';
import { ObservationRepository } from '../facts/observation.repository';
import type { TouchedInput } from '../facts/record-deltas';
import { type AssessedSex, assessArea } from './assess-area';
import { assessedYears } from './assessment-window';
import { alertsInScope, orphanResolutions, slotTransitionsOf, submissionTransition } from './alert-transitions';
import { AssessmentRepository, type IndicatorArea, type ValueRow } from './assessment.repository';
import { CLOCK, type Clock } from './clock';
import { submissionSourcesOf, submissionStatusOf } from './submission';

export interface RecomputeSummary {
  pairs: number;
  assessments: number;
  values: number;
  alertsRaised: number;
  alertsResolved: number;
  failed: string[];
}

/** One lock for every transaction that writes assessments or alerts, so they never race each other. */
const ASSESSMENT_LOCK = 'wdp.monitoring.assessment';

/**
 * Evaluation and assessment orchestration: reads the facts and observations an indicator × area needs,
 * computes its yearly values by sex, assesses them with @wdp/assessment, stores the result and turns
 * status changes into alerts. Incremental recomputation (per batch) and full recomputation run exactly
 * this code over different sets of pairs, so they cannot disagree.
 */
@Injectable()
export class AssessmentService {
  private readonly logger = new Logger(AssessmentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly areas: AreaService,
    private readonly facts: FactRepository,
    private readonly observations: ObservationRepository,
    private readonly assessments: AssessmentRepository,
    private readonly alerts: AlertService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  /** Serialises assessment writers (consumer batches, the submission job, admin recomputes) across instances. */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ASSESSMENT_LOCK]);
  }

  /** The indicator × area pairs that changed fact inputs and return kinds can affect. */
  pairsAffectedBy(touched: readonly TouchedInput[], returns: readonly { returnKind: string; areaCode: string }[]): IndicatorArea[] {
    const index = this.catalogue.index();
    const pairs = new Map<string, IndicatorArea>();
    const add = (indicatorCode: string, areaCode: string) => pairs.set(`${indicatorCode}\u0000${areaCode}`, { indicatorCode, areaCode });
    for (const t of touched) for (const code of index.indicatorsUsingInput(t.inputKey)) add(code, t.areaCode);
    const assessed = new Set(this.areas.assessedAreas().map((a) => a.code));
    for (const r of returns) {
      // Returns are not rolled up: one filed for a community changes no assessed area.
      if (!assessed.has(r.areaCode)) continue;
      const [department, kind] = splitKind(r.returnKind);
      for (const code of index.indicatorsUsingReturnKind(department, kind)) add(code, r.areaCode);
    }
    return [...pairs.values()];
  }

  allPairs(): IndicatorArea[] {
    const areas = this.areas.assessedAreas();
    return this.catalogue.list().flatMap((i) => areas.map((a) => ({ indicatorCode: i.code, areaCode: a.code })));
  }

  /**
   * Recomputes the given pairs inside the caller's transaction (which must hold the lock). With
   * `decideAlerts: false` only values and assessments are stored; the alerts are left to AlertSettler.
   */
  async recompute(manager: EntityManager, pairs: readonly IndicatorArea[], now: Date = this.clock(), decideAlerts = true): Promise<RecomputeSummary> {
    await this.catalogue.refresh(manager);
    const known = pairs.filter((p) => this.catalogue.find(p.indicatorCode));
    const summary: RecomputeSummary = { pairs: known.length, assessments: 0, values: 0, alertsRaised: 0, alertsResolved: 0, failed: [] };
    if (known.length === 0) return summary;
    const data = await this.loadData(manager, known);
    const values: ValueRow[] = [];
    const rows: Parameters<AssessmentRepository['replace']>[3][number][] = [];
    const transitions: SlotTransition[] = [];
    const stored = new Set<string>();
    for (const pair of known) {
      const indicator = this.catalogue.require(pair.indicatorCode);
      try {
        const ctx = { data, areas: this.areas.index(), areaCode: pair.areaCode };
        const series = new Map<SexOrTotal, YearlyValue[]>();
        for (const sex of seriesSexes(indicator)) series.set(sex, evaluateFormula(formulaForSex(indicator.definition, sex), ctx));
        const reference = indicator.reference ? evaluateFormula(indicator.reference, ctx) : null;
        const assessed = new Map([...series].map(([sex, ys]) => [sex, assessedYears(ys, indicator, now)]));
        const result = assessArea(indicator, assessed, reference && assessedYears(reference, indicator, now), {
          smallNumbers: this.smallNumberSeries(indicator, pair.areaCode, assessed),
        });
        for (const [sex, ys] of series) for (const y of ys) values.push({ ...pair, sex, ...y });
        const revision = this.catalogue.storedIndicator(indicator.code)?.revision ?? 0;
        for (const row of result.rows) rows.push({ ...row, ...pair, catalogueRevision: revision, methodologyVersion: METHODOLOGY_VERSION });
        transitions.push(...slotTransitionsOf(pair.indicatorCode, pair.areaCode, result.transitions));
        transitions.push(...orphanResolutions(pair.indicatorCode, pair.areaCode, new Set(result.rows.map((r) => r.sex))));
        stored.add(`${pair.indicatorCode}\u0000${pair.areaCode}`);
      } catch (err) {
        // One malformed definition must not stop every other indicator (nor dead-letter the events).
        summary.failed.push(`${pair.indicatorCode}@${pair.areaCode}: ${(err as Error).message}`);
        this.logger.error(`assessment of ${pair.indicatorCode} in ${pair.areaCode} failed: ${(err as Error).message}`);
      }
    }
    const done = known.filter((p) => stored.has(`${p.indicatorCode}\u0000${p.areaCode}`));
    await this.assessments.replace(manager, done, values, rows);
    if (!decideAlerts) return { ...summary, assessments: rows.length, values: values.length };
    const district = this.areas.district().code;
    const districtCodes = done.filter((p) => p.areaCode === district).map((p) => p.indicatorCode);
    transitions.push(...(await this.submissionTransitions(manager, districtCodes, now)));
    const changes = await this.alerts.apply(manager, alertsInScope(transitions, this.config.ALERT_AREAS, district), now);
    return { ...summary, assessments: rows.length, values: values.length, alertsRaised: changes.raised, alertsResolved: changes.resolved };
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
  private smallNumberSeries(indicator: IndicatorDefinition, areaCode: string, series: ReadonlyMap<SexOrTotal, YearlyValue[]>): Set<AssessedSex> {
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
      await this.lock(manager);
      await this.catalogue.refresh(manager);
      const transitions = await this.submissionTransitions(manager, this.catalogue.list().map((i) => i.code), now);
      const changes = await this.alerts.apply(manager, transitions, now);
      return { raised: changes.raised, resolved: changes.resolved };
    });
  }

  private async submissionTransitions(manager: EntityManager, indicatorCodes: readonly string[], now: Date): Promise<SlotTransition[]> {
    if (indicatorCodes.length === 0) return [];
    const indicators = indicatorCodes.map((c) => this.catalogue.require(c));
    const sources = indicators.flatMap(submissionSourcesOf);
    const district = this.areas.district().code;
    const inputKeys = [...new Set(sources.filter((s) => s.type === 'records').map((s) => s.key))];
    const returnKinds = [...new Set(sources.filter((s) => s.type === 'return').map((s) => s.key))];
    const months = await this.facts.latestMonths(manager, inputKeys, district);
    const received = await this.observations.receivedPeriods(manager, returnKinds, district);
    for (const [key, month] of months) received.set(key, [month]);
    return indicators.flatMap((indicator) => {
      const status = submissionStatusOf(indicator, received, now);
      return status ? [submissionTransition(indicator.code, district, status)] : [];
    });
  }

  private async loadData(manager: EntityManager, pairs: readonly IndicatorArea[]): Promise<EvaluationData> {
    const inputs = evaluationInputs(
      pairs.map((p) => ({ indicator: this.catalogue.require(p.indicatorCode), areaCode: p.areaCode })),
      this.areas.index(),
    );
    // Sequential: both run on the transaction's single connection.
    const facts = await this.facts.forEvaluation(manager, inputs.inputKeys, inputs.snapshotKeys, inputs.areaCodes);
    const figures = await this.observations.forEvaluation(manager, inputs.returnKinds, inputs.areaCodes);
    return new EvaluationData(facts, figures, new Set(inputs.snapshotKeys));
  }

}

function splitKind(returnKind: string): [string, string] {
  const i = returnKind.indexOf('/');
  return [returnKind.slice(0, i), returnKind.slice(i + 1)];
}
