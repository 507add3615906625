import { Body, Get, HttpCode, Inject, Post, Query, Req, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPROVAL_STATES, type ApprovalFingerprint, type ApprovalState, type DatasetType } from '@wdp/contracts';
import { Type as TransformType } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AuthenticatedRequest, RequireScope } from '../auth/api-key.guard';
import { departmentScope } from '../auth/scopes';
import { ApiProblems } from '../http/problem-docs';
import { named } from '../http/schema-classes';
import { pascalCase } from '../naming';
import { StoredItemController } from '../stored/stored-item-controller.factory';
import { ACTION_ACCESS, type ApprovalAction } from './approval-transitions';
import { ApprovalService } from './approval.service';

const DATASET_TYPES: readonly DatasetType[] = ['record', 'return'];
const KIND = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

export class SubmissionCellDto {
  @ApiProperty({ enum: DATASET_TYPES, example: 'record', description: 'A record kind (approved per year and district) or a return kind (per its period and area).' })
  @IsIn(DATASET_TYPES)
  datasetType: DatasetType;

  @ApiProperty({ example: 'maternal-death', description: 'The record or return kind (GET /v1/kinds).' })
  @IsString()
  @Matches(KIND, { message: 'must be a kind code such as maternal-death' })
  kind: string;

  @ApiProperty({ example: '2025', description: 'Records: the year (YYYY). Returns: the return’s period (YYYY, YYYY-Qn or YYYY-MM).' })
  @IsString()
  @Matches(PERIOD, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' })
  period: string;

  @ApiProperty({ example: '520103', description: 'Records: the district. Returns: the return’s area.' })
  @IsString()
  @Length(1, 32)
  area: string;
}

export class ReturnSubmissionDto extends SubmissionCellDto {
  @ApiProperty({ example: 'Births in March look doubled; please check against the hospital register.', description: 'What the submitter should look at (published with the event).' })
  @IsString()
  @Length(1, 500)
  comment: string;
}

export class UnlockSubmissionDto extends SubmissionCellDto {
  @ApiProperty({ example: 'A late death registration for 2025 must be added.', description: 'Why the approved period is reopened (audited, published with the event).' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class SubmissionListQueryDto {
  @ApiPropertyOptional({ enum: DATASET_TYPES }) @IsOptional() @IsIn(DATASET_TYPES) datasetType?: DatasetType;
  @ApiPropertyOptional({ example: 'maternal-death' }) @IsOptional() @IsString() @Matches(KIND, { message: 'must be a kind code such as maternal-death' }) kind?: string;
  @ApiPropertyOptional({ example: '2025' }) @IsOptional() @IsString() @Matches(PERIOD, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' }) period?: string;
  @ApiPropertyOptional({ example: '520103' }) @IsOptional() @IsString() @Length(1, 32) area?: string;
  @ApiPropertyOptional({ enum: APPROVAL_STATES }) @IsOptional() @IsIn(APPROVAL_STATES) state?: ApprovalState;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 }) @IsOptional() @TransformType(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

class FingerprintDto implements ApprovalFingerprint {
  @ApiProperty({ example: 12, description: 'Records (or returns) counting in the cell when it was approved.' }) items: number;
  @ApiProperty({ example: 13, description: 'Their revisions summed: any correction changes it.' }) revisionSum: number;
}

export class SubmissionCellViewDto extends SubmissionCellDto {
  @ApiProperty({ enum: APPROVAL_STATES, example: 'approved' }) state: ApprovalState;
  @ApiProperty({ example: 3, description: 'Goes up by one with every change of state.' }) version: number;
  @ApiPropertyOptional({ type: FingerprintDto, nullable: true, description: 'What was approved; null unless approved.' }) fingerprint: ApprovalFingerprint | null;
  @ApiPropertyOptional({ nullable: true, example: null, description: 'The return’s comment or the unlock’s reason.' }) comment: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-03-02T08:00:00.000Z' }) updatedAt: string;
}

export class SubmissionActionResultDto extends SubmissionCellViewDto {
  @ApiProperty({ example: true, description: 'False when the cell already was in the state the action leads to (a retry).' }) changed: boolean;
}

const CELL = { datasetType: 'record', kind: 'maternal-death', period: '2025', area: '520103' } as const;

/**
 * /v1/submissions: the review and approval of one department's data by cell (docs/approval.md). Listing needs
 * `read:<department>`; submitting `write:<department>`; approving, returning and unlocking `approve:<department>`,
 * a scope no writing key can hold.
 */
export function createApprovalController(department: string): Type<unknown> {
  const scope = (action: ApprovalAction) => departmentScope(ACTION_ACCESS[action], department);

  @StoredItemController('v1/submissions', 'submissions: review and approval', [SubmissionCellViewDto, SubmissionActionResultDto])
  class SubmissionsController {
    constructor(@Inject(ApprovalService) private readonly approvals: ApprovalService) {}

    @Get()
    @RequireScope(departmentScope('read', department))
    @ApiOperation({
      summary: 'List the approval state of this department’s periods',
      description: `A cell (dataset × period × area) appears once it has a state: on the first write to a dataset that needs approval (APPROVAL_REQUIRED), or when submitted. Newest periods first. Scope: ${departmentScope('read', department)}.`,
    })
    @ApiOkResponse({ type: [SubmissionCellViewDto] })
    @ApiProblems(422, 503)
    list(@Query() query: SubmissionListQueryDto) {
      const { limit, ...filter } = query;
      return this.approvals.list(filter, limit ?? 100);
    }

    @Post('submit')
    @HttpCode(200)
    @RequireScope(scope('submit'))
    @ApiOperation({
      summary: 'Submit a period for approval (draft or returned → submitted)',
      description: `The submitter says the period is complete, also when it holds nothing (a nil return). A write to the period afterwards makes it a draft again. Scope: ${scope('submit')}.`,
    })
    @ApiOkResponse({ type: SubmissionActionResultDto })
    @ApiProblems(409, 422, 503)
    submit(@Body() body: SubmissionCellDto, @Req() req: AuthenticatedRequest) {
      return this.approvals.act('submit', cellOf(body), null, req.apiKey!);
    }

    @Post('approve')
    @HttpCode(200)
    @RequireScope(scope('approve'))
    @ApiOperation({
      summary: 'Approve a submitted period (submitted → approved, locked)',
      description: `Records what the period holds (items and revisions summed, the fingerprint) and locks it: creating, revising or withdrawing anything in it is refused with 409 until an approver unlocks it. Monitoring counts the period as official once it holds exactly the approved data. Scope: ${scope('approve')}.`,
    })
    @ApiOkResponse({ type: SubmissionActionResultDto, example: { ...CELL, state: 'approved', version: 3, fingerprint: { items: 12, revisionSum: 13 }, comment: null, updatedAt: '2026-03-02T08:00:00.000Z', changed: true } })
    @ApiProblems(409, 422, 503)
    approve(@Body() body: SubmissionCellDto, @Req() req: AuthenticatedRequest) {
      return this.approvals.act('approve', cellOf(body), null, req.apiKey!);
    }

    @Post('return')
    @HttpCode(200)
    @RequireScope(scope('return'))
    @ApiOperation({ summary: 'Return a submitted period to the submitter, with a comment (submitted → returned)', description: `Scope: ${scope('return')}.` })
    @ApiOkResponse({ type: SubmissionActionResultDto })
    @ApiProblems(409, 422, 503)
    sendBack(@Body() body: ReturnSubmissionDto, @Req() req: AuthenticatedRequest) {
      return this.approvals.act('return', cellOf(body), body.comment, req.apiKey!);
    }

    @Post('unlock')
    @HttpCode(200)
    @RequireScope(scope('unlock'))
    @ApiOperation({
      summary: 'Unlock an approved period for a correction, with a reason (approved → draft)',
      description: `The reason is kept in the audit trail and published with the event; monitoring stops counting the period as official until it is approved again. Scope: ${scope('unlock')}.`,
    })
    @ApiOkResponse({ type: SubmissionActionResultDto })
    @ApiProblems(409, 422, 503)
    unlock(@Body() body: UnlockSubmissionDto, @Req() req: AuthenticatedRequest) {
      return this.approvals.act('unlock', cellOf(body), body.reason, req.apiKey!);
    }
  }
  return named(`${pascalCase(department)}SubmissionsController`, SubmissionsController);
}

/** Only the cell's own fields (the DTOs may carry a comment or reason besides). */
const cellOf = (b: SubmissionCellDto) => ({ datasetType: b.datasetType, kind: b.kind, period: b.period, area: b.area });
