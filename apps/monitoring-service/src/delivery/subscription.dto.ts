import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ALERT_KINDS } from '@wdp/methodology';
import { CountedPageDto } from '@wdp/platform';
import { PATTERNS, TEXT_LIMITS } from '@wdp/plans';
import { PageQueryDto } from '../paging';
import { ASSESSED_SEX_FILTER, DOMAIN_VALUES } from '../query/dto/vocab';

const KINDS = [...ALERT_KINDS];

export class SubscriptionFilterDto {
  @ApiPropertyOptional({ type: [String], enum: DOMAIN_VALUES, example: ['health'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsIn(DOMAIN_VALUES, { each: true })
  domains?: string[];

  @ApiPropertyOptional({ type: [String], example: ['health'], description: 'Owning departments: a department hears about its own indicators.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^[a-z][a-z-]{1,30}[a-z]$/, { each: true })
  departments?: string[];

  @ApiPropertyOptional({ type: [String], example: ['HEA-02'] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @Length(1, 20, { each: true })
  indicators?: string[];

  @ApiPropertyOptional({ type: [String], example: ['520103'] })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @Matches(/^\d{6,12}$/, { each: true })
  areas?: string[];

  @ApiPropertyOptional({ type: [String], enum: ASSESSED_SEX_FILTER, example: ['F', 'gap'] })
  @IsOptional() @IsArray() @IsIn(ASSESSED_SEX_FILTER, { each: true })
  sexes?: string[];

  @ApiPropertyOptional({ type: [String], enum: KINDS, example: ['limited', 'deteriorating'] })
  @IsOptional() @IsArray() @IsIn(KINDS, { each: true })
  kinds?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['yunyan-district-2021-2025'],
    description: 'Plan ids (GET /v1/plans). Alerts are raised for the monitored, adopted district plan only: a draft or another level\'s plan has none to deliver.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @MaxLength(TEXT_LIMITS.id, { each: true }) @Matches(new RegExp(PATTERNS.planId.pattern), { each: true, message: PATTERNS.planId.reason })
  plans?: string[];

  @ApiPropertyOptional({ enum: ['low', 'medium', 'high'], example: 'medium' })
  @IsOptional() @IsIn(['low', 'medium', 'high'])
  minSeverity?: 'low' | 'medium' | 'high';
}

const GROUP_WAIT_DESCRIPTION =
  'Milliseconds the alert changes of a quiet subscription wait after the first of them, to go out together in one delivery. Default: the service\'s WEBHOOK_GROUP_WAIT_MS (30 s).';
const GROUP_INTERVAL_DESCRIPTION =
  'Milliseconds between two deliveries to this subscription: changes after a delivery wait at least this long after it. Default: the service\'s WEBHOOK_GROUP_INTERVAL_MS (5 min).';

/** A subscription's grouping override, set at creation or changed later: the bounds of the service settings. */
const GroupMs = (example: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: Number, minimum: 0, maximum: 86_400_000, example, description }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(86_400_000),
  );

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

const URL_DESCRIPTION =
  'Where alerts are POSTed. Its host must resolve only to public addresses (checked when it is set and again at every delivery): ' +
  'loopback, private, link-local, CGNAT, multicast, reserved and documentation ranges, IPv4 embedded in IPv6, and cloud metadata ' +
  'services are refused with 422 naming `url`, as are credentials (`user:pass@`) and fragments. https only; plain http only to networks ' +
  'the operator allows (WEBHOOK_ALLOW_PRIVATE_CIDRS). Stored normalised (WHATWG URL). Redirects are not followed.';

export class CreateSubscriptionDto {
  @ApiProperty({ example: '卫健局 — 健康领域高优先级预警', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ type: SubscriptionFilterDto, description: 'Every list is "any of"; empty or absent does not restrict.' })
  @IsObject() @ValidateNested() @Type(() => SubscriptionFilterDto)
  filter: SubscriptionFilterDto;

  @ApiProperty({ enum: ['webhook'], example: 'webhook' })
  @IsIn(['webhook'])
  channel: 'webhook';

  @ApiProperty({ example: 'https://health.yunyan.example/hooks/wdp-alerts', description: URL_DESCRIPTION })
  @IsUrl(URL_OPTIONS) @Length(1, 2000)
  url: string;

  @GroupMs(30_000, GROUP_WAIT_DESCRIPTION)
  groupWaitMs?: number;

  @GroupMs(300_000, GROUP_INTERVAL_DESCRIPTION)
  groupIntervalMs?: number;
}

export class UpdateSubscriptionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: SubscriptionFilterDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SubscriptionFilterDto)
  filter?: SubscriptionFilterDto;

  @ApiPropertyOptional({ description: URL_DESCRIPTION }) @IsOptional() @IsUrl(URL_OPTIONS) @Length(1, 2000)
  url?: string;

  @GroupMs(30_000, GROUP_WAIT_DESCRIPTION)
  groupWaitMs?: number;

  @GroupMs(300_000, GROUP_INTERVAL_DESCRIPTION)
  groupIntervalMs?: number;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'monitoring:wdp_monitoring_1a2b3c4d' }) createdBy: string;
  @ApiProperty({ type: SubscriptionFilterDto }) filter: SubscriptionFilterDto;
  @ApiProperty({ enum: ['webhook'] }) channel: string;
  @ApiProperty() url: string;
  @ApiProperty({ description: 'False once disabled after repeated failures (re-enable with POST …/enable).' }) enabled: boolean;
  @ApiProperty({ nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Ends with the last failure, in the categories of a delivery\'s `lastError`.' }) disabledReason: string | null;
  @ApiProperty() consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: Number, description: `${GROUP_WAIT_DESCRIPTION} Null: that default.` }) groupWaitMs: number | null;
  @ApiProperty({ nullable: true, type: Number, description: `${GROUP_INTERVAL_DESCRIPTION} Null: that default.` }) groupIntervalMs: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class CreatedSubscriptionDto extends SubscriptionDto {
  @ApiProperty({ example: 'whsec_3q2-7wEvr…', description: 'The HMAC-SHA256 signing secret. Shown once, never again: store it now.' })
  secret: string;
}

export class SecretDto {
  @ApiProperty({ description: 'The new signing secret, shown once. The old one stops working at once.' })
  secret: string;
}

export class SubscriptionPageDto extends CountedPageDto {
  @ApiProperty({ type: [SubscriptionDto] }) items: SubscriptionDto[];
}

export class DeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'delivered'] })
  @IsOptional() @IsIn(['pending', 'delivered'])
  status?: 'pending' | 'delivered';
}

/** One alert change's row in a subscription's delivery log. */
export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The grouped delivery carrying this change (the X-WDP-Delivery header value); null while it waits for its group.' })
  groupId: string | null;
  @ApiProperty() eventSeq: number;
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ enum: ['raised', 'acknowledged', 'resolved'] }) transition: string;
  @ApiProperty({ enum: ['pending', 'delivered'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'connection_failed',
    description:
      'Why the last attempt failed, as a category, never socket detail: `refused_url`, `refused_address` (the host did not resolve, or not only to allowed ' +
      'addresses; nothing was connected to), `connection_failed`, `tls_failed`, `timeout`, `redirect_not_followed` (a 3xx), `HTTP <status>` (any other non-2xx), `internal_error` (not sent; see the service log).',
  })
  lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty() createdAt: string;
}

export class DeliveryPageDto extends CountedPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
}
