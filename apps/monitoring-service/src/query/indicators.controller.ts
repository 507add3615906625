import { Body, Controller, Get, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';
import { TargetChangeService } from '../assessment/target-change.service';
import { UnknownIndicatorError } from '../catalogue/catalogue.service';
import { AdminAccess, ReadAccess } from '../auth/access.decorators';
import { AuditPageDto, IndicatorDetailDto, IndicatorListQueryDto, IndicatorPageDto, TargetChangeResultDto, UpdateTargetsDto } from './dto/indicator.dto';
import { PageQueryDto } from './dto/page.dto';
import { QueryService } from './query.service';

const CODE = ApiParam({ name: 'code', example: 'HEA-02', description: 'Indicator code.' });

@ApiTags('indicators')
@Controller('v1/indicators')
export class IndicatorsController {
  constructor(
    private readonly query: QueryService,
    private readonly targets: TargetChangeService,
  ) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'The indicator catalogue: every target of the plan, with its definition, target and baseline' })
  @ApiOkResponse({ type: IndicatorPageDto })
  @ApiProblems(422)
  list(@Query() q: IndicatorListQueryDto): Promise<IndicatorPageDto> {
    return this.query.indicators(q);
  }

  @Get(':code')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'One indicator, with the history of its target and baseline' })
  @ApiOkResponse({ type: IndicatorDetailDto })
  @ApiProblems(404)
  one(@Param('code') code: string): Promise<IndicatorDetailDto> {
    return this.query.indicator(code);
  }

  @Patch(':code')
  @AdminAccess()
  @CODE
  @ApiOperation({
    summary: 'Change the target, tolerance or baseline (admin)',
    description: 'Audited (who, when, old, new, why); the changed fields are kept over later catalogue updates. The indicator is re-assessed in every area at once and alerts follow.',
  })
  @ApiOkResponse({ type: TargetChangeResultDto })
  @ApiProblems(404, 422)
  async update(@Param('code') code: string, @Body() body: UpdateTargetsDto, @Req() req: AuthenticatedRequest): Promise<TargetChangeResultDto> {
    const { reason, ...patch } = body;
    const who = req.apiKey ? `api-key:${req.apiKey.prefix} (${req.apiKey.department})` : 'unknown';
    try {
      const result = await this.targets.change(code, patch, who, reason);
      return { indicator: await this.query.indicator(code), changes: result.changes, recompute: result.recompute };
    } catch (err) {
      if (err instanceof UnknownIndicatorError) throw new ProblemException(problem(404, err.message));
      throw err;
    }
  }

  @Get(':code/audit')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'Every change of the indicator: who, when, old value, new value, why' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(404, 422)
  audit(@Param('code') code: string, @Query() q: PageQueryDto): Promise<AuditPageDto> {
    return this.query.audit(code, q);
  }
}
