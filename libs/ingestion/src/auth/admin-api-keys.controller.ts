import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@wdp/platform';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DatabaseUnavailableInterceptor } from '../http/database-unavailable.interceptor';
import { ApiKeyProtected, ApiProblems } from '../http/problem-docs';
import { ApiKeyGuard, AuthenticatedRequest, RequireScope } from './api-key.guard';
import { ApiKeyInputError, ApiKeyService } from './api-key.service';
import { ADMIN_SCOPE } from './scopes';

export class IssueApiKeyDto {
  @ApiProperty({
    example: 'health',
    description: "Department the key belongs to (its code appears in the key): this service's department (at monitoring also `monitoring`, the monitoring team). Any other: 422.",
  })
  @IsString()
  @Matches(/^[a-z][a-z-]{1,30}[a-z]$/, { message: 'must be a lowercase department code such as health' })
  department: string;

  @ApiProperty({
    example: ['write:health', 'read:health'],
    description:
      "This service's scopes only (another department's: 422): admin, write:<department> (the key's own department), read:<department>; at monitoring also read:monitoring, handle:alerts, manage:subscriptions, generate:reports, read:unsuppressed.",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  scopes: string[];

  @ApiProperty({ example: 'MCH information system (hospital no. 2)', description: 'Who uses the key.' })
  @IsString()
  @Length(1, 200)
  label: string;
}

export class ApiKeyInfoDto {
  @ApiProperty({ format: 'uuid', example: '3c3e0c3a-2b1d-4e4f-9a8b-7c6d5e4f3a2b' }) id: string;
  @ApiProperty({ example: '9f86d081', description: 'Public part of the key, shown in listings.' }) prefix: string;
  @ApiProperty({ example: 'health' }) department: string;
  @ApiProperty({ example: ['write:health', 'read:health'] }) scopes: string[];
  @ApiProperty({ example: 'MCH information system (hospital no. 2)' }) label: string;
  @ApiProperty({ format: 'date-time', example: '2025-08-02T03:04:05.000Z' }) createdAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, example: null }) revokedAt: string | null;
  @ApiPropertyOptional({ nullable: true, example: null }) revokedReason: string | null;
}

export class IssuedApiKeyDto extends ApiKeyInfoDto {
  @ApiProperty({ example: 'wdp_health_9f86d081_Jq0v0u3bq9Zb3sQf4H0m4k8nq2mZ0cW1xYtV7aL5pQs', description: 'The key. Shown once; only its SHA-256 is stored.' })
  key: string;
}

class ListKeysQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked?: boolean;
}

class RevokeQueryDto {
  @ApiProperty({ example: 'system decommissioned' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** Key management for this service's administrators (scope `admin`). */
@ApiTags('admin: api keys')
@ApiKeyProtected()
@UseGuards(ApiKeyGuard)
@UseInterceptors(DatabaseUnavailableInterceptor)
@RequireScope(ADMIN_SCOPE)
@Controller('v1/admin/api-keys')
export class AdminApiKeysController {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {}

  @Post()
  @ApiOperation({
    summary: 'Issue an API key',
    description: "The key is in the response once; store it in the departmental system. Only for this service's department and scopes. Scope: admin.",
  })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiProblems(400, 422, 503)
  async issue(@Body() body: IssueApiKeyDto, @Req() req: AuthenticatedRequest) {
    try {
      return await this.keys.issue(body, req.apiKey!.id);
    } catch (err) {
      if (err instanceof ApiKeyInputError) throw ProblemException.validation(err.errors);
      throw err;
    }
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (never the keys themselves)', description: 'Scope: admin.' })
  @ApiOkResponse({ type: [ApiKeyInfoDto] })
  @ApiProblems(422, 503)
  list(@Query() query: ListKeysQueryDto) {
    return this.keys.list(query.includeRevoked ?? false);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key', description: 'Takes effect on the next request (keys are checked against the database every time). Scope: admin.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ApiKeyInfoDto })
  @ApiProblems(404, 422, 503)
  async revoke(@Param('id') id: string, @Query() query: RevokeQueryDto, @Req() req: AuthenticatedRequest) {
    let info;
    try {
      info = /^[0-9a-f-]{36}$/i.test(id) ? await this.keys.revoke(id, query.reason, req.apiKey!.id) : undefined;
    } catch (err) {
      if (err instanceof ApiKeyInputError) throw ProblemException.validation(err.errors);
      throw err;
    }
    if (!info) throw ProblemException.notFound(`No API key with id ${id}.`);
    return info;
  }
}
