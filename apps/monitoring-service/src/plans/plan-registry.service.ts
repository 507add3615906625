import { Injectable } from '@nestjs/common';
import type { PlanDocument } from '@wdp/plans';
import { DataSource } from 'typeorm';
import { type PlanAuditRow, type PlanFilter, PlanRegistryRepository, type PlanSummary, type PlanVersionInfo } from './plan-registry.repository';

export type { PlanAuditRow, PlanFilter, PlanSummary, PlanVersionInfo } from './plan-registry.repository';

/**
 * The plans as stored, for reading: what the query API serves and what other parts of the service (per-plan
 * assessments, the dashboard, reports) build on. Versions are immutable, so a document read here never changes;
 * the latest version of a plan can. Writes are PlanImportService's.
 */
@Injectable()
export class PlanRegistryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: PlanRegistryRepository,
  ) {}

  /** Every plan matching the filter, as its latest version describes it; higher levels first. */
  async list(filter: PlanFilter = {}): Promise<PlanSummary[]> {
    return (await this.repo.list(this.dataSource.manager, filter)).items;
  }

  /** One page of `list`, with the number of plans matching. */
  page(filter: PlanFilter, limit: number, offset: number): Promise<{ items: PlanSummary[]; total: number }> {
    return this.repo.list(this.dataSource.manager, filter, limit, offset);
  }

  summary(id: string): Promise<PlanSummary | undefined> {
    return this.repo.summary(this.dataSource.manager, id);
  }

  /** A plan's document: the given version, or the latest; undefined when there is no such plan or version. */
  get(id: string, version?: number): Promise<PlanDocument | undefined> {
    return this.repo.document(this.dataSource.manager, id, version);
  }

  /** The latest version of every plan with a target on the indicator, national first, district last. */
  plansTargeting(indicatorCode: string): Promise<PlanDocument[]> {
    return this.repo.targeting(this.dataSource.manager, indicatorCode);
  }

  /** A plan's versions, oldest first (empty for an unknown plan). */
  versions(id: string): Promise<PlanVersionInfo[]> {
    return this.repo.versions(this.dataSource.manager, id);
  }

  /** A plan's audit trail, newest first. */
  audit(id: string, limit: number, offset: number): Promise<{ items: PlanAuditRow[]; total: number }> {
    return this.repo.audit(this.dataSource.manager, id, limit, offset);
  }
}
