import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMPARATORS_DOC, DOMAIN_VALUES } from './vocab';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { CountedPageDto } from '@wdp/platform';
import { PageQueryDto } from '../../paging';

export class IndicatorListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOMAIN_VALUES, example: 'health' })
  @IsOptional()
  @IsIn(DOMAIN_VALUES)
  domain?: string;

  @ApiPropertyOptional({ example: 'health', description: 'Owning department code.' })
  @IsOptional()
  @IsString()
  @Length(2, 40)
  department?: string;

  @ApiPropertyOptional({ example: 'at_least', description: COMPARATORS_DOC })
  @IsOptional()
  @IsString()
  comparator?: string;
}

export class TargetDto {
  @ApiProperty({ nullable: true, type: Number, example: 14, description: 'Null for directional targets (increase, decrease, gap narrows, parity).' })
  value: number | null;

  @ApiProperty({ example: 2025 })
  year: number;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 5, description: 'Half-width of the band (about) or how far below full coverage counts as met (coverage).' })
  tolerance: number | null;
}

export class BaselineDto {
  @ApiProperty({ example: 2020 })
  year: number;

  @ApiProperty({ nullable: true, type: Number, example: null, description: 'The 2020 value where the plan states it.' })
  value: number | null;
}

export class IndicatorDto {
  @ApiProperty({ example: 'HEA-02' })
  code: string;

  @ApiProperty({ example: '孕产妇死亡率' })
  nameZh: string;

  @ApiProperty({ example: 'Maternal mortality ratio' })
  nameEn: string;

  @ApiProperty({ example: 'health' })
  domain: string;

  @ApiProperty({ example: 'health' })
  department: string;

  @ApiProperty({ example: 'per-100k-live-births' })
  unit: string;

  @ApiProperty({ example: 100000 })
  factor: number;

  @ApiProperty({ example: 'at_most', description: COMPARATORS_DOC })
  comparator: string;

  @ApiProperty({ example: 'lower_is_better', enum: ['higher_is_better', 'lower_is_better', 'towards_reference'] })
  direction: string;

  @ApiProperty({ type: TargetDto })
  target: TargetDto;

  @ApiProperty({ type: BaselineDto })
  baseline: BaselineDto;

  @ApiProperty({ example: false, description: 'Published and assessed for women and men separately, with the gender gap.' })
  sexDisaggregated: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'ratio (numerator/denominator × factor), count, or observation; operands reference record facts or return figures.',
    example: { type: 'ratio', numerator: { department: 'health', recordKind: 'maternal-death' }, denominator: { department: 'health', recordKind: 'live-birth' }, factor: 100000 },
  })
  definition: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Reference formula of a parity indicator.' })
  reference?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { measure: 'ratio' } })
  gap?: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { frequency: 'monthly', deadlineDaysAfterPeriodEnd: 15 } })
  reporting: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { maxYearOnYearChange: 20, mode: 'absolute' } })
  fluctuation: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { clause: 'main-goal', number: 2, text: '孕产妇死亡率控制在14/10万以内' } })
  source: unknown;

  @ApiPropertyOptional({ example: 'About 10,000 live births a year …' })
  notes?: string;

  @ApiProperty({ example: '1.0.0', description: 'Catalogue version the definition was seeded from.' })
  catalogueVersion: string;

  @ApiProperty({ example: 1, description: 'Increases with every change of this indicator (seed or API).' })
  revision: number;

  @ApiProperty({ example: [], description: 'Target fields set through the API, which catalogue updates leave alone.' })
  overridden: string[];

  @ApiProperty({ example: '2026-11-29T05:30:00.000Z' })
  updatedAt: string;
}

export class TargetHistoryDto {
  @ApiProperty({ example: 2 })
  revision: number;

  @ApiProperty({ nullable: true, type: Number, example: 12 })
  targetValue: number | null;

  @ApiProperty({ example: 2025 })
  targetYear: number;

  @ApiProperty({ nullable: true, type: Number, example: null })
  tolerance: number | null;

  @ApiProperty({ example: 2020 })
  baselineYear: number;

  @ApiProperty({ nullable: true, type: Number, example: 16.2 })
  baselineValue: number | null;

  @ApiProperty({ enum: ['catalogue', 'api'], example: 'api' })
  source: string;

  @ApiProperty({ example: '1.0.0' })
  catalogueVersion: string;

  @ApiProperty({ example: '2026-11-29T05:30:00.000Z' })
  validFrom: string;
}

export class IndicatorDetailDto extends IndicatorDto {
  @ApiProperty({ type: [TargetHistoryDto], description: 'Every state of the target and baseline, oldest first.' })
  targetHistory: TargetHistoryDto[];
}

export class IndicatorPageDto extends CountedPageDto {
  @ApiProperty({ type: [IndicatorDto] })
  items: IndicatorDto[];
}

/**
 * A changed field's value: a number, a text or (for the definition) an object, or null when absent.
 * Declared as any of these, because `unknown` would otherwise be documented as an object.
 */
export const CHANGED_VALUE_SCHEMA = (example: number) => ({
  example,
  // OpenAPI 3.0 puts `nullable` beside a `type`, so on every branch.
  anyOf: (['number', 'string', 'boolean', 'object'] as const).map((type) => ({ type, nullable: true })),
});

export class AuditEntryDto {
  @ApiProperty({ example: '12' })
  id: string;

  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '2026-11-29T05:30:00.000Z' })
  changedAt: string;

  @ApiProperty({ example: 'api-key:3f2a9c1d (statistics)', description: 'Who: the API key (prefix and department) or catalogue-seed.' })
  changedBy: string;

  @ApiProperty({ enum: ['catalogue', 'api'] })
  source: string;

  @ApiProperty({ example: 'targetValue' })
  field: string;

  @ApiProperty(CHANGED_VALUE_SCHEMA(14))
  oldValue: unknown;

  @ApiProperty(CHANGED_VALUE_SCHEMA(12))
  newValue: unknown;

  @ApiProperty({ nullable: true, type: String, example: 'Mid-term review' })
  reason: string | null;
}

export class AuditPageDto extends CountedPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];
}
