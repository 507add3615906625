import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { METHODOLOGY_VERSION } from '@wdp/methodology';
import { problem, ProblemException, SERVICE_CONFIG } from '@wdp/platform';
import type { PlanDocument } from '@wdp/plans';
import { DataSource } from 'typeorm';
import { datasetTallies } from '../completeness/completeness';
import { CompletenessService } from '../completeness/completeness.service';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { MONITORED_PLAN_ID, withTargetsInForce } from '../plans/monitored-plan';
import { PlanRegistryService } from '../plans/plan-registry.service';
import type { MonitoringServiceConfig } from '../config';
import { assembleReport } from './assemble-report';
import { contentHashOf, dataRevisionOf } from './report-hash';
import { type ReportInput, type ReportKind } from './report-input';
import { reportApprovalState, reportDatasets, reportViolation } from './report-governance';
import { evaluationYear, planDefinitions } from './report-plan';
import { ReportRepository, type ReportSnapshot, type ReportSnapshotMeta } from './report.repository';

export interface RegenerationResult {
  id: string;
  identical: boolean;
  storedContentHash: string;
  regeneratedContentHash: string;
  methodologyVersion: string;
  currentMethodologyVersion: string;
}

/**
 * Generates frozen report snapshots: reads what the report needs in one repeatable-read transaction
 * (a consistent picture even while events arrive), stores that input with the assembled report, and
 * regenerates a report from its stored input on demand to show the numbers are reproducible.
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportRepository,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly completeness: CompletenessService,
    private readonly plans: PlanRegistryService,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  /**
   * The plan the district is monitored against, as the registry holds it, with the targets in force (the
   * indicator table, their one home), so a report judges what /v1/assessments judges.
   */
  async monitoredPlan(): Promise<PlanDocument> {
    const doc = await this.plans.get(MONITORED_PLAN_ID);
    if (!doc) throw new ProblemException(problem(503, `The monitored plan ${MONITORED_PLAN_ID} is not in the plan registry yet; it is seeded at start.`));
    return withTargetsInForce(doc, new Map(this.catalogue.list().map((d) => [d.code, d])));
  }

  /**
   * Freezes a report of a plan (by default the monitored district plan): an annual report of any year, or
   * the plan's mid-term or final evaluation, whose year follows from the plan's period.
   */
  async generate(kind: ReportKind, requestedYear: number | undefined, generatedBy: string, now = new Date(), requestedPlan?: PlanDocument): Promise<ReportSnapshotMeta> {
    const plan = requestedPlan ?? (await this.monitoredPlan());
    const year = kind === 'annual' ? requestedYear : evaluationYear(kind, plan.period)!;
    if (year === undefined) throw new ProblemException(problem(422, 'An annual report needs a year.', { errors: [{ field: 'year', reason: 'is required for an annual report' }] }));
    if (kind !== 'annual' && requestedYear !== undefined && requestedYear !== year) {
      const message = `The ${kind === 'mid_term' ? 'mid-term' : 'final'} evaluation of ${plan.id} is for ${year}.`;
      throw new ProblemException(problem(422, message, { errors: [{ field: 'year', reason: `must be ${year} or left out` }] }));
    }
    const indicators = planDefinitions(plan, this.catalogue.list());
    const district = this.areas.district();
    const snapshot = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [values, references, received] = [
        await this.reports.values(manager, district.code, year),
        await this.reports.references(manager, district.code, year),
        await this.reports.received(manager, district.code, year),
      ];
      const alertHistory = kind === 'annual' ? [] : await this.reports.alertHistory(manager, district.code, indicators.map((d) => d.code));
      const timeliness = datasetTallies(await this.completeness.cells(manager, now, { period: String(year) }));
      // An evaluation looks back over the plan period up to its year; an annual report at its year.
      const years = { from: kind === 'annual' ? year : Math.min(plan.period.start, year), to: year };
      const datasets = reportDatasets(indicators);
      const approvalCells = (await this.reports.approvalCells(manager, district.code, years.from, years.to))
        .filter((c) => (c.datasetType === 'record' ? datasets.records : datasets.returns).has(`${c.department}/${c.kind}`))
        .map(({ department, datasetType, kind: dataset, period, area, ...stored }) => ({ department, datasetType, kind: dataset, period, area, state: reportApprovalState(stored) }));
      const violations = (await this.reports.violations(manager, years.from, years.to)).map(({ definition, ...v }) => reportViolation(v, definition));
      const input: ReportInput = {
        kind,
        year,
        generatedAt: now.toISOString(),
        methodologyVersion: METHODOLOGY_VERSION,
        catalogueVersion: this.catalogue.catalogueVersion(),
        district: { code: district.code, nameZh: district.nameZh },
        indicators,
        values,
        references,
        received,
        plan,
        ...(kind === 'annual' ? {} : { alertHistory }),
        timeliness,
        approvals: { years, cells: approvalCells },
        violations,
      };
      const content = assembleReport(input);
      const s: ReportSnapshot = {
        id: randomUUID(),
        kind,
        year,
        generatedAt: input.generatedAt,
        generatedBy,
        methodologyVersion: METHODOLOGY_VERSION,
        catalogueVersion: input.catalogueVersion,
        dataRevision: dataRevisionOf(input),
        disclosureK: this.config.DISCLOSURE_K,
        contentHash: contentHashOf(content),
        planId: plan.id,
        planVersion: plan.version,
        input,
        content,
      };
      await this.reports.insert(manager, s);
      return s;
    });
    const { input: _input, content: _content, ...meta } = snapshot;
    return meta;
  }

  async get(id: string): Promise<ReportSnapshot> {
    const found = await this.reports.byId(this.dataSource.manager, id);
    if (!found) throw new ProblemException(problem(404, `No report with id ${id}.`));
    return found;
  }

  /** Assembles the report again from its stored input and compares it with the stored report. */
  async regenerate(id: string): Promise<RegenerationResult> {
    const s = await this.get(id);
    const regenerated = contentHashOf(assembleReport(s.input));
    return {
      id,
      identical: regenerated === s.contentHash,
      storedContentHash: s.contentHash,
      regeneratedContentHash: regenerated,
      methodologyVersion: s.methodologyVersion,
      currentMethodologyVersion: METHODOLOGY_VERSION,
    };
  }

  list(filter: { kind?: string; year?: number; planId?: string }, limit: number, offset: number) {
    return this.reports.list(this.dataSource.manager, filter, limit, offset);
  }
}
