import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, ApiKeyProtected, ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage } from '@wdp/platform';
import { AdminAccess, ReadAccess } from '../auth/access.decorators';
import { actorOf } from '../auth/actor';
import { PageQueryDto, pagingOf } from '../paging';
import {
  ChangeRuleDto, CreateRuleDto, DeleteRuleQueryDto, OverriddenViolationDto, RuleDto, RulePageDto, RuleVersionPageDto, RunSummaryDto, OverrideViolationDto, ViolationDto, ViolationPageDto, ViolationQueryDto,
} from './validation.dto';
import { ValidationService } from './validation.service';

const CODE = ApiParam({ name: 'code', example: 'VR-01', description: 'Rule code.' });

/** Validation rules across datasets (admin writes, audited and versioned), their runs and their violations. */
@ApiTags('validation')
@Controller('v1/validation')
export class ValidationController {
  constructor(private readonly validation: ValidationService) {}

  @Get('rules')
  @ReadAccess()
  @ApiOperation({ summary: 'Validation rules, deleted ones included (enabled: false)' })
  @ApiOkResponse({ type: RulePageDto })
  @ApiProblems(422)
  async rules(@Query() q: PageQueryDto): Promise<RulePageDto> {
    const p = pagingOf(q);
    // Rules are a few dozen at most, written by hand: paged in memory, as the catalogue is.
    const rules = await this.validation.rules();
    return countedPage(p, rules.length, rules.slice(p.offset, p.offset + p.limit));
  }

  @Get('rules/:code')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'One validation rule, as its current version defines it' })
  @ApiOkResponse({ type: RuleDto })
  @ApiProblems(404)
  rule(@Param('code') code: string): Promise<RuleDto> {
    return this.validation.rule(code);
  }

  @Get('rules/:code/versions')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'Every version of a rule: who wrote it, when, why, and the definition before and after (the audit trail)' })
  @ApiOkResponse({ type: RuleVersionPageDto })
  @ApiProblems(404, 422)
  async versions(@Param('code') code: string, @Query() q: PageQueryDto): Promise<RuleVersionPageDto> {
    const p = pagingOf(q);
    const versions = await this.validation.versions(code);
    const items = versions.map((v, i) => ({ ...v, previous: i === 0 ? null : versions[i - 1].definition }));
    return countedPage(p, items.length, items.slice(p.offset, p.offset + p.limit));
  }

  @Post('rules')
  @AdminAccess()
  @ApiOperation({
    summary: 'Create a validation rule (admin)',
    description: 'Version 1, audited with the reason. A definition naming an input the catalogue does not aggregate, an unknown return figure, a bad operator or a malformed expression is a 422 naming the field.',
  })
  @ApiCreatedResponse({ type: RuleDto })
  @ApiProblems(409, 422)
  create(@Body() body: CreateRuleDto, @Req() req: AuthenticatedRequest): Promise<RuleDto> {
    const { code, reason, ...definition } = body;
    return this.validation.create(code, definition, actorOf(req.apiKey!), reason);
  }

  @Put('rules/:code')
  @AdminAccess()
  @CODE
  @ApiOperation({
    summary: 'Replace a rule’s definition (admin): a new version, audited with the reason, run at once',
    description: 'The new version is run over all areas and periods in the same transaction: violations it no longer finds are resolved and the departmental approvals they held count at once; ones it finds hold theirs.',
  })
  @ApiOkResponse({ type: RuleDto })
  @ApiProblems(404, 409, 422)
  update(@Param('code') code: string, @Body() body: ChangeRuleDto, @Req() req: AuthenticatedRequest): Promise<RuleDto> {
    const { reason, ...definition } = body;
    return this.validation.update(code, definition, actorOf(req.apiKey!), reason);
  }

  @Delete('rules/:code')
  @AdminAccess()
  @CODE
  @ApiOperation({ summary: 'Delete a rule (admin): a last, disabled version, audited with the reason; its violations are resolved and the approvals they held count at once' })
  @ApiOkResponse({ type: RuleDto })
  @ApiProblems(404, 409, 422)
  remove(@Param('code') code: string, @Query() q: DeleteRuleQueryDto, @Req() req: AuthenticatedRequest): Promise<RuleDto> {
    return this.validation.remove(code, actorOf(req.apiKey!), q.reason);
  }

  @Post('runs')
  @HttpCode(200)
  @AdminAccess()
  @ApiOperation({ summary: 'Run every enabled rule now over all areas and periods (admin); the same run the schedule makes, releasing the approvals whose violations it resolves' })
  @ApiOkResponse({ type: RunSummaryDto })
  run(): Promise<RunSummaryDto> {
    return this.validation.run();
  }

  @Get('violations')
  @ReadAccess()
  @ApiOperation({ summary: 'Violations of the validation rules, each with both sides’ numbers, the rule version, area, period and state (latest seen first)' })
  @ApiOkResponse({ type: ViolationPageDto })
  @ApiProblems(422)
  async violations(@Query() q: ViolationQueryDto): Promise<ViolationPageDto> {
    const p = pagingOf(q);
    const filter = { ruleCode: q.rule, state: q.state, severity: q.severity, areaCode: q.area, period: q.period, dataset: q.dataset, department: q.department };
    const { items, total } = await this.validation.violations(filter, p.limit, p.offset);
    return countedPage(p, total, items);
  }

  @Get('violations/:id')
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'One violation' })
  @ApiOkResponse({ type: ViolationDto })
  @ApiProblems(404)
  violation(@Param('id', new ParseUUIDPipe()) id: string): Promise<ViolationDto> {
    return this.validation.violation(id);
  }

  @Post('violations/:id/override')
  @HttpCode(200)
  // Who may depends on the violation (the approvers of the departments its rule reads), so the service decides.
  @UseGuards(ApiKeyGuard)
  @ApiKeyProtected()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: 'Override an open violation with a reason, so it no longer blocks approval (admin, or approve:<department> of a department the rule reads); audited',
    description:
      'The override holds while the numbers stay as they were; a run that finds other numbers reopens the violation. In the same transaction the departmental approvals it held pending validation are re-decided: those nothing else blocks count in the official figures at once (`releasedCells`).',
  })
  @ApiOkResponse({ type: OverriddenViolationDto })
  @ApiProblems(403, 404, 409, 422)
  override(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: OverrideViolationDto, @Req() req: AuthenticatedRequest): Promise<OverriddenViolationDto> {
    return this.validation.override(id, req.apiKey!, actorOf(req.apiKey!), body.reason);
  }
}
