import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CountedPageDto } from '@wdp/platform';
import { PATTERNS, PLAN_FORMATS, PLAN_LEVELS, PLAN_STATUSES, type PlanFormat, type PlanLevel, type PlanStatus } from '@wdp/plans';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../paging';
import { planOpenApiSchema } from './plan-openapi-schema';

/** A short plan document, for the contract's examples: an example, not a real plan (the real ones are in libs/plans/plans/). */
export const PLAN_EXAMPLE = {
  schema: 'wdp-plan/1',
  id: 'example-city-2021-2025',
  version: 1,
  status: 'adopted',
  name: { zh: '示例市妇女发展规划（2021—2025年）', en: "Example City Women's Development Plan (2021–2025)" },
  level: 'city',
  area: '520100',
  period: { start: 2021, end: 2025 },
  baselineYear: 2020,
  source: { title: '示例市妇女发展规划（2021—2025年）', issuer: '示例市人民政府' },
  targets: [
    { indicator: 'HEA-02', comparator: 'at_most', value: 12, valueStatus: 'official', targetYear: 2025, source: { clause: 'main-goal', number: 2, text: '孕产妇死亡率控制在12/10万以下。' } },
  ],
};

/** A plan document in the request and response bodies: the published schema (docs/schemas/plan.schema.json) in OpenAPI's words. */
export const PLAN_DOCUMENT_SCHEMA = {
  ...planOpenApiSchema(),
  description: 'A plan document, format wdp-plan/1 (JSON Schema: docs/schemas/plan.schema.json; libs/plans/README.md explains each field). The catalogue rules (unknown indicator, comparator and unit, duplicates) are checked on import.',
  example: PLAN_EXAMPLE,
};

export class PlanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PLAN_LEVELS, example: 'district' })
  @IsOptional()
  @IsIn(PLAN_LEVELS)
  level?: PlanLevel;

  @ApiPropertyOptional({ enum: PLAN_STATUSES, example: 'adopted', description: 'The latest version’s status.' })
  @IsOptional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;

  @ApiPropertyOptional({ example: '520103', description: 'The area the plan covers: a six-digit GB/T 2260 code (100000 China, 520000 Guizhou, 520100 Guiyang, 520103 Yunyan).' })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(PATTERNS.area.pattern), { message: PATTERNS.area.reason })
  area?: string;
}

export class PlanVersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 1, description: 'A version of the plan; the latest when left out.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class PlanExportQueryDto extends PlanVersionQueryDto {
  @ApiPropertyOptional({ enum: PLAN_FORMATS, default: 'yaml', description: 'YAML (application/yaml) or JSON (application/json).' })
  @IsOptional()
  @IsIn(PLAN_FORMATS)
  format?: PlanFormat;
}

export class PlanImportQueryDto {
  @ApiPropertyOptional({ example: 'The city published its plan’s mid-term revision.', description: 'Why; kept with the version and in the audit trail.' })
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}

class LocalizedNameDto {
  @ApiProperty({ example: '云岩区妇女发展规划（2021—2025年）' })
  zh: string;

  @ApiProperty({ example: "Yunyan District Women's Development Plan (2021–2025)" })
  en: string;
}

class PeriodDto {
  @ApiProperty({ example: 2021 })
  start: number;

  @ApiProperty({ example: 2025 })
  end: number;
}

export class PlanSummaryDto {
  @ApiProperty({ example: 'yunyan-district-2021-2025' })
  id: string;

  @ApiProperty({ example: 1, description: 'The latest version.' })
  version: number;

  @ApiProperty({ enum: PLAN_STATUSES, example: 'adopted' })
  status: PlanStatus;

  @ApiProperty({ enum: PLAN_LEVELS, example: 'district' })
  level: PlanLevel;

  @ApiProperty({ example: '520103' })
  area: string;

  @ApiProperty({ type: LocalizedNameDto })
  name: LocalizedNameDto;

  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ example: true, description: 'The plan the engine assesses: its targets in force are the indicators’ (GET /v1/indicators), and an admin’s target edit makes a new version of it.' })
  monitored: boolean;

  @ApiProperty({ example: 117, description: 'Targets in the latest version.' })
  targets: number;

  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' })
  updatedAt: string;
}

