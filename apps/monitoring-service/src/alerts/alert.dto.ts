import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ALERT_KINDS } from '@wdp/methodology';
import { CountedPageDto } from '@wdp/platform';
import { PATTERNS, TEXT_LIMITS } from '@wdp/plans';
import { PageQueryDto } from '../paging';
import { ASSESSED_SEX_FILTER } from '../query/dto/vocab';

const KINDS = [...ALERT_KINDS];

export class AlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], example: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';

  @ApiPropertyOptional({ example: 'HEA-02' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ example: '520103' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: ASSESSED_SEX_FILTER })
  @IsOptional()
  @IsIn(ASSESSED_SEX_FILTER)
  sex?: string;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: ['high', 'medium', 'low'] })
  @IsOptional()
  @IsIn(['high', 'medium', 'low'])
  severity?: string;

  @ApiPropertyOptional({ example: 'health', description: 'Only alerts assigned to this department (the owner of the indicator).' })
  @IsOptional()
  @Matches(/^[a-z-]{2,40}$/, { message: 'must be a department code' })
  department?: string;

  @ApiPropertyOptional({
    example: 'yunyan-district-2021-2025',
    description: 'Only alerts about this plan. Alerts are raised for the monitored, adopted district plan only; another plan has none.',
  })
  @IsOptional()
  @MaxLength(TEXT_LIMITS.id)
  @Matches(new RegExp(PATTERNS.planId.pattern), { message: PATTERNS.planId.reason })
  plan?: string;
}

export class AlertDto {
  @ApiProperty({ example: '3f1c2b9e-8a47-4d0e-9b1f-2c6f3e1d7a55' })
  id: string;

  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ enum: ASSESSED_SEX_FILTER, example: 'T' })
  sex: string;

  @ApiProperty({ enum: KINDS, example: 'limited' })
  kind: string;

  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' })
  status: string;

  @ApiProperty({ enum: ['high', 'medium', 'low'], example: 'high' })
  severity: string;

  @ApiProperty({ example: '2026-11-29T05:30:00.000Z' })
  raisedAt: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  resolvedAt: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The calculation that raised it (kept current while open): base and current year and value, CAGRs, R, projection, evidence, series, methodology version.',
    example: { status: 'limited', components: { baseYear: 2020, baseValue: 18.5, currentYear: 2024, currentValue: 16.9, observedCagr: -0.0224, requiredCagr: -0.0546, ratio: 0.41 }, methodologyVersion: '2.0.0' },
  })
  components: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The calculation that resolved it.' })
  resolution: unknown;

  @ApiProperty({ example: '2.0.0' })
  methodologyVersion: string;

  @ApiProperty({ enum: ['raised', 'acknowledged', 'resolved'], example: 'acknowledged' })
  state: string;

  @ApiProperty({ nullable: true, type: String, example: 'health', description: 'The department owning the indicator; the alert is assigned to it.' })
  department: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-29T06:40:00.000Z' })
  acknowledgedAt: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'monitoring:wdp_monitoring_1a2b3c4d', description: 'The acting API key: department and public prefix.' })
  acknowledgedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  acknowledgementComment: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'monitoring', description: '`monitoring` when the status recovered, otherwise the acting key.' })
  resolvedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  resolutionReason: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The silence muting this alert\'s webhook notifications now (see /v1/silences), or null. A silenced alert is still raised, listed, streamed and published.' })
  silencedBy: string | null;

  @ApiProperty({ example: 'yunyan-district-2021-2025', description: 'The plan the alert is about (GET /v1/plans/{id}): the monitored district plan, the only one alerts are raised for.' })
  planId: string;

  @ApiProperty({ nullable: true, type: Number, example: 1, description: 'That plan\'s version in force when the alert was raised; null for an alert raised before the plan registry held a version.' })
  planVersion: number | null;
}

export class AlertPageDto extends CountedPageDto {
  @ApiProperty({ type: [AlertDto] })
  items: AlertDto[];
}
