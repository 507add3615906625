import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CountedPageDto } from '@wdp/platform';
import { PageQueryDto } from '../paging';

export const REPORT_KINDS = ['annual', 'mid_term', 'final'] as const;

export class GenerateReportDto {
  @ApiProperty({ enum: REPORT_KINDS, example: 'mid_term', description: 'annual (any year), mid_term (the middle year of the plan’s period: 2023 for the district plan 2021–2025) or final (its last year: 2025).' })
  @IsIn(REPORT_KINDS)
  kind: (typeof REPORT_KINDS)[number];

  @ApiPropertyOptional({ example: 2023, description: 'Required for annual; implied for the evaluations.' })
  @IsOptional()
  @IsInt()
  @Min(2020)
  @Max(2030)
  year?: number;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_KINDS })
  @IsOptional()
  @IsIn(REPORT_KINDS)
  kind?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1949, maximum: 2100, example: 2023, description: 'Only reports of this year.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1949) // a year of 1e20 reached PostgreSQL as an out-of-range integer: a 500
  @Max(2100)
  year?: number;
}

export class ReportFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv', 'html', 'pdf'], default: 'json', description: 'pdf: the HTML page printed by headless Chromium; 503 where the server has none.' })
  @IsOptional()
  @IsIn(['json', 'csv', 'html', 'pdf'])
  format?: 'json' | 'csv' | 'html' | 'pdf';

  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Unsuppressed figures: needs the read:unsuppressed scope.' })
  @IsOptional()
  @Transform(({ obj, key }) => obj[key] === true || obj[key] === 'true')
  @IsBoolean()
  unsuppressed?: boolean;
}

export class ReportSnapshotDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind: string;
  @ApiProperty({ example: 2023 }) year: number;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ example: 'monitoring:wdp_monitoring_1a2b3c4d' }) generatedBy: string;
  @ApiProperty({ example: '1.0.0' }) methodologyVersion: string;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ example: 'sha256:9f2c…', description: 'Hash of exactly the data the report used.' }) dataRevision: string;
  @ApiProperty({ example: 5 }) disclosureK: number;
  @ApiProperty({ example: 'sha256:41ab…', description: 'Hash of the assembled report; regeneration reproduces it.' }) contentHash: string;
  @ApiProperty({ example: 'yunyan-district-2021-2025', description: 'The plan the report evaluates.' }) planId: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 1, description: 'The plan’s version; null for snapshots taken before plans were versioned.' }) planVersion: number | null;
}

export class ReportPageDto extends CountedPageDto {
  @ApiProperty({ type: [ReportSnapshotDto] }) items: ReportSnapshotDto[];
}

export class RegenerationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() identical: boolean;
  @ApiProperty() storedContentHash: string;
  @ApiProperty() regeneratedContentHash: string;
  @ApiProperty() methodologyVersion: string;
  @ApiProperty() currentMethodologyVersion: string;
}
