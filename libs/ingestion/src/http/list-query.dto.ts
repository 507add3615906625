import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../persistence/pagination';

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

export class ListQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Page size.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.', example: 'czoxMDA' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  cursor?: string;

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
  @ApiPropertyOptional({ description: 'Why the record is withdrawn (kept in the audit trail; not published).', example: 'entered twice by mistake' })
  @IsString()
  @Length(1, 500)
  reason: string;
}
