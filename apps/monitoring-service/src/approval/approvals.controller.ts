import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { APPROVAL_STATES, type ApprovalFingerprint, type ApprovalState, type DatasetType } from '@wdp/contracts';
import { ApiProblems } from '@wdp/ingestion';
import { countedPage, CountedPageDto } from '@wdp/platform';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { ReadAccess } from '../auth/access.decorators';
import { PageQueryDto, pagingOf } from '../paging';
import { ApprovalCellRepository } from './approval-cell.repository';

export class ApprovalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'health' }) @IsOptional() @IsString() @Matches(/^[a-z][a-z-]{1,30}[a-z]$/, { message: 'must be a department code such as health' }) department?: string;
  @ApiPropertyOptional({ example: 'maternal-death' }) @IsOptional() @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a kind code such as maternal-death' }) kind?: string;
  @ApiPropertyOptional({ example: '2025' }) @IsOptional() @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' }) period?: string;
  @ApiPropertyOptional({ enum: APPROVAL_STATES }) @IsOptional() @IsIn(APPROVAL_STATES) state?: ApprovalState;
}

class FingerprintDto implements ApprovalFingerprint {
  @ApiProperty({ example: 12 }) items: number;
  @ApiProperty({ example: 13 }) revisionSum: number;
}

export class ApprovalCellDto {
  @ApiProperty({ example: 'health' }) department: string;
  @ApiProperty({ enum: ['record', 'return'], example: 'record' }) datasetType: DatasetType;
  @ApiProperty({ example: 'maternal-death' }) kind: string;
  @ApiProperty({ example: '2025', description: 'Records: the year. Returns: the return’s period.' }) period: string;
  @ApiProperty({ example: '520103', description: 'Records: the district. Returns: the return’s area.' }) area: string;
  @ApiProperty({ enum: APPROVAL_STATES, example: 'approved' }) state: ApprovalState;
  @ApiProperty({ example: 3 }) version: number;
  @ApiPropertyOptional({ type: FingerprintDto, nullable: true, description: 'What was approved; null unless approved.' }) fingerprint: ApprovalFingerprint | null;
  @ApiPropertyOptional({ nullable: true, example: null, description: 'The approver’s comment on a return, or the reason of an unlock.' }) comment: string | null;
  @ApiProperty({ type: FingerprintDto, description: 'What monitoring has received of the cell, measured like the fingerprint.' }) received: ApprovalFingerprint;
  @ApiProperty({ example: false, description: 'Approved, but held while an open validation error about its data blocks it (until resolved or overridden).' }) pendingValidation: boolean;
  @ApiProperty({ example: true, description: 'Whether the cell counts in the approved (official) figures: approved, holding exactly the approved data, and not pending validation.' }) counted: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-03-02T08:00:05.000Z' }) changedAt: string;
}

export class ApprovalCellPageDto extends CountedPageDto {
  @ApiProperty({ type: [ApprovalCellDto] }) items: ApprovalCellDto[];
}

@ApiTags('approvals')
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly dataSource: DataSource, private readonly cells: ApprovalCellRepository) {}

  @Get()
  @ReadAccess()
  @ApiOperation({
    summary: 'Approval state of the departments’ and the statistics bureau’s periods, as monitoring holds them',
    description:
      'Each cell (department × dataset × period × area) that has an approval state, with what was approved and what has been received. ' +
      'A cell counts in the approved figures — the stored values and assessments, reports and alerts — when `counted`; the others are in the ' +
      'provisional figures only (GET /v1/values?view=provisional). Datasets approved automatically (the default) have no cells here and always count. ' +
      'Newest periods first. Scope: read:monitoring or admin.',
  })
  @ApiOkResponse({ type: ApprovalCellPageDto })
  @ApiProblems(422)
  async list(@Query() q: ApprovalQueryDto): Promise<ApprovalCellPageDto> {
    const paging = pagingOf(q);
    const { items, total } = await this.cells.list(this.dataSource.manager, { department: q.department, kind: q.kind, period: q.period, state: q.state }, paging.limit, paging.offset);
    return countedPage(paging, total, items);
  }
}
