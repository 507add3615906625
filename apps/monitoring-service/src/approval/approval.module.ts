import { Module, type OnModuleInit } from '@nestjs/common';
import { ApprovalService } from '@wdp/ingestion';
import { AlertDecisionModule } from '../alerts/decision/alert-decision.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { ValidationModule } from '../validation/validation.module';
import { ViolationChanges } from '../validation/violation-changes';
import { ApprovalBlockJob } from './approval-block.job';
import { ApprovalBlocks } from './approval-blocks';
import { ApprovalCellRepository } from './approval-cell.repository';
import { ApprovalsController } from './approvals.controller';

/**
 * Approved and provisional figures: the approval states and receipts of cells, the hold of approved cells that
 * validation errors block, and GET /v1/approvals (docs/approval.md).
 */
@Module({
  imports: [ValidationModule, AssessmentModule, IndicatorStoreModule, AlertDecisionModule],
  controllers: [ApprovalsController],
  providers: [ApprovalCellRepository, ApprovalBlocks, ApprovalBlockJob],
  exports: [ApprovalCellRepository, ApprovalBlocks, ApprovalBlockJob],
})
export class ApprovalModule implements OnModuleInit {
  constructor(private readonly approvals: ApprovalService, private readonly blocks: ApprovalBlocks, private readonly violationChanges: ViolationChanges) {}

  /**
   * The statistics bureau approves its returns here, where the rules are: a blocked approval is refused (409).
   * Violations changed by an override, a rule's change or a run re-decide the approved cells they concern at once.
   */
  onModuleInit(): void {
    this.approvals.checkApprovalsWith({ blockers: (manager, cell) => this.blocks.blockers(manager, cell) });
    this.violationChanges.register(this.blocks);
  }
}
