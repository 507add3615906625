import { Injectable } from '@nestjs/common';
import type { ApprovalCell } from '@wdp/contracts';
import type { EntityManager } from 'typeorm';
import { ValidationService } from '../validation/validation.service';
import { ApprovalCellRepository } from './approval-cell.repository';
import type { CellApproval } from './approval-cells';

/**
 * Validation rules and approval (docs/approval.md). A departmental service approves without seeing monitoring's
 * rules, so monitoring holds an approved cell "pending validation" while an open error violation of a rule reading
 * its dataset blocks it (ValidationService.blockingViolations); the statistics bureau's approvals, made here, are
 * refused instead (approvalCheck).
 */
@Injectable()
export class ApprovalBlocks {
  constructor(private readonly cells: ApprovalCellRepository, private readonly validation: ValidationService) {}

  /** Why `cell` cannot count as approved now: one line per blocking violation (no resident data: rule, area, period, numbers). */
  async blockers(manager: EntityManager, cell: ApprovalCell): Promise<string[]> {
    const open = await this.validation.blockingViolations({ department: cell.department, dataset: `${cell.department}/${cell.kind}`, period: cell.period, area: cell.area }, manager);
    return open.map((v) => `violation ${v.id} of rule ${v.ruleCode} at ${v.areaCode} ${v.period} (${v.left} against ${v.right}) is open`);
  }

  /**
   * Re-decides whether each of these approved cells (default: every approved cell) is blocked, in the caller's
   * transaction; returns the cells whose flag changed, for the settler to recompute.
   */
  async refresh(manager: EntityManager, cells?: readonly (CellApproval & { blocked?: boolean })[]): Promise<CellApproval[]> {
    const approved = cells ?? (await this.cells.approved(manager));
    const nowBlocked: CellApproval[] = [];
    const nowFree: CellApproval[] = [];
    for (const cell of approved.filter((c) => c.state === 'approved')) {
      const blocked = (await this.blockers(manager, cell)).length > 0;
      if (blocked !== (cell.blocked ?? false)) (blocked ? nowBlocked : nowFree).push(cell);
    }
    await this.cells.setBlocked(manager, nowBlocked, true);
    await this.cells.setBlocked(manager, nowFree, false);
    return [...nowBlocked, ...nowFree];
  }
}
