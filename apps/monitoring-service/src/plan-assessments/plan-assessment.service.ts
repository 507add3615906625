import { Inject, Injectable } from '@nestjs/common';
import type { IndicatorDefinition } from '@wdp/indicators';
import { METHODOLOGY_VERSION } from '@wdp/methodology';
import { countedPage, type CountedPage, problem, ProblemException } from '@wdp/platform';
import type { PlanDocument, PlanTarget } from '@wdp/plans';
import { DataSource } from 'typeorm';
import { assessPlanTarget, type EvaluationPoint, evaluationYear, type PlanTargetAssessment, yearWithinPeriod } from '../assessment/assess-plan-target';
import { lastCompleteYear } from '../assessment/assessment-window';
import { AssessmentService, type EvaluatedSeries, pairKey } from '../assessment/assessment.service';
import { CLOCK, type Clock } from '../assessment/clock';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { pagingOf } from '../paging';
import { MONITORED_PLAN_ID } from '../plans/monitored-plan';
import { PlanRegistryService } from '../plans/plan-registry.service';
import { type FigureView, heldCellCount } from '../facts/figure-view';
import { requirePlan } from '../plans/plans.controller';
import { assessmentSummary, differsFromOfficial } from '../query/views';
import type {
  IndicatorPlanAssessmentQueryDto,
  IndicatorPlanAssessmentsDto,
  PlanAssessmentQueryDto,
  PlanAreaValuesDto,
  PlanAssessmentRowDto,
  PlanRefDto,
  PlanTargetAssessmentDto,
} from './dto/plan-assessment.dto';

interface TargetInArea {
  indicator: IndicatorDefinition;
  target: PlanTarget;
  areaCode: string;
}

/**
 * Every plan's targets assessed on the district's values as of an evaluation year (assessPlanTarget), read on
 * demand: nothing is stored and no alert is decided here — alerts stay with the monitored plan's stored
 * assessments, so a draft or another level's plan never raises one.
 */
@Injectable()
export class PlanAssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PlanRegistryService,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly assessments: AssessmentService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One plan's targets × assessed areas, paged, as of `q.asOf`. */
  async ofPlan(id: string, q: PlanAssessmentQueryDto): Promise<CountedPage<PlanTargetAssessmentDto> & { plan: PlanRefDto; asOf: number; methodologyVersion: string; view: FigureView; heldCells: number }> {
    const plan = await requirePlan(this.registry, id, q.version);
    const asOf = this.asOfIn(plan, q.asOf);
    await this.catalogue.refresh(this.dataSource.manager);
    if (q.indicator !== undefined) this.requireIndicator(q.indicator);
    const areaCodes = q.area !== undefined ? [this.requireArea(q.area)] : this.areas.assessedAreas().map((a) => a.code);
    const targets = plan.targets
      .filter((t) => (q.indicator === undefined || t.indicator === q.indicator) && this.catalogue.find(t.indicator))
      .sort((a, b) => a.indicator.localeCompare(b.indicator) || a.targetYear - b.targetYear);
    const all: TargetInArea[] = targets.flatMap((target) => areaCodes.map((areaCode) => ({ indicator: this.catalogue.require(target.indicator), target, areaCode })));
    const paging = pagingOf(q);
    const page = all.slice(paging.offset, paging.offset + paging.limit);
    const view = q.view ?? 'approved';
    const options = { sex: q.sex, components: q.components === true };
    const official = await this.assess(plan, page, asOf, options, 'approved');
    const items = view === 'provisional' ? flagProvisionalTargets(await this.assess(plan, page, asOf, options, 'provisional'), official) : official;
    const heldCells = await heldCellCount(this.dataSource.manager);
    return { ...countedPage(paging, all.length, items), plan: planRef(plan), asOf, methodologyVersion: METHODOLOGY_VERSION, view, heldCells };
  }

  /** One indicator × area under every plan targeting it, side by side: national first, district last. */
  async ofIndicator(code: string, q: IndicatorPlanAssessmentQueryDto): Promise<IndicatorPlanAssessmentsDto> {
    await this.catalogue.refresh(this.dataSource.manager);
    const indicator = this.requireIndicator(code);
    const areaCode = q.area !== undefined ? this.requireArea(q.area) : this.areas.district().code;
    const asOf = q.asOf ?? lastCompleteYear(this.clock());
    const plans = await this.registry.plansTargeting(code);
    const items: IndicatorPlanAssessmentsDto['items'] = [];
    // The plans' own areas above the district are evaluated with it: their values come from their returns alone.
    const planAreas = [...new Set(plans.map((p) => p.area).filter((a) => this.areas.isAboveDistrict(a)))];
    const evaluated = await this.assessments.evaluate(this.dataSource.manager, [areaCode, ...planAreas].map((a) => ({ indicatorCode: code, areaCode: a })));
    for (const plan of plans) {
      // A plan is judged at the year asked for, within its own period: its final year once the period is over.
      const planAsOf = yearWithinPeriod(plan, asOf);
      const planArea = this.areas.isAboveDistrict(plan.area) ? planAreaValues(plan.area, evaluated.get(pairKey({ indicatorCode: code, areaCode: plan.area })), planAsOf) : null;
      for (const target of plan.targets.filter((t) => t.indicator === code).sort((a, b) => a.targetYear - b.targetYear)) {
        const [item] = this.assessEvaluated(plan, [{ indicator, target, areaCode }], planAsOf, evaluated, { components: true });
        items.push({ plan: planRef(plan), asOf: planAsOf, ...item, planArea });
      }
    }
    return { indicatorCode: code, areaCode, asOf, methodologyVersion: METHODOLOGY_VERSION, items };
  }

  private async assess(plan: PlanDocument, page: readonly TargetInArea[], asOf: number, view: { sex?: string; components: boolean }, figures: FigureView): Promise<PlanTargetAssessmentDto[]> {
    const pairs = [...new Map(page.map((p) => [pairKey({ indicatorCode: p.indicator.code, areaCode: p.areaCode }), { indicatorCode: p.indicator.code, areaCode: p.areaCode }])).values()];
    const evaluated = await this.assessments.evaluate(this.dataSource.manager, pairs, figures);
    return this.assessEvaluated(plan, page, asOf, evaluated, view);
  }

  private assessEvaluated(plan: PlanDocument, page: readonly TargetInArea[], asOf: number, evaluated: ReadonlyMap<string, EvaluatedSeries>, view: { sex?: string; components: boolean }): PlanTargetAssessmentDto[] {
    // The years that are over: a year still arriving is partial, and is assessed once it is over (window.to says which).
    const through = Math.min(asOf, lastCompleteYear(this.clock()));
    return page.map(({ indicator, target, areaCode }) => {
      const data = evaluated.get(pairKey({ indicatorCode: indicator.code, areaCode })) ?? { series: new Map(), reference: null };
      const result = assessPlanTarget(indicator, plan, target, data.series, data.reference, through, {
        smallNumbers: (assessed) => this.assessments.smallNumberSeries(indicator, areaCode, assessed),
      });
      return { indicatorCode: indicator.code, areaCode, target: targetRef(plan, target), window: result.window, status: result.status, rows: rowsOf(result, view) };
    });
  }

  /** The evaluation year asked for, within the plan's period; by default the last year that is over. */
  private asOfIn(plan: PlanDocument, asked: string | undefined): number {
    const { start, end } = plan.period;
    if (asked === 'mid-term' || asked === 'final') return evaluationYear(plan, asked as EvaluationPoint);
    if (asked === undefined) return yearWithinPeriod(plan, lastCompleteYear(this.clock()));
    const year = Number(asked);
    if (year < start || year > end) {
      const reason = `must be a year of the plan's period, ${start}–${end} (or mid-term, final)`;
      throw new ProblemException(problem(422, `asOf ${year} is outside ${plan.id}'s period ${start}–${end}.`, { errors: [{ field: 'asOf', reason }] }));
    }
    return year;
  }

  private requireIndicator(code: string): IndicatorDefinition {
    const def = this.catalogue.find(code);
    if (!def) throw new ProblemException(problem(404, `No indicator with code ${code} in the catalogue.`, { errors: [{ field: 'indicator', reason: 'is not in the catalogue' }] }));
    return def;
  }

  private requireArea(code: string): string {
    if (!this.areas.assessedAreas().some((a) => a.code === code)) {
      throw new ProblemException(problem(404, `Area ${code} is not assessed: the district and its streets are.`, { errors: [{ field: 'area', reason: 'is not an assessed area' }] }));
    }
    return code;
  }
}

