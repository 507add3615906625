import { Inject, Injectable } from '@nestjs/common';
import type { ApprovalCell } from '@wdp/contracts';
import { SERVICE_CONFIG } from '@wdp/platform';
import type { EntityManager } from 'typeorm';
import { AlertQueueRepository } from '../alerts/decision/alert-queue.repository';
import { AssessmentService } from '../assessment/assessment.service';
import type { MonitoringServiceConfig } from '../config';
import { AreaService } from '../indicator-store/area.service';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { concerns } from '../validation/blocking';
import { ValidationService } from '../validation/validation.service';
import type { CellsRedecided, ViolationScope, ViolationSink } from '../validation/violation-changes';
import { ApprovalCellRepository } from './approval-cell.repository';
import { type CellApproval, touchedByCells } from './approval-cells';

const BLOCKS_LOCK = 'wdp.monitoring.approval-blocks';

/**
 * Validation rules and approval (docs/approval.md). A departmental service approves without seeing monitoring's
 * rules, so monitoring holds an approved cell "pending validation" while an open error violation of a rule reading
 * its dataset blocks it (ValidationService.blockingViolations); the statistics bureau's approvals, made here, are
 * refused instead (approvalCheck).
 *
 * The one home of that decision. It is made when an approved state arrives (the consumer's batch), when violations
 * change — an override, a rule's change or deletion, a validation run: validation hands the violations it changed
 * here, in its own transaction (`violationsChanged`) — and, as a fallback, for every approved cell on a timer
 * (ApprovalBlockJob). Data alone changes no violation (only a run of its rule does), so a batch whose data or
 * approvals concern a held cell names the rules to run again soon (`rulesToRunAfter`).
 */
@Injectable()
export class ApprovalBlocks implements ViolationSink {
  constructor(
    private readonly cells: ApprovalCellRepository,
    private readonly validation: ValidationService,
    private readonly assessment: AssessmentService,
    private readonly catalogue: IndicatorStoreService,
    private readonly areas: AreaService,
    private readonly alertQueue: AlertQueueRepository,
    @Inject(SERVICE_CONFIG) private readonly config: MonitoringServiceConfig,
  ) {}

  /**
   * Taken before writing approval_cell (the consumer's approvals) and before re-deciding blocks, held to commit.
   * Without it a batch could decide a cell blocked reading a violation an override is changing, while the override,
   * not yet seeing the batch's approval, re-decides nothing: the cell would wait for the timer.
   */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [BLOCKS_LOCK]);
  }

  /** Why `cell` cannot count as approved now: one line per blocking violation (no resident data: rule, area, period, numbers). */
  async blockers(manager: EntityManager, cell: ApprovalCell): Promise<string[]> {
    const open = await this.validation.blockingViolations({ department: cell.department, dataset: `${cell.department}/${cell.kind}`, period: cell.period, area: cell.area }, manager);
    return open.map((v) => `violation ${v.id} of rule ${v.ruleCode} at ${v.areaCode} ${v.period} (${v.left} against ${v.right}) is open`);
  }

  /**
   * Re-decides whether each of these approved cells (default: every approved cell) is blocked, in the caller's
   * transaction (which holds `lock`); returns the cells whose flag changed, for the settler to recompute.
   */
  async refresh(manager: EntityManager, cells?: readonly (CellApproval & { blocked?: boolean })[]): Promise<CellsRedecided & { changed: CellApproval[] }> {
    const approved = cells ?? (await this.cells.approved(manager));
    const nowBlocked: CellApproval[] = [];
    const nowFree: CellApproval[] = [];
    for (const cell of approved.filter((c) => c.state === 'approved')) {
      const blocked = (await this.blockers(manager, cell)).length > 0;
      if (blocked !== (cell.blocked ?? false)) (blocked ? nowBlocked : nowFree).push(cell);
    }
    await this.cells.setBlocked(manager, nowBlocked, true);
    await this.cells.setBlocked(manager, nowFree, false);
    return { released: nowFree.map(cellOf), held: nowBlocked.map(cellOf), changed: [...nowBlocked, ...nowFree] };
  }

  /**
   * The rules a batch should have run again once it commits: those with an open error violation that read a dataset
   * the batch brought data or approvals of, and a dataset with an approved cell held now — new data may have resolved
   * what holds it. Empty (the usual case, and always with automatic approval) costs two small reads.
   */
  async rulesToRunAfter(manager: EntityManager, datasets: readonly string[]): Promise<string[]> {
    const rules = await this.validation.rulesWithOpenErrors(manager, datasets);
    if (rules.length === 0) return [];
    const held = new Set(await this.cells.blockedDatasets(manager, [...new Set(rules.flatMap((r) => r.datasets))]));
    return rules.filter((r) => r.datasets.some((d) => held.has(d))).map((r) => r.code);
  }

  /**
   * Violations changed in the caller's transaction: the approved cells any of them concerns are re-decided there,
   * and the pairs of those whose flag changed recomputed like any approval change — so an override's, a rule
   * change's or a run's released cells count in the official figures once the settler takes them, not a timer's
   * round later.
   */
  async violationsChanged(manager: EntityManager, scopes: readonly ViolationScope[]): Promise<CellsRedecided> {
    return this.redecide(manager, scopes);
  }

  /**
   * Re-decides the approved cells these violations concern (default: every approved cell) and queues the pairs of
   * those whose flag changed for the settler (with ALERT_SETTLE_MS=0, recomputes them here, as a batch does).
   */
  async redecide(manager: EntityManager, scopes?: readonly ViolationScope[]): Promise<CellsRedecided> {
    const settle = this.config.ALERT_SETTLE_MS > 0;
    // Lock order as in a batch: the assessment lock (only where recomputing here) before the blocks' lock.
    if (!settle) await this.assessment.lock(manager);
    await this.lock(manager);
    await this.catalogue.refresh(manager);
    const areaIndex = this.areas.index();
    const approved = await this.cells.approved(manager);
    const concerned = scopes === undefined ? approved : approved.filter((c) => scopes.some((s) => concerns(s, { dataset: `${c.department}/${c.kind}`, area: c.area, period: c.period }, areaIndex)));
    const { released, held, changed } = await this.refresh(manager, concerned);
    if (changed.length === 0) return { released, held };
    const index = this.catalogue.index();
    const touched = touchedByCells(changed, (department, kind) => index.inputsForRecordKind(department, kind), this.areas.assessedAreas().map((a) => a.code));
    const pairs = this.assessment.pairsAffectedBy(touched.inputs, touched.returns);
    if (settle) await this.alertQueue.enqueue(manager, [{ pairs, batchIds: [] }]);
    else await this.assessment.recompute(manager, pairs);
    return { released, held };
  }
}

const cellOf = (c: CellApproval): ApprovalCell => ({ department: c.department, datasetType: c.datasetType, kind: c.kind, period: c.period, area: c.area });
