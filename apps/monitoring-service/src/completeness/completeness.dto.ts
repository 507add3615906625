import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Length, Matches } from 'class-validator';
import { DEPARTMENT_CODES } from '@wdp/contracts';
import { CountedPageDto } from '@wdp/platform';
import { PageQueryDto } from '../paging';

const STATUSES = ['on_time', 'late', 'missing'] as const;

export class CompletenessQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEPARTMENT_CODES, example: 'health', description: 'Only datasets this department owes.' })
  @IsOptional()
  @IsIn(DEPARTMENT_CODES)
  department?: string;

  @ApiPropertyOptional({
    example: 'health/live-birth',
    description: 'Only this dataset: a record series (`department/kind`, with `?attribute=value` when the catalogue filters it) or a return kind (`department/kind`).',
  })
  @IsOptional()
  @Length(3, 200)
  @Matches(/^[a-z][a-z-]*\/[a-z0-9][a-z0-9-]*(\?[A-Za-z0-9_=|&.-]+)?$/, { message: 'must be a dataset: department/kind' })
  dataset?: string;

  @ApiPropertyOptional({ example: '2024', description: 'Only periods within this one: YYYY (every period of the year), YYYY-Qn (the quarter and its months) or YYYY-MM.' })
  @IsOptional()
  @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' })
  period?: string;

  @ApiPropertyOptional({ example: '520103001', description: 'Only this area: the district or one of its streets and towns (the areas that report).' })
  @IsOptional()
  @Matches(/^\d{6,12}$/, { message: 'must be an area code' })
  area?: string;

  @ApiPropertyOptional({
    example: '2025-06-30T16:00:00Z',
    description: 'The instant the figures are as of (ISO 8601; default now): periods due by then, data arrived by then. The same instant always gives the same answer.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  asOf?: string;
}

export class CompletenessTallyDto {
  @ApiProperty({ example: 18, description: 'Department × dataset × period × area cells whose deadline has passed.' })
  expected: number;

  @ApiProperty({ example: 16, description: 'Cells with data received (on time or late).' })
  received: number;

  @ApiProperty({ example: 15, description: 'Received, first arrival before the deadline.' })
  onTime: number;

  @ApiProperty({ example: 1, description: 'Received, first arrival at or after the deadline.' })
  late: number;

  @ApiProperty({ example: 2, description: 'Nothing received.' })
  missing: number;

  @ApiProperty({ nullable: true, type: Number, example: 0.8889, description: 'received ÷ expected; null when nothing is expected.' })
  completenessRate: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 0.8333, description: 'onTime ÷ expected; null when nothing is expected.' })
  timelinessRate: number | null;
}

export class CompletenessAreaDto {
  @ApiProperty({ example: '520103001' })
  areaCode: string;

  @ApiProperty({ enum: STATUSES, example: 'on_time' })
  status: (typeof STATUSES)[number];

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2024-02-03T02:11:09.000Z', description: 'When the period’s data first reached monitoring.' })
  firstArrivalAt: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2024-03-01T08:00:00.000Z', description: 'The latest arrival (a later correction), up to asOf.' })
  lastArrivalAt: string | null;
}

export class CompletenessGroupDto extends CompletenessTallyDto {
  @ApiProperty({ example: 'health' })
  department: string;

  @ApiProperty({ example: 'health/live-birth' })
  dataset: string;

  @ApiProperty({ enum: ['records', 'return'], example: 'records' })
  datasetType: 'records' | 'return';

  @ApiProperty({ example: '2024-01', description: 'At the dataset’s reporting frequency (the catalogue’s): YYYY, YYYY-Qn or YYYY-MM.' })
  period: string;

  @ApiProperty({ format: 'date-time', example: '2024-02-15T16:00:00.000Z', description: 'The deadline: the end of the due day, China Standard Time.' })
  dueBy: string;

  @ApiProperty({ type: [CompletenessAreaDto] })
  areas: CompletenessAreaDto[];
}

export class CompletenessPageDto extends CountedPageDto {
  @ApiProperty({ format: 'date-time', example: '2025-06-30T16:00:00.000Z' })
  asOf: string;

  @ApiProperty({ type: CompletenessTallyDto, description: 'Over every item matching the filters, not only this page.' })
  totals: CompletenessTallyDto;

  @ApiProperty({ type: [CompletenessGroupDto], description: 'One per department × dataset × period, in that order.' })
  items: CompletenessGroupDto[];
}
