import { Injectable } from '@nestjs/common';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AssessmentRepository } from '../assessment/assessment.repository';
import { IndicatorStoreRepository } from '../indicator-store/indicator-store.repository';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { DisclosureService } from '../disclosure/disclosure.service';
import { SubYearValuesService } from '../evaluation/sub-year-values.service';
import type { AssessmentDetailQueryDto, AssessmentPageDto, AssessmentQueryDto, GenderGapPageDto, GenderGapQueryDto } from './dto/assessment.dto';
import type { AuditPageDto, IndicatorDetailDto, IndicatorListQueryDto, IndicatorPageDto } from './dto/indicator.dto';
import { pagingOf, type PageQueryDto } from '../paging';
import type { ValuePageDto, ValueQueryDto } from './dto/value.dto';
import { assessmentView, genderGapView, indicatorView, withInterval } from './views';

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

  async assessmentList(q: AssessmentQueryDto): Promise<AssessmentPageDto> {
    const paging = pagingOf(q);
    const codes = this.codesFor(q.indicator, q.domain);
    const { items, total } = await this.assessments.find(
      this.dataSource.manager,
      { indicatorCodes: codes, areaCode: q.area, sex: q.sex, status: q.status, alertKind: q.alertKind },
      paging.limit,
      paging.offset,
      true,
    );
    return countedPage(paging, total, items.map((r) => assessmentView(r, false)));
  }

  async assessmentsOf(code: string, q: AssessmentDetailQueryDto): Promise<AssessmentPageDto> {
    this.requireIndicator(code);
    const paging = pagingOf(q);
    const { items, total } = await this.assessments.find(this.dataSource.manager, { indicatorCodes: [code], areaCode: q.area, sex: q.sex }, paging.limit, paging.offset, true);
    return countedPage(paging, total, items.map((r) => assessmentView(r, true)));
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
