import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { containsResidentIdNumber, CountedPageDto } from '@wdp/platform';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { ALERT_KINDS } from '@wdp/methodology';
import { PageQueryDto } from '../paging';

const KINDS = [...ALERT_KINDS];

const SILENCE_STATES = ['pending', 'active', 'expired', 'deleted'] as const;

/** Free text stored and shown to others: no NUL byte (PostgreSQL refuses it) and no resident ID number. */
export const FreeText = () =>
  ValidateBy({
    name: 'freeText',
    validator: {
      validate: (v) => typeof v === 'string' && !v.includes('\u0000') && !containsResidentIdNumber(v),
      defaultMessage: () => 'must not contain a NUL byte or a resident ID number',
    },
  });

export class CreateSilenceDto {
  @ApiPropertyOptional({ example: 'HEA-02', description: 'Only alerts of this indicator (absent: any indicator).' })
  @IsOptional() @IsString() @Matches(/^[A-Z]{2,5}-\d{2,3}$/, { message: 'must be an indicator code' })
  indicatorCode?: string;

  @ApiPropertyOptional({ example: '520103', description: 'Only alerts in this area (absent: any area).' })
  @IsOptional() @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  areaCode?: string;

  @ApiPropertyOptional({ enum: KINDS, example: 'missing_data', description: 'Only alerts of this kind (absent: any kind). At least one matcher is required.' })
  @IsOptional() @IsIn(KINDS)
  kind?: string;

  @ApiPropertyOptional({ example: '2026-12-07T00:00:00Z', description: 'When the silence begins (absent: now).' })
  @IsOptional() @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiProperty({ example: '2026-12-21T00:00:00Z', description: 'When it ends: it expires by itself. After startsAt, in the future, at most 366 days long.' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @ApiProperty({ example: '卫健局2025年报表延期至12月底报送，已知悉。', minLength: 1, maxLength: 1000, description: 'Why: kept with the silence and shown with it. No resident ID numbers.' })
  @IsString() @Length(1, 1000) @FreeText()
  reason: string;
}

export class SilenceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SILENCE_STATES, example: 'active', description: 'Absent: pending and active ones.' })
  @IsOptional() @IsIn(SILENCE_STATES)
  state?: (typeof SILENCE_STATES)[number];
}

export class SilenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'HEA-02' }) indicatorCode: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) areaCode: string | null;
  @ApiProperty({ nullable: true, type: String, enum: KINDS, example: null }) kind: string | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: SILENCE_STATES, description: 'At the time of the request: a silence is active from startsAt until endsAt, unless deleted.' }) state: string;
  @ApiProperty() reason: string;
  @ApiProperty({ example: 'monitoring:wdp_monitoring_1a2b3c4d', description: 'The API key that created it: department and public prefix.' }) createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deletedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) deletedBy: string | null;
}

export class SilencePageDto extends CountedPageDto {
  @ApiProperty({ type: [SilenceDto] }) items: SilenceDto[];
}
