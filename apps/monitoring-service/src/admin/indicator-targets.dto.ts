import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PLAUSIBLE_VALUE } from '@wdp/contracts';
import { IsNumber, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { CHANGED_VALUE_SCHEMA, IndicatorDetailDto } from '../query/dto/indicator.dto';

const UNIT_RANGE_DOC = 'from 0 to 100 for a percent, 1,000 per mille or per 1,000, 100,000 per 100,000, 130 years, 1,440 minutes a day, 10⁹ otherwise.';

export class UpdateTargetsDto {
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: MAX_PLAUSIBLE_VALUE, example: 12, description: `New target value (null: none), in the indicator's unit: ${UNIT_RANGE_DOC}` })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_PLAUSIBLE_VALUE)
  targetValue?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: MAX_PLAUSIBLE_VALUE, example: 2, description: 'Half-width of the band, in the unit; not negative, at most the unit\'s maximum.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_PLAUSIBLE_VALUE)
  tolerance?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: MAX_PLAUSIBLE_VALUE, example: 16.2, description: `The 2020 baseline value, in the indicator's unit: ${UNIT_RANGE_DOC}` })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_PLAUSIBLE_VALUE)
  baselineValue?: number | null;

  @ApiProperty({ example: 'District government revised the target in its 2023 mid-term review.', description: 'Why; kept in the audit trail.' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class FieldChangeDto {
  @ApiProperty({ example: 'targetValue' })
  field: string;

  @ApiProperty(CHANGED_VALUE_SCHEMA(14))
  old: unknown;

  @ApiProperty(CHANGED_VALUE_SCHEMA(12))
  new: unknown;
}

export class TargetChangeResultDto {
  @ApiProperty({ type: IndicatorDetailDto })
  indicator: IndicatorDetailDto;

  @ApiProperty({ type: [FieldChangeDto], description: 'Empty when the values were already in force.' })
  changes: FieldChangeDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The re-assessment the change caused.', example: { pairs: 19, assessments: 19, alertsRaised: 1, alertsResolved: 0 } })
  recompute: unknown;
}
