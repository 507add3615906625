import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { FIGURE_VIEWS, type FigureView } from '../../facts/figure-view';

export const SDMX_FORMATS = ['csv', 'json'];

/** Filters of an SDMX data export: the same as /v1/values, with SDMX's `_T` for the total accepted beside T. */
export class SdmxDataQueryDto {
  @ApiPropertyOptional({
    enum: FIGURE_VIEWS,
    default: 'approved',
    description:
      'Values only. approved (default): the official figures, OBS_STATUS A. provisional: everything received, approved or not, as /v1/values?view=provisional ' +
      '(needs indicator and yearly periods), every observation OBS_STATUS P. Assessments rest on the approved figures.',
  })
  @IsOptional()
  @IsIn(FIGURE_VIEWS)
  view?: FigureView;

  @ApiPropertyOptional({ example: 'HEA-02', description: 'Indicator code (CL_INDICATOR).' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ example: '520103', description: 'Area code (CL_AREA): the district or a street/town.' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: ['F', 'M', 'T', '_T'], example: 'F', description: 'F, M, or the total (T or SDMX’s _T).' })
  @IsOptional()
  @IsIn(['F', 'M', 'T', '_T'])
  sex?: string;

  @ApiPropertyOptional({ example: '2024', description: 'One period: YYYY, or (values only) YYYY-Qn / YYYY-MM computed on request.' })
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

  @ApiPropertyOptional({ enum: SDMX_FORMATS, description: 'csv (SDMX-CSV 2.0) or json (SDMX-JSON 2.0); overrides the Accept header.' })
  @IsOptional()
  @IsIn(SDMX_FORMATS)
  format?: 'csv' | 'json';
}

export class SdmxStructureQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xml'], description: 'json (SDMX-JSON 2.0) or xml (SDMX-ML 3.0); overrides the Accept header.' })
  @IsOptional()
  @IsIn(['json', 'xml'])
  format?: 'json' | 'xml';
}
