import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { AREA_LEVELS, PERIOD_GRANULARITIES } from '@wdp/contracts';
import { CountedPageDto } from '@wdp/platform';
import { Allow, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../paging';
import { FreeText } from '../silences/silence.dto';
import { RULE_OPERATORS, RULE_SEVERITIES, TERM_AREAS } from './rule';
import { VIOLATION_STATES } from './validation.repository';

const TERM_SCHEMA: NonNullable<ApiPropertyOptions['items']> = {
  type: 'object',
  required: ['operand'],
  additionalProperties: false,
  properties: {
    operand: {
      type: 'object',
      description:
        'A record input {department, recordKind, where?, sex? (F|M), ageBands?} — one the indicator catalogue aggregates — or a return figure {department, returnKind, sex (F|M|T), ageBands?, measure? (value|numerator|denominator)}, written as the catalogue formulas write theirs.',
      example: { department: 'health', recordKind: 'maternal-death' },
    },
    coefficient: { type: 'number', default: 1, description: 'Multiplier of the term (−1 subtracts it); not 0.' },
    areas: { type: 'string', enum: [...TERM_AREAS] as string[], default: 'area', description: '`area`: the checked area; `sub-areas`: the sum over its direct sub-areas (a return must be filed by every one of them).' },
  },
};

const SIDE = (example: object[], description: string): ApiPropertyOptions => ({ type: 'array', items: TERM_SCHEMA, minItems: 1, maxItems: 20, example, description });

/** A rule definition as written: the server checks it whole (422 naming each bad field, e.g. `left[0].operand.recordKind`). */
export class RuleDefinitionDto {
  @ApiProperty({ example: 'Maternal deaths cannot exceed live births', maxLength: 200 })
  @Allow()
  nameEn: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '孕产妇死亡数不应超过活产数', maxLength: 200 })
  @Allow()
  nameZh?: string | null;

  @ApiProperty(SIDE([{ operand: { department: 'health', recordKind: 'maternal-death' } }], 'The left side: a sum of terms.'))
  @Allow()
  left: unknown[];

  @ApiProperty({ enum: [...RULE_OPERATORS], example: '<=', description: '`yoy_within`: the left side changes by at most `tolerance` per cent from the same period a year earlier (no right side).' })
  @Allow()
  operator: string;

  @ApiPropertyOptional(SIDE([{ operand: { department: 'health', recordKind: 'live-birth' } }], 'The right side: a sum of terms; absent or empty for yoy_within.'))
  @Allow()
  right?: unknown[];

  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, example: 0, description: 'Slack in the sides’ unit (== holds within ± tolerance); for yoy_within the bound in per cent (required, positive).' })
  @Allow()
  tolerance?: number;

  @ApiProperty({ enum: [...RULE_SEVERITIES], example: 'error', description: 'error: refuses a statistics return at submission and blocks approval until overridden; warning: listed only.' })
  @Allow()
  severity: string;

  @ApiPropertyOptional({ type: [String], enum: [...AREA_LEVELS], default: ['district', 'street', 'town'], example: ['district', 'street', 'town'], description: 'The levels of the areas it is checked in.' })
  @Allow()
  areaLevels?: string[];

  @ApiPropertyOptional({ enum: [...PERIOD_GRANULARITIES], default: 'year', example: 'year', description: 'The periods it is checked for.' })
  @Allow()
  granularity?: string;
}

export class ChangeRuleDto extends RuleDefinitionDto {
  @ApiProperty({ example: 'Checks the birth registry against the death reviews (统计局2026年数据质量方案).', minLength: 3, maxLength: 500, description: 'Why: kept with the version in the audit trail.' })
  @IsString() @Length(3, 500) @FreeText()
  reason: string;
}

export class CreateRuleDto extends ChangeRuleDto {
  @ApiProperty({ example: 'VR-05', pattern: '^[A-Z][A-Z0-9]{0,9}-[0-9]{2,4}$', description: 'The rule’s code, never reused.' })
  @IsString() @Matches(/^[A-Z][A-Z0-9]{0,9}-[0-9]{2,4}$/, { message: 'must look like VR-05' })
  code: string;
}

export class DeleteRuleQueryDto {
  @ApiProperty({ example: 'Replaced by VR-07, which checks the same by quarter.', minLength: 3, maxLength: 500 })
  @IsString() @Length(3, 500) @FreeText()
  reason: string;
}

export class RuleDto {
  @ApiProperty({ example: 'VR-01' }) code: string;
  @ApiProperty({ example: 2, description: 'Goes up by one with every change.' }) version: number;
  @ApiProperty({ description: 'False once deleted.' }) enabled: boolean;
  @ApiProperty({ type: [String], example: ['health/live-birth', 'health/maternal-death'], description: 'The datasets (department/kind) it reads.' }) datasets: string[];
  @ApiProperty({ type: RuleDefinitionDto }) definition: RuleDefinitionDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class RulePageDto extends CountedPageDto {
  @ApiProperty({ type: [RuleDto] }) items: RuleDto[];
}

export class RuleVersionDto {
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ type: RuleDefinitionDto }) definition: RuleDefinitionDto;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ example: 'statistics:wdp_statistics_1a2b3c4d', description: 'The API key that wrote it (department and public prefix), or `seed`.' }) changedBy: string;
  @ApiProperty() changedAt: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: RuleDefinitionDto, nullable: true, description: 'The definition before this version (null for the first).' }) previous: RuleDefinitionDto | null;
}