export class PlanPageDto extends CountedPageDto {
  @ApiProperty({ type: [PlanSummaryDto] })
  items: PlanSummaryDto[];
}

/** A changed field's value, declared as any of its kinds (an `unknown` property would be documented as an object). */
const CHANGED = (example: unknown) => ({
  example,
  description: 'A number, a text, an object (a name, a period, a whole target), or null when absent.',
  anyOf: (['number', 'string', 'object'] as const).map((type) => ({ type, nullable: true })),
});

const ORIGINS = ['api', 'seed', 'target-edit', 'catalogue'];
const ORIGIN_DOC = 'api: imported through the admin API; seed: from libs/plans/plans/ at start; target-edit: an admin changed a target (PATCH /v1/indicators/{code}); catalogue: a catalogue update changed the targets in force at start.';

export class PlanVersionDto {
  @ApiProperty({ example: 'yunyan-district-2021-2025' })
  planId: string;

  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ enum: PLAN_STATUSES, example: 'adopted' })
  status: PlanStatus;

  @ApiProperty({ example: '3f1c…', description: 'SHA-256 of the document’s canonical JSON: equal documents hash equal in YAML or JSON.' })
  contentHash: string;

  @ApiProperty({ example: 'api-key:3f2a9c1d (statistics)', description: 'Who imported it: the API key (prefix and department), plan-seed or catalogue-seed.' })
  importedBy: string;

  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' })
  importedAt: string;

  @ApiProperty({ enum: ORIGINS, example: 'api', description: ORIGIN_DOC })
  origin: string;

  @ApiProperty({ nullable: true, type: String, example: 'Mid-term review sets a stricter target.' })
  reason: string | null;

  @ApiProperty({ example: 117 })
  targets: number;
}

export class PlanFieldChangeDto {
  @ApiProperty({ example: 'targets[HEA-02@2025].value', description: 'created for a first version; a plan’s field by name; a target’s by its indicator and year.' })
  field: string;

  @ApiProperty(CHANGED(14))
  old: unknown;

  @ApiProperty(CHANGED(12))
  new: unknown;
}

export class PlanImportResultDto {
  @ApiProperty({ type: PlanSummaryDto })
  plan: PlanSummaryDto;

  @ApiProperty({ type: PlanVersionDto })
  version: PlanVersionDto;

  @ApiProperty({ type: [PlanFieldChangeDto], description: 'What this version changed against the one before.' })
  changes: PlanFieldChangeDto[];

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'For the monitored plan: the targets in force the version changed (per indicator) and the re-assessment that followed; null for other plans.',
    example: { changes: [{ code: 'HEA-02', changes: [{ field: 'targetValue', old: 14, new: 12 }] }], recompute: { pairs: 19, assessments: 19, alertsRaised: 1, alertsResolved: 0 } },
  })
  targetsInForce: unknown;
}

export class PlanAuditEntryDto {
  @ApiProperty({ example: '12' })
  id: string;

  @ApiProperty({ example: 'yunyan-district-2021-2025' })
  planId: string;

  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' })
  changedAt: string;

  @ApiProperty({ example: 'api-key:3f2a9c1d (statistics)' })
  changedBy: string;

  @ApiProperty({ enum: ORIGINS, example: 'api', description: ORIGIN_DOC })
  origin: string;

  @ApiProperty({ example: 'targets[HEA-02@2025].value' })
  field: string;

  @ApiProperty(CHANGED(14))
  oldValue: unknown;

  @ApiProperty(CHANGED(12))
  newValue: unknown;

  @ApiProperty({ nullable: true, type: String, example: 'Mid-term review sets a stricter target.' })
  reason: string | null;
}

export class PlanAuditPageDto extends CountedPageDto {
  @ApiProperty({ type: [PlanAuditEntryDto] })
  items: PlanAuditEntryDto[];
}
