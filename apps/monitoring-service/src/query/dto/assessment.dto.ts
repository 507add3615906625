import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ALERT_KINDS } from '@wdp/methodology';
import { CountedPageDto } from '@wdp/platform';
import { FIGURE_VIEWS, type FigureView } from '../../facts/figure-view';
import { PageQueryDto } from '../../paging';
import { ASSESSED_SEX_FILTER, DOMAIN_VALUES } from './vocab';

const KINDS = [...ALERT_KINDS];

/** Every status an assessment can have (libs/methodology's ProgressStatus, gap statuses included). */
export const ASSESSMENT_STATUSES = [
  'achieved',
  'on_track',
  'acceleration_needed',
  'limited',
  'deteriorating',
  'insufficient_data',
  'undetermined',
  'insufficient_evidence',
  'narrowing',
  'widening',
  'stable',
];

const VIEW_PARAMETER = {
  enum: FIGURE_VIEWS,
  default: 'approved',
  description:
    'approved (default): the official, stored assessments; periods held for approval are left out. provisional: assessed on request from everything ' +
    'received, approved or not — early, unreviewed figures for the monitoring team, each row flagged where it differs from the official one (docs/approval.md).',
};

export class AssessmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional(VIEW_PARAMETER)
  @IsOptional()
  @IsIn(FIGURE_VIEWS)
  view?: FigureView;

  @ApiPropertyOptional({ example: 'HEA-02' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ enum: DOMAIN_VALUES })
  @IsOptional()
  @IsIn(DOMAIN_VALUES)
  domain?: string;

  @ApiPropertyOptional({ example: '520103' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: ASSESSED_SEX_FILTER, description: 'F, M, T, or gap for the female–male gap.' })
  @IsOptional()
  @IsIn(ASSESSED_SEX_FILTER)
  sex?: string;

  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: KINDS, description: 'Only assessments holding an alert of this kind open.' })
  @IsOptional()
  @IsIn(KINDS)
  alertKind?: string;
}

export class AssessmentDetailQueryDto extends PageQueryDto {
  @ApiPropertyOptional(VIEW_PARAMETER)
  @IsOptional()
  @IsIn(FIGURE_VIEWS)
  view?: FigureView;

  @ApiPropertyOptional({ example: '520103' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: ASSESSED_SEX_FILTER })
  @IsOptional()
  @IsIn(ASSESSED_SEX_FILTER)
  sex?: string;
}

export class AssessmentSummaryDto {
  @ApiProperty({ nullable: true, type: Number, example: 2020 })
  baseYear: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 18.5 })
  baseValue: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 2024 })
  currentYear: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 16.9 })
  currentValue: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 14 })
  targetValue: number | null;

  @ApiProperty({ nullable: true, type: Number, example: -0.0224, description: 'Observed CAGR.' })
  observedCagr: number | null;

  @ApiProperty({ nullable: true, type: Number, example: -0.0546, description: 'CAGR required to reach the target in the target year.' })
  requiredCagr: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 0.41, description: 'R = observed ÷ required, signed by direction.' })
  ratio: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 16.2, description: 'Projected target-year value (trend).' })
  projectedValue: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 14.1, description: 'Lower limit of the current value’s 95 % interval (values from counts); null otherwise. Details in components.progress.components.uncertainty.' })
  currentLower: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 19.9, description: 'Upper limit of the current value’s 95 % interval.' })
  currentUpper: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'moderate', description: 'Strength of the evidence: weak, moderate, strong.' })
  evidence: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'widening', description: 'Gap rows: narrowing, widening, stable.' })
  gapTrend?: string | null;
}

export class AssessmentDto {
  @ApiProperty({ example: 'HEA-02' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ enum: ASSESSED_SEX_FILTER, example: 'T' })
  sex: string;

  @ApiProperty({ nullable: true, type: Number, example: 2024, description: 'Latest year the assessment rests on.' })
  year: number | null;

  @ApiProperty({ enum: ASSESSMENT_STATUSES, example: 'limited' })
  status: string;

  @ApiProperty({ enum: KINDS, isArray: true, example: ['limited'], description: 'Alert kinds this assessment raises.' })
  alertKinds: string[];

  @ApiProperty({ type: AssessmentSummaryDto })
  summary: AssessmentSummaryDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Full calculation: the series, progress (components, projection, evidence), fluctuation and gap, with the methodology version.',
  })
  components?: unknown;

  @ApiProperty({ example: '1.0.0' })
  methodologyVersion: string;

  @ApiProperty({ example: 1, description: 'Revision of the indicator (targets) the assessment used.' })
  catalogueRevision: number;

  @ApiProperty({ example: '2026-11-29T05:30:00.000Z', description: 'When it was stored; in the provisional view, when it was computed (now).' })
  computedAt: string;

  @ApiPropertyOptional({
    example: true,
    description: 'view=provisional only: true where this row differs from the official one (status, year, current value or alerts), or there is no official row — data not yet approved changes it.',
  })
  provisional?: boolean;
}

export class AssessmentPageDto extends CountedPageDto {
  @ApiProperty({ enum: FIGURE_VIEWS, example: 'approved', description: 'Which figures these are: approved (official) or provisional (including data not yet approved).' })
  view: FigureView;

  @ApiProperty({ example: 0, description: 'Cells (dataset × period × area) held out of the official figures now: not approved, or approved but not all in or pending validation. The provisional view includes their data.' })
  heldCells: number;

  @ApiProperty({ type: [AssessmentDto] })
  items: AssessmentDto[];
}

export class GenderGapQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ECO-03' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  indicator?: string;

  @ApiPropertyOptional({ example: '520103' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({ enum: ['narrowing', 'widening', 'stable', 'insufficient_data'] })
  @IsOptional()
  @IsIn(['narrowing', 'widening', 'stable', 'insufficient_data'])
  trend?: string;
}

export class GenderGapDto {
  @ApiProperty({ example: 'EDU-05' })
  indicatorCode: string;

  @ApiProperty({ example: '520103' })
  areaCode: string;

  @ApiProperty({ nullable: true, type: Number, example: 2024 })
  year: number | null;

  @ApiProperty({ enum: ['difference', 'parity_index', 'supplied'], example: 'parity_index', description: 'How the gap is measured; supplied = distance of a women’s share from 50 %.' })
  measure: string;

  @ApiProperty({ example: 1, description: 'The no-gap value (1 for the parity index, 0 for a difference, 50 for a share).' })
  reference: number;

  @ApiProperty({ enum: ['narrowing', 'widening', 'stable', 'insufficient_data'], example: 'widening' })
  trend: string;

  @ApiProperty({ example: true })
  gapWidening: boolean;

  @ApiProperty({ nullable: true, type: Number, example: 0.04 })
  baseDistance: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 0.09 })
  currentDistance: number | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, example: [{ year: 2020, female: 95.1, male: 99.0, gap: 1.041, distance: 0.041 }] })
  years: unknown[];

  @ApiProperty({ example: ['gap_widening'] })
  alertKinds: string[];

  @ApiProperty({ example: '1.0.0' })
  methodologyVersion: string;
}

export class GenderGapPageDto extends CountedPageDto {
  @ApiProperty({ type: [GenderGapDto] })
  items: GenderGapDto[];
}