export class RuleVersionPageDto extends CountedPageDto {
  @ApiProperty({ type: [RuleVersionDto] }) items: RuleVersionDto[];
}

export class RunSummaryDto {
  @ApiProperty({ example: 4, description: 'Enabled rules run.' }) rules: number;
  @ApiProperty({ example: 120, description: 'Area × period checks that had the data to be made.' }) checked: number;
  @ApiProperty({ example: 2, description: 'Violations found (new or seen again).' }) violations: number;
  @ApiProperty({ example: 1, description: 'Violations no longer found, now resolved.' }) resolved: number;
  @ApiProperty({ example: 1, description: 'Departmental approvals held pending validation that the run freed: they count in the official figures from this run on (GET /v1/approvals).' }) cellsReleased: number;
  @ApiProperty({ example: 0, description: 'Departmental approvals the run now holds pending validation.' }) cellsHeld: number;
}

/** An approval cell (docs/approval.md): one department's dataset for one period and area. */
export class ReleasedCellDto {
  @ApiProperty({ example: 'health' }) department: string;
  @ApiProperty({ enum: ['record', 'return'], example: 'record' }) datasetType: string;
  @ApiProperty({ example: 'maternal-death' }) kind: string;
  @ApiProperty({ example: '2024', description: 'Records: the year. Returns: the return’s period.' }) period: string;
  @ApiProperty({ example: '520103', description: 'Records: the district. Returns: the return’s area.' }) area: string;
}

export class ViolationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'VR-01' }) @IsOptional() @IsString() @Length(1, 20) rule?: string;
  @ApiPropertyOptional({ enum: [...VIOLATION_STATES] }) @IsOptional() @IsIn([...VIOLATION_STATES]) state?: (typeof VIOLATION_STATES)[number];
  @ApiPropertyOptional({ enum: [...RULE_SEVERITIES] }) @IsOptional() @IsIn([...RULE_SEVERITIES]) severity?: (typeof RULE_SEVERITIES)[number];
  @ApiPropertyOptional({ example: '520103' }) @IsOptional() @Matches(/^\d{6,12}$/, { message: 'must be an area code' }) area?: string;
  @ApiPropertyOptional({ example: '2024' }) @IsOptional() @Matches(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { message: 'must be a period: YYYY, YYYY-Qn or YYYY-MM' }) period?: string;
  @ApiPropertyOptional({ example: 'health/maternal-death', description: 'A dataset the rule reads (department/kind).' })
  @IsOptional() @Matches(/^[a-z][a-z-]*\/[a-z][a-z0-9-]*$/, { message: 'must be department/kind' })
  dataset?: string;
  @ApiPropertyOptional({ example: 'health', description: 'A department whose data the rule reads.' }) @IsOptional() @Matches(/^[a-z][a-z-]*$/, { message: 'must be a department code' }) department?: string;
}

export class ViolationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'VR-01' }) ruleCode: string;
  @ApiProperty({ example: 1, description: 'The rule version that last found it.' }) ruleVersion: number;
  @ApiProperty({ enum: [...RULE_SEVERITIES] }) severity: string;
  @ApiProperty({ type: [String], example: ['health/live-birth', 'health/maternal-death'] }) datasets: string[];
  @ApiProperty({ example: '520103' }) areaCode: string;
  @ApiProperty({ example: '2024' }) period: string;
  @ApiProperty({ example: 3, description: 'The left side’s number as last seen.' }) left: number;
  @ApiProperty({ example: 2, description: 'The right side’s number (for yoy_within: the left side a year earlier).' }) right: number;
  @ApiProperty({ enum: [...VIOLATION_STATES], description: 'open blocks approval (error severity); overridden holds while the numbers stay the same.' }) state: string;
  @ApiProperty() firstSeenAt: string;
  @ApiProperty() lastSeenAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) overriddenBy: string | null;
  @ApiProperty({ nullable: true, type: String }) overriddenAt: string | null;
  @ApiProperty({ nullable: true, type: String }) overrideReason: string | null;
}

export class OverriddenViolationDto extends ViolationDto {
  @ApiProperty({
    type: [ReleasedCellDto],
    description: 'The departmental approvals this violation held pending validation that nothing else blocks: they count in the official figures from this answer on, their values and assessments recomputed by the settler within about a second. Empty when it held none, or others still block them.',
  })
  releasedCells: ReleasedCellDto[];
}

export class ViolationPageDto extends CountedPageDto {
  @ApiProperty({ type: [ViolationDto] }) items: ViolationDto[];
}

export class OverrideViolationDto {
  @ApiProperty({ example: '两例孕产妇死亡为外区户籍，分娩在本区登记；已核实。', minLength: 3, maxLength: 1000, description: 'Why the figures stand: kept with the violation and in its audit.' })
  @IsString() @Length(3, 1000) @FreeText()
  reason: string;
}
