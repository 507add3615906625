import { Module } from '@nestjs/common';
import { ApprovalCellRepository } from './approval-cell.repository';
import { ApprovalsController } from './approvals.controller';

/** Approved and provisional figures: the approval states and receipts of cells, and GET /v1/approvals (docs/approval.md). */
@Module({
  controllers: [ApprovalsController],
  providers: [ApprovalCellRepository],
  exports: [ApprovalCellRepository],
})
export class ApprovalModule {}
