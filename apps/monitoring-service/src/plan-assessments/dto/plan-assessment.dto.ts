import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CountedPageDto } from '@wdp/platform';
import { COMPARATORS, PLAN_LEVELS, PLAN_STATUSES, VALUE_STATUSES } from '@wdp/plans';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { FIGURE_VIEWS, type FigureView } from '../../facts/figure-view';
import { PageQueryDto } from '../../paging';
import { NO_TARGET_SET } from '../../assessment/assess-plan-target';
import { ASSESSMENT_STATUSES, AssessmentSummaryDto } from '../../query/dto/assessment.dto';
import { ASSESSED_SEX_FILTER } from '../../query/dto/vocab';

const AREA = { pattern: /^\d{6,12}$/, message: 'must be an area code' };

/** An assessment's statuses, and no_target_set where the plan gives no figure to judge against. */
export const PLAN_ASSESSMENT_STATUSES = [...ASSESSMENT_STATUSES, NO_TARGET_SET];

const ASOF_DESCRIPTION =
  'The evaluation year: only data of years up to it is used. Any year of the plan’s period (annual monitoring), `mid-term` (the period’s middle year: 2023 for 2021–2025) or `final` (its last year). Left out: the last year that is over, within the period. A year not yet over is assessed on the years that are (see window).';

const parseBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class PlanAssessmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025', description: ASOF_DESCRIPTION })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{4}|mid-term|final)$/, { message: 'must be a year (YYYY), mid-term or final' })
  asOf?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1, description: 'A version of the plan; the latest when left out. The same version, data and asOf give the same assessments.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;

  @ApiPropertyOptional({ example: '520103', description: 'An assessed area (the district or one of its streets); every assessed area when left out.' })
  @IsOptional()
  @Matches(AREA.pattern, { message: AREA.message })
  area?: string;

  @ApiPropertyOptional({ example: 'HEA-02', description: 'Only the plan’s targets on this indicator.' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ enum: ASSESSED_SEX_FILTER, description: 'Only the rows of this sex (F, M, T) or of the female–male gap.' })
  @IsOptional()
  @IsIn(ASSESSED_SEX_FILTER)
  sex?: string;

  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Include each row’s full calculation (series, progress, projection, fluctuation, gap).' })
  @IsOptional()
  @Transform(parseBoolean)
  @IsBoolean()
  components?: boolean;

  @ApiPropertyOptional({
    enum: FIGURE_VIEWS,
    default: 'approved',
    description:
      'approved (default): on the official figures; periods held for approval are left out. provisional: on everything received, approved or not — ' +
      'early, unreviewed figures for the monitoring team, each row flagged where it differs from the approved one (docs/approval.md).',
  })
  @IsOptional()
  @IsIn(FIGURE_VIEWS)
  view?: FigureView;
}

export class IndicatorPlanAssessmentQueryDto {
  @ApiPropertyOptional({ example: '520103', description: 'An assessed area; the district when left out.' })
  @IsOptional()
  @Matches(AREA.pattern, { message: AREA.message })
  area?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1949,
    maximum: 2100,
    example: 2025,
    description: 'The evaluation year; each plan is assessed as of this year, or as of its last year once its period is over (its first, before it starts). Left out: the last year that is over.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1949)
  @Max(2100)
  asOf?: number;
}

export class PlanRefDto {
  @ApiProperty({ example: 'yunyan-district-2021-2025' })
  id: string;

  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ enum: PLAN_STATUSES, example: 'adopted', description: 'A draft raises no alerts.' })
  status: string;

  @ApiProperty({ enum: PLAN_LEVELS, example: 'district' })
  level: string;

  @ApiProperty({ example: '520103', description: 'The area the plan covers.' })
  area: string;

  @ApiProperty({ example: { zh: '云岩区妇女发展规划（2021—2025年）', en: "Yunyan District Women's Development Plan (2021–2025)" } })
  name: { zh: string; en: string };

  @ApiProperty({ example: { start: 2021, end: 2025 } })
  period: { start: number; end: number };

  @ApiProperty({ example: true, description: 'The plan whose assessments raise alerts (/v1/assessments, /v1/alerts): the adopted district 2021–2025 plan.' })
  monitored: boolean;
}

export class PlanTargetRefDto {
  @ApiProperty({ enum: COMPARATORS, example: 'at_most' })
  comparator: string;

