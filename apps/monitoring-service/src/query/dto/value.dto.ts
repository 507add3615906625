import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CountedPageDto } from '@wdp/platform';
import { FIGURE_VIEWS, type FigureView } from '../../facts/figure-view';
import { PageQueryDto } from '../../paging';
import { SEX_FILTER } from './vocab';

export class ValueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: FIGURE_VIEWS,
    default: 'approved',
    description:
      'approved (default): the official figures, stored and assessed; periods held for approval are left out. provisional: everything received, ' +
      'approved or not, computed on request — early, unreviewed figures, for the monitoring team (docs/approval.md). provisional needs `indicator` and yearly periods.',
  })
  @IsOptional()
  @IsIn(FIGURE_VIEWS)
  view?: FigureView;

  @ApiPropertyOptional({ example: 'HEA-02' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ example: '520103', description: 'District or street/town code.' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: SEX_FILTER, example: 'F' })
  @IsOptional()
  @IsIn(SEX_FILTER)
  sex?: string;

  @ApiPropertyOptional({
    example: '2024',
    description: 'YYYY (stored annual values, the ones assessed), or YYYY-Qn / YYYY-MM (computed on request from the quarter and month facts; returns filed for the period, else the annual figure).',
  })
  @IsOptional()
  @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' })
  period?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1990, maximum: 2100, example: 2020, description: 'First year, inclusive.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  from?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1990, maximum: 2100, example: 2025, description: 'Last year, inclusive.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  to?: number;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Unsuppressed small cells: needs the read:unsuppressed scope.' })
  @IsOptional()
  @Transform(({ obj, key }) => obj[key] === true || obj[key] === 'true')
  @IsBoolean()
  unsuppressed?: boolean;
}

export class ValueDto {
  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ enum: SEX_FILTER, example: 'T' })
  sex: string;

  @ApiProperty({ example: '2024', description: 'YYYY, YYYY-Qn or YYYY-MM.' })
  period: string;

  @ApiProperty({ nullable: true, type: Number, example: 9.8, description: 'In the indicator’s unit (numerator ÷ denominator × factor for ratios); null when suppressed.' })
  value: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 1 })
  numerator: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 10204 })
  denominator: number | null;

  @ApiProperty({ example: 'per-100k-live-births' })
  unit: string;

  @ApiProperty({ nullable: true, type: Number, example: 0.25, description: 'Lower limit of the 95 % interval from the counts; null for values not computed from counts, and for withheld cells.' })
  lower: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 54.6, description: 'Upper limit of the 95 % interval.' })
  upper: number | null;

  @ApiProperty({ nullable: true, type: String, enum: ['wilson', 'poisson_exact'], example: 'poisson_exact', description: 'wilson: Wilson score (shares); poisson_exact: Garwood exact Poisson (rates per 1,000 or 100,000). See docs/methodology.md.' })
  intervalMethod: 'wilson' | 'poisson_exact' | null;

  @ApiPropertyOptional({ enum: ['small_cell', 'complementary'], description: 'Only on withheld cells (value, numerator and denominator null): fewer than k records, or a complement that would reveal such a cell.' })
  suppressed?: 'small_cell' | 'complementary';
}

export class ValuePageDto extends CountedPageDto {
  @ApiProperty({ enum: FIGURE_VIEWS, example: 'approved', description: 'Which figures these are: approved (official) or provisional (including data not yet approved).' })
  view: FigureView;

  @ApiProperty({ type: [ValueDto] })
  items: ValueDto[];
}
