import { Inject, Injectable } from '@nestjs/common';
import { METHODOLOGY_VERSION } from '@wdp/methodology';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AssessmentRepository } from '../assessment/assessment.repository';
import { AssessmentService, pairKey } from '../assessment/assessment.service';
import { CLOCK, type Clock } from '../assessment/clock';
import { heldCellCount } from '../facts/figure-view';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreRepository } from '../indicator-store/indicator-store.repository';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { DisclosureService } from '../disclosure/disclosure.service';
import { SubYearValuesService } from '../evaluation/sub-year-values.service';
import type { AssessmentDetailQueryDto, AssessmentPageDto, AssessmentQueryDto, GenderGapPageDto, GenderGapQueryDto } from './dto/assessment.dto';
import type { AuditPageDto, IndicatorDetailDto, IndicatorListQueryDto, IndicatorPageDto } from './dto/indicator.dto';
import { pagingOf, type PageQueryDto } from '../paging';
import type { ValuePageDto, ValueQueryDto } from './dto/value.dto';
import { assessmentOrder, assessmentView, flagProvisional, genderGapView, indicatorView, withInterval } from './views';

/** Read side of the API: catalogue, values, assessments and gender gaps, paged (alerts: AlertQueryService). */
@Injectable()
export class QueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: IndicatorStoreService,
    private readonly catalogueRepo: IndicatorStoreRepository,
    private readonly assessments: AssessmentRepository,
    private readonly subYear: SubYearValuesService,
    private readonly disclosure: DisclosureService,
    private readonly evaluation: AssessmentService,
    private readonly areas: AreaService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async indicators(q: IndicatorListQueryDto): Promise<IndicatorPageDto> {
    await this.catalogue.refresh(this.dataSource.manager);
    const paging = pagingOf(q);
    const matching = this.catalogue
      .list()
      .filter((i) => (!q.domain || i.domain === q.domain) && (!q.department || i.department === q.department) && (!q.comparator || i.comparator === q.comparator))
      .sort((a, b) => a.code.localeCompare(b.code));
    const items = matching.slice(paging.offset, paging.offset + paging.limit).map((i) => indicatorView(i, this.catalogue.storedIndicator(i.code)));
    return countedPage(paging, matching.length, items);
  }

  async indicator(code: string): Promise<IndicatorDetailDto> {
    await this.catalogue.refresh(this.dataSource.manager);
    const def = this.requireIndicator(code);
    const targetHistory = await this.catalogueRepo.history(this.dataSource.manager, code);
    return { ...indicatorView(def, this.catalogue.storedIndicator(code)), targetHistory };
  }

  async audit(code: string, q: PageQueryDto): Promise<AuditPageDto> {
    this.requireIndicator(code);
    const paging = pagingOf(q);
    const { items, total } = await this.catalogueRepo.audit(this.dataSource.manager, code, paging.limit, paging.offset);
    return countedPage(paging, total, items);
  }

  /** Values as published: cells from fewer than k records suppressed (with their complements) unless `unsuppressed`. */
  async values(q: ValueQueryDto, unsuppressed = false): Promise<ValuePageDto> {
    if (q.view === 'provisional') return this.provisionalValues(q, unsuppressed);
    return { ...(await this.approvedValues(q, unsuppressed)), view: 'approved' };
  }

  private async approvedValues(q: ValueQueryDto, unsuppressed: boolean): Promise<Omit<ValuePageDto, 'view'>> {
    const paging = pagingOf(q);
    if (q.period && q.period.length > 4) {
      const all = await this.subYear.values(q.period, { indicatorCode: q.indicator, areaCode: q.area, sex: q.sex });
      const published = unsuppressed ? all : this.disclosure.publishInMemory(all);
      return countedPage(
        paging,
        all.length,
        published
          .slice(paging.offset, paging.offset + paging.limit)
          .map((v) => withInterval({ ...v, unit: this.catalogue.find(v.indicatorCode)?.unit ?? '' }, this.catalogue.find(v.indicatorCode)?.factor)),
      );
    }
    const year = q.period ? Number(q.period) : undefined;
    const { items, total } = await this.assessments.values(
      this.dataSource.manager,
      { indicatorCode: q.indicator, areaCode: q.area, sex: q.sex, fromYear: year ?? q.from, toYear: year ?? q.to },
      paging.limit,
      paging.offset,
    );
    const rows = items.map(({ year: y, ...v }) => ({ ...v, period: String(y), unit: this.catalogue.find(v.indicatorCode)?.unit ?? '' }));
    // After suppression: a withheld cell has no counts, so it gets no interval that could reveal them.
    const published = unsuppressed ? rows : await this.disclosure.publishYearly(rows);
    return countedPage(paging, total, published.map((v) => withInterval(v, this.catalogue.find(v.indicatorCode)?.factor)));
  }

  /**
   * The provisional view: one indicator's yearly values from everything received, approved or not, evaluated on
   * request exactly as a recompute evaluates them (docs/approval.md). Every assessed area is evaluated, so small
   * numbers are suppressed with their complements across areas and sexes as in the stored values.
   */
  private async provisionalValues(q: ValueQueryDto, unsuppressed: boolean): Promise<ValuePageDto> {
    const errors = [];
    if (!q.indicator) errors.push({ field: 'indicator', reason: 'is required with view=provisional (computed on request, one indicator at a time)' });
    if (q.period && q.period.length > 4) errors.push({ field: 'period', reason: 'view=provisional has yearly values only: YYYY' });
    if (errors.length) throw ProblemException.validation(errors, 'The query has invalid parameters.');
    const indicator = this.requireIndicator(q.indicator!);
    const paging = pagingOf(q);
    // The areas above the district too: their figures are their returns', never a roll-up of the district's.
    const areas = [...this.areas.assessedAreas(), ...this.areas.areasAbove()].map((a) => a.code);
    const pairs = areas.map((areaCode) => ({ indicatorCode: indicator.code, areaCode }));
    const evaluated = await this.evaluation.evaluate(this.dataSource.manager, pairs, 'provisional');
    const from = q.period ? Number(q.period) : q.from;
    const to = q.period ? Number(q.period) : q.to;
    const all = pairs.flatMap((p) => [...(evaluated.get(pairKey(p))?.series ?? [])].flatMap(([sex, years]) =>
      years.map((y) => ({ indicatorCode: p.indicatorCode, areaCode: p.areaCode, sex, period: String(y.year), value: y.value, numerator: y.numerator, denominator: y.denominator }))));
    const published = (unsuppressed ? all : this.disclosure.publishInMemory(all))
      .filter((v) => (!q.area || v.areaCode === q.area) && (!q.sex || v.sex === q.sex) && (from === undefined || Number(v.period) >= from) && (to === undefined || Number(v.period) <= to))
      .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.sex.localeCompare(b.sex) || a.period.localeCompare(b.period));
    const page = published.slice(paging.offset, paging.offset + paging.limit).map((v) => withInterval({ ...v, unit: indicator.unit }, indicator.factor));
    return { ...countedPage(paging, published.length, page), view: 'provisional' };
  }

  async assessmentList(q: AssessmentQueryDto): Promise<AssessmentPageDto> {
    const codes = this.codesFor(q.indicator, q.domain);
    if (q.view === 'provisional') return this.provisionalAssessments(codes, q, false);
    const paging = pagingOf(q);
    const { items, total } = await this.assessments.find(
      this.dataSource.manager,
      { indicatorCodes: codes, areaCode: q.area, sex: q.sex, status: q.status, alertKind: q.alertKind },
      paging.limit,
      paging.offset,
      true,
    );
    return { ...countedPage(paging, total, items.map((r) => assessmentView(r, false))), view: 'approved', heldCells: await heldCellCount(this.dataSource.manager) };
  }

  async assessmentsOf(code: string, q: AssessmentDetailQueryDto): Promise<AssessmentPageDto> {
    this.requireIndicator(code);
    if (q.view === 'provisional') return this.provisionalAssessments([code], q, true);
    const paging = pagingOf(q);
    const { items, total } = await this.assessments.find(this.dataSource.manager, { indicatorCodes: [code], areaCode: q.area, sex: q.sex }, paging.limit, paging.offset, true);
    return { ...countedPage(paging, total, items.map((r) => assessmentView(r, true))), view: 'approved', heldCells: await heldCellCount(this.dataSource.manager) };
  }

  /**
   * The provisional view: these indicators assessed on request in the assessed areas from everything received,
   * approved or not, by the recompute's own assessment (AssessmentService.assessOnRequest), with the same filters and
   * order as the stored ones; each row flagged where it differs from the official row.
   */
  private async provisionalAssessments(
    codes: readonly string[] | undefined,
    q: PageQueryDto & { area?: string; sex?: string; status?: string; alertKind?: string },
    withComponents: boolean,
  ): Promise<AssessmentPageDto> {
    const manager = this.dataSource.manager;
    await this.catalogue.refresh(manager);
    const paging = pagingOf(q);
    const indicators = (codes ?? this.catalogue.list().map((i) => i.code)).filter((c) => this.catalogue.find(c));
    const areas = this.areas.assessedAreas().map((a) => a.code).filter((a) => q.area === undefined || a === q.area);
    const pairs = indicators.flatMap((indicatorCode) => areas.map((areaCode) => ({ indicatorCode, areaCode })));
    const now = this.clock();
    const assessed = await this.evaluation.assessOnRequest(manager, pairs, 'provisional', now);
    const rows = pairs
      .flatMap((p) => (assessed.get(pairKey(p)) ?? []).map((r) => assessmentView({
        ...p, ...r, alertKinds: [...r.alertKinds], methodologyVersion: METHODOLOGY_VERSION,
        catalogueRevision: this.catalogue.storedIndicator(p.indicatorCode)?.revision ?? 0, computedAt: now.toISOString(),
      }, true)))
      .filter((r) => (!q.sex || r.sex === q.sex) && (!q.status || r.status === q.status) && (!q.alertKind || r.alertKinds.includes(q.alertKind)))
      .sort(assessmentOrder);
    const { items: stored } = await this.assessments.find(manager, { indicatorCodes: indicators, areaCode: q.area, sex: q.sex }, 100_000, 0, true);
    const flagged = flagProvisional(rows, stored.map((r) => assessmentView(r, true)));
    const page = flagged.slice(paging.offset, paging.offset + paging.limit).map(({ components, ...r }) => (withComponents ? { ...r, components } : r));
    return { ...countedPage(paging, flagged.length, page), view: 'provisional', heldCells: await heldCellCount(manager) };
  }

  async genderGaps(q: GenderGapQueryDto): Promise<GenderGapPageDto> {
    const paging = pagingOf(q);
    const codes = this.codesFor(q.indicator, undefined);
    const status = q.trend;
    // Gap rows of explicit gap indicators carry a progress status; their trend is filtered in memory.
    const { items } = await this.assessments.find(this.dataSource.manager, { indicatorCodes: codes, areaCode: q.area, sex: 'gap' }, 100_000, 0, true);
    const gaps = items.map(genderGapView).filter((g) => !status || g.trend === status);
    return countedPage(paging, gaps.length, gaps.slice(paging.offset, paging.offset + paging.limit));
  }

  private codesFor(indicator: string | undefined, domain: string | undefined): string[] | undefined {
    if (indicator) return [indicator];
    if (domain) return this.catalogue.list().filter((i) => i.domain === domain).map((i) => i.code);
    return undefined;
  }

  private requireIndicator(code: string) {
    const def = this.catalogue.find(code);
    if (!def) throw new ProblemException(problem(404, `No indicator with code ${code} in the catalogue.`));
    return def;
  }
}