/** An area's values by sex and year up to `asOf`, as evaluated (nothing when no return was filed for it). */
export function planAreaValues(areaCode: string, evaluated: EvaluatedSeries | undefined, asOf: number): PlanAreaValuesDto {
  const values = [...(evaluated?.series ?? [])]
    .flatMap(([sex, years]) => years.filter((y) => y.year <= asOf).map((y) => ({ sex, year: y.year, value: y.value })))
    .sort((a, b) => a.sex.localeCompare(b.sex) || a.year - b.year);
  return { areaCode, values };
}

/**
 * The provisional assessments of a page of targets, each row with `provisional: true` where it differs from the
 * approved row of the same target, area and sex (differsFromOfficial): what data not yet approved changes.
 */
export function flagProvisionalTargets(provisional: readonly PlanTargetAssessmentDto[], approved: readonly PlanTargetAssessmentDto[]): PlanTargetAssessmentDto[] {
  return provisional.map((item, i) => {
    const official = new Map(approved[i].rows.map((r) => [r.sex, r]));
    return {
      ...item,
      rows: item.rows.map((r) => ({ ...r, provisional: differsFromOfficial(r, official.get(r.sex)) })),
    };
  });
}

function planRef(plan: PlanDocument): PlanRefDto {
  return {
    id: plan.id,
    version: plan.version,
    status: plan.status,
    level: plan.level,
    area: plan.area,
    name: plan.name,
    period: plan.period,
    monitored: plan.id === MONITORED_PLAN_ID && plan.status === 'adopted',
  };
}

function targetRef(plan: PlanDocument, t: PlanTarget): PlanTargetAssessmentDto['target'] {
  return {
    comparator: t.comparator,
    value: t.value,
    valueStatus: t.valueStatus,
    tolerance: t.tolerance ?? null,
    targetYear: t.targetYear,
    baseline: { year: t.baseline?.year ?? plan.baselineYear, value: t.baseline?.value ?? null },
  };
}

function rowsOf(result: PlanTargetAssessment, view: { sex?: string; components: boolean }): PlanAssessmentRowDto[] {
  return result.rows
    .filter((r) => view.sex === undefined || r.sex === view.sex)
    .map((r) => ({ sex: r.sex, year: r.year, status: r.status, summary: assessmentSummary(r.components), ...(view.components ? { components: r.components } : {}) }));
}
