import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { cursorPageQuery, ProblemException, seqCursor, type FieldError, type PageLimits } from '@wdp/platform';

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/** Record and return lists: reconciliation dumps of small rows, so pages of up to 1,000. */
export const DEPARTMENTAL_PAGE: PageLimits = { defaultLimit: 100, maxLimit: 1000 };

/** `limit` + `cursor` (keyset: the cursor is the last row's position, so pages hold still while rows are added), then the filters. */
export class ListQueryDto extends cursorPageQuery(DEPARTMENTAL_PAGE, seqCursor.encode(100)) {
  @ApiPropertyOptional({ description: 'Earliest period (YYYY, YYYY-Qn or YYYY-MM); periods starting on or after its start.', example: '2024' })
  @IsOptional()
  @Matches(PERIOD, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' })
  periodFrom?: string;

  @ApiPropertyOptional({ description: 'Latest period (YYYY, YYYY-Qn or YYYY-MM); periods starting no later than its end.', example: '2025-Q2' })
  @IsOptional()
  @Matches(PERIOD, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' })
  periodTo?: string;

  @ApiPropertyOptional({ description: 'Area code; the area and every area inside it.', example: '520103' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  area?: string;

  @ApiPropertyOptional({ enum: ['active', 'withdrawn'], description: 'Only records in this status.' })
  @IsOptional()
  @IsIn(['active', 'withdrawn'])
  status?: 'active' | 'withdrawn';
}

export class RecordListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Only the record with this reference (natural key).', example: 'MCH-2025-000123' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class DryRunQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Validate and report (including natural-key conflicts) without writing anything.' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  dryRun?: string;
}

export class WithdrawQueryDto {
  @ApiPropertyOptional({
    description: 'Why it is withdrawn (kept in the audit trail; not published). Required here or as "reason" in a JSON body.',
    example: 'entered twice by mistake',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** The withdrawal reason from `?reason=` or a JSON body `{ "reason": "..." }`; 422 when absent or unusable. */
export function withdrawReason(query: WithdrawQueryDto, body: unknown): string {
  const fromBody = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { reason?: unknown }).reason : undefined;
  const extra = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).filter((k) => k !== 'reason') : [];
  const errors: FieldError[] = extra.map((k) => ({ field: k, reason: `property ${k} should not exist` }));
  const reason = query.reason ?? fromBody;
  if (reason === undefined) errors.push({ field: 'reason', reason: 'is required: say why (query parameter or JSON body)' });
  else if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > 500) errors.push({ field: 'reason', reason: 'must be a string of 1 to 500 characters' });
  if (errors.length) throw ProblemException.validation(errors);
  return reason as string;
}
