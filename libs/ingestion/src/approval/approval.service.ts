import {
  approvalCellKey, approvalEventType, createEvent, isValidPeriod, recordCellPeriod,
  type ApprovalCell, type ApprovalChangedEventData, type ApprovalFingerprint, type ApprovalState, type CloudEvent,
} from '@wdp/contracts';
import type { OutboxMessage } from '@wdp/messaging';
import { ProblemException, type FieldError } from '@wdp/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { ApiKeyPrincipal } from '../auth/api-key.service';
import type { DepartmentContext } from '../department-context';
import { enqueueRequestEvents, requestHeaders } from '../events';
import { areasWithin } from '../stored/list-filter';
import { periodOutOfRangeProblem } from '../validation/common-rules';
import { audit } from '../stored/stored-item.repository';
import { datasetName, type ApprovalPolicy } from './approval-policy';
import { isLocked, transition, type ApprovalAction } from './approval-transitions';
import { ApprovalRepository, type CellFilter, type CellKey, type CellRow } from './approval.repository';

export interface CellView extends CellKey {
  state: ApprovalState;
  version: number;
  fingerprint: ApprovalFingerprint | null;
  comment: string | null;
  updatedAt: string;
}

export interface ActionResult extends CellView {
  /** False when the cell already was in the action's target state (a retry). */
  changed: boolean;
}

/**
 * What may block an approval beyond the states: at monitoring, the open error violations of the validation rules
 * that read the cell's dataset (a departmental service cannot see them; monitoring holds such cells instead).
 */
export interface ApprovalCheck {
  /** Why `cell` cannot be approved now, one reason each, in the approval's transaction; empty: nothing blocks it. */
  blockers(manager: EntityManager, cell: ApprovalCell): Promise<readonly string[]>;
}

/** The kinds this department serves, by dataset type. */
export interface ServedKinds {
  records: readonly string[];
  returns: readonly string[];
}

const view = (row: CellRow): CellView => ({
  datasetType: row.datasetType, kind: row.kind, period: row.period, area: row.area, state: row.state, version: row.version,
  fingerprint: row.fingerprint, comment: row.comment, updatedAt: new Date(row.updatedAt).toISOString(),
});

const cellName = (c: CellKey) => `${datasetName(c.datasetType, c.kind)} ${c.period} in ${c.area}`;

/**
 * Review and approval of this department's data by cell (dataset × period × area): the submitter submits, the
 * approver approves (locking the cell), returns with a comment, or unlocks with a reason. Every change of state is
 * audited and goes out through the outbox in the same transaction, with a fingerprint of what was approved.
 * Record and return writes call `guardWrites` in their own transaction: a locked cell refuses them, and a cell of a
 * dataset that needs approval becomes a draft again.
 */