  @ApiProperty({ nullable: true, type: Number, example: 14, description: 'The plan’s figure; null for a directional target or one without a figure (valueStatus).' })
  value: number | null;

  @ApiProperty({ enum: VALUE_STATUSES, example: 'official' })
  valueStatus: string;

  @ApiProperty({ nullable: true, type: Number, example: null })
  tolerance: number | null;

  @ApiProperty({ example: 2025 })
  targetYear: number;

  @ApiProperty({ example: { year: 2020, value: null }, description: 'The year (and, where the plan states it, the value) progress is measured from.' })
  baseline: { year: number; value: number | null };
}

export class PlanAssessmentRowDto {
  @ApiProperty({ enum: ASSESSED_SEX_FILTER, example: 'T' })
  sex: string;

  @ApiProperty({ nullable: true, type: Number, example: 2025, description: 'Latest year the assessment rests on.' })
  year: number | null;

  @ApiProperty({ enum: PLAN_ASSESSMENT_STATUSES, example: 'achieved' })
  status: string;

  @ApiProperty({ type: AssessmentSummaryDto })
  summary: AssessmentSummaryDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The full calculation, with `components=true`.' })
  components?: unknown;

  @ApiPropertyOptional({ example: true, description: 'view=provisional only: true where this row differs from the approved one (status, year or current value) — data not yet approved changes it.' })
  provisional?: boolean;
}

export class PlanTargetAssessmentDto {
  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ type: PlanTargetRefDto })
  target: PlanTargetRefDto;

  @ApiProperty({ example: { from: 2020, to: 2025 }, description: 'The years of data the assessment rests on: the baseline year to the target year or the evaluation year, whichever is earlier.' })
  window: { from: number; to: number };

  @ApiProperty({ enum: PLAN_ASSESSMENT_STATUSES, example: 'achieved', description: 'The target’s status: its headline sex’s, or the gap’s for a gap target; no_target_set where the plan gives no figure.' })
  status: string;

  @ApiProperty({ type: [PlanAssessmentRowDto] })
  rows: PlanAssessmentRowDto[];
}

export class PlanAssessmentPageDto extends CountedPageDto {
  @ApiProperty({ type: PlanRefDto })
  plan: PlanRefDto;

  @ApiProperty({ example: 2025, description: 'The evaluation year.' })
  asOf: number;

  @ApiProperty({ example: '1.0.0' })
  methodologyVersion: string;

  @ApiProperty({ enum: FIGURE_VIEWS, example: 'approved', description: 'Which figures these are: approved (official) or provisional (including data not yet approved).' })
  view: FigureView;

  @ApiProperty({ example: 0, description: 'Cells (dataset × period × area) held out of the official figures now; the provisional view includes their data.' })
  heldCells: number;

  @ApiProperty({ type: [PlanTargetAssessmentDto] })
  items: PlanTargetAssessmentDto[];
}

export class PlanAreaValueDto {
  @ApiProperty({ enum: ['F', 'M', 'T'], example: 'T' })
  sex: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 11.2 })
  value: number;
}

export class PlanAreaValuesDto {
  @ApiProperty({ example: '520100', description: 'The plan’s own area, above the district (the city, the province or the country).' })
  areaCode: string;

  @ApiProperty({
    type: [PlanAreaValueDto],
    description: 'Its values up to the year the plan is assessed as of, by sex and year, from the statistical returns filed for that area; empty where no return gives one. Never a roll-up of the district’s records.',
  })
  values: PlanAreaValueDto[];
}

export class IndicatorPlanAssessmentDto extends PlanTargetAssessmentDto {
  @ApiProperty({ type: PlanRefDto })
  plan: PlanRefDto;

  @ApiProperty({ example: 2025, description: 'The year this plan is assessed as of.' })
  asOf: number;

  @ApiProperty({
    type: PlanAreaValuesDto,
    nullable: true,
    description: 'For a plan of an area above the district, that area’s own values next to the district’s assessment (shown, not assessed); null for the district’s plans.',
  })
  planArea: PlanAreaValuesDto | null;
}

export class IndicatorPlanAssessmentsDto {
  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ example: 2025, description: 'The evaluation year asked for.' })
  asOf: number;

  @ApiProperty({ example: '1.0.0' })
  methodologyVersion: string;

  @ApiProperty({ type: [IndicatorPlanAssessmentDto], description: 'Every target of every plan on the indicator, national first, district last.' })
  items: IndicatorPlanAssessmentDto[];
}