export class ApprovalService {
  private readonly repo = new ApprovalRepository();
  private check: ApprovalCheck | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ctx: DepartmentContext,
    private readonly policy: ApprovalPolicy,
    private readonly served: ServedKinds,
  ) {}

  /** Sets the check every approval passes before it is written (see ApprovalCheck). */
  checkApprovalsWith(check: ApprovalCheck): void {
    this.check = check;
  }

  /** The cell a record fact counts in: its kind, the year of its month, and its district. */
  recordCell(fact: { kind: string; area: string; period: string }): CellKey {
    const chain = this.ctx.areas.current.chain(fact.area);
    return { datasetType: 'record', kind: fact.kind, period: recordCellPeriod(fact.period), area: chain[chain.length - 1]?.code ?? fact.area };
  }

  returnCell(kind: string, area: string, period: string): CellKey {
    return { datasetType: 'return', kind, period, area };
  }

  async list(filter: CellFilter, limit: number): Promise<CellView[]> {
    return (await this.repo.list(this.dataSource, filter, limit)).map(view);
  }

  /** Submit, approve, return or unlock one cell; `comment` is the return's comment or the unlock's reason. */
  async act(action: ApprovalAction, cell: CellKey, comment: string | null, principal: ApiKeyPrincipal): Promise<ActionResult> {
    const problems = this.cellProblems(cell);
    if (problems.length) throw ProblemException.validation(problems);
    if (action === 'submit' && !this.policy.requiresApproval(cell.datasetType, cell.kind)) {
      throw ProblemException.conflict(`${datasetName(cell.datasetType, cell.kind)} is approved automatically (APPROVAL_REQUIRED): its data counts as it is committed, and there is nothing to submit. Nothing was changed.`, {
        errors: [{ field: 'kind', reason: 'is approved automatically' }],
      });
    }
    return this.dataSource.transaction(async (manager) => {
      const [row] = await this.repo.lock(manager, [cell]);
      const next = transition(row?.state, action);
      if ('refused' in next) {
        throw ProblemException.conflict(`${cellName(cell)}: ${next.refused}. Nothing was changed.`, {
          errors: [{ field: 'period', reason: `${cell.period} in ${cell.area} is ${row?.state ?? 'draft'}` }],
        });
      }
      if (!next.changed) return { ...(row ? view(row) : this.draftView(cell)), changed: false };
      if (next.state === 'approved') {
        const blockers = (await this.check?.blockers(manager, { ...cell, department: this.ctx.department })) ?? [];
        if (blockers.length) {
          throw ProblemException.conflict(
            `${cellName(cell)} cannot be approved while ${blockers.length} validation error(s) about it are open. Nothing was changed. Correct the data, or override each violation with a reason.`,
            { errors: blockers.map((reason) => ({ field: 'period', reason })) },
          );
        }
      }
      const fingerprint = next.state === 'approved' ? await this.fingerprint(manager, cell) : null;
      const saved = await this.repo.save(manager, cell, { state: next.state, fingerprint, comment: comment ?? null, apiKeyId: principal.id });
      await enqueueRequestEvents(manager, [this.message(saved)]);
      await audit(manager, principal.id, `submission.${action}`, `submissions/${datasetName(cell.datasetType, cell.kind)}`, `${cell.period}/${cell.area}`, {
        from: row?.state ?? 'draft', to: next.state, version: saved.version, ...(fingerprint ? { fingerprint } : {}), ...(comment ? { comment } : {}),
      });
      return { ...view(saved), changed: true };
    });
  }

  /**
   * In a write's transaction, before anything is written: refuses (409, naming each period and area) when a cell
   * the write touches is approved, and makes every touched cell of a dataset that needs approval a draft (a new
   * version, also of a draft). Returns
   * the events of those state changes, to enqueue with the write's own so they travel as one request.
   */
  async guardWrites(manager: EntityManager, cells: readonly CellKey[], apiKeyId: string): Promise<OutboxMessage[]> {
    const unique = [...new Map(cells.map((c) => [approvalCellKey(c), c])).values()];
    // Locked even for datasets approved automatically: a cell approved before its dataset was switched to automatic stays locked.
    const rows = new Map((await this.repo.lock(manager, unique)).map((r) => [approvalCellKey(r), r]));
    const locked = unique.filter((c) => isLocked(rows.get(approvalCellKey(c))?.state));
    if (locked.length) {
      throw ProblemException.conflict(
        `${locked.map(cellName).join('; ')}: approved and locked. Nothing was written. An approver can unlock it with a reason (POST /v1/submissions/unlock).`,
        { errors: locked.map((c) => ({ field: 'period', reason: `${c.period} in ${c.area} (${datasetName(c.datasetType, c.kind)}) is approved and locked` })), locked },
      );
    }
    // Every write to a held cell says so, also when the cell already is a draft: a consumer then has the cell's state
    // from the same request as the data, whichever partition each event takes, so a request applied before an
    // earlier one's draft event can never be counted as approved automatically.
    const messages: OutboxMessage[] = [];
    for (const cell of unique.filter((c) => this.policy.requiresApproval(c.datasetType, c.kind))) {
      const saved = await this.repo.save(manager, cell, { state: 'draft', fingerprint: null, comment: null, apiKeyId });
      messages.push(this.message(saved));
    }
    return messages;
  }

  private async fingerprint(manager: EntityManager, cell: CellKey): Promise<ApprovalFingerprint> {
    return cell.datasetType === 'record'
      ? this.repo.recordFingerprint(manager, cell.kind, cell.period, areasWithin(this.ctx, cell.area))
      : this.repo.returnFingerprint(manager, cell.kind, cell.period, cell.area);
  }

  /** Every reason `cell` is not a cell of this department, by field. */
  private cellProblems(cell: CellKey): FieldError[] {
    const problems: FieldError[] = [];
    const kinds = cell.datasetType === 'record' ? this.served.records : this.served.returns;
    if (!kinds.includes(cell.kind)) problems.push({ field: 'kind', reason: `not a ${cell.datasetType} kind of this service (${kinds.join(', ') || 'none'})` });
    const areas = this.ctx.areas.current;
    if (!areas.has(cell.area) && !(cell.datasetType === 'return' && this.ctx.returnAreasAbove?.has(cell.area))) problems.push({ field: 'area', reason: 'is not a known area code (see the area reference data)' });
    else if (cell.datasetType === 'record' && areas.chain(cell.area).length !== 1) {
      problems.push({ field: 'area', reason: 'records are approved for a whole district: give the district code' });
    }
    if (cell.datasetType === 'record' ? !/^\d{4}$/.test(cell.period) : !isValidPeriod(cell.period)) {
      problems.push({ field: 'period', reason: cell.datasetType === 'record' ? 'records are approved by year: YYYY' : 'must be YYYY, YYYY-Qn or YYYY-MM' });
    } else {
      // The periods data may be filed for: nothing can be submitted for a period no record or return may name.
      const outOfRange = periodOutOfRangeProblem(cell.period, this.ctx.now());
      if (outOfRange) problems.push({ field: 'period', reason: outOfRange });
    }
    return problems;
  }

  private draftView(cell: CellKey): CellView {
    return { ...cell, state: 'draft', version: 0, fingerprint: null, comment: null, updatedAt: new Date(0).toISOString() };
  }

  /** The cell's approval-changed event, keyed by the cell so its events stay in order on one partition. */
  private message(row: CellRow): OutboxMessage {
    const data: ApprovalChangedEventData = {
      department: this.ctx.department, datasetType: row.datasetType, kind: row.kind, period: row.period, area: row.area,
      state: row.state, version: row.version, fingerprint: row.fingerprint, comment: row.comment,
    };
    const event: CloudEvent<ApprovalChangedEventData> = createEvent({
      source: this.ctx.source,
      type: approvalEventType(this.ctx.department),
      subject: `submissions/${datasetName(row.datasetType, row.kind)}/${row.period}/${row.area}`,
      data,
    });
    return { topic: this.ctx.topic, key: approvalCellKey({ ...row, department: this.ctx.department }), event, headers: requestHeaders() };
  }
}
