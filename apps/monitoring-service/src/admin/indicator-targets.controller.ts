import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';
import { TargetChangeService } from '../assessment/target-change.service';
import { AdminAccess } from '../auth/access.decorators';
import { UnknownIndicatorError } from '../indicator-store/indicator-store.service';
import { QueryService } from '../query/query.service';
import { TargetChangeResultDto, UpdateTargetsDto } from './indicator-targets.dto';

const CODE = ApiParam({ name: 'code', example: 'HEA-02', description: 'Indicator code.' });

/** The administrator's change of an indicator's target, tolerance or baseline; the indicator's reads are in query/. */
@ApiTags('indicators')
@Controller('v1/indicators')
export class IndicatorTargetsController {
  constructor(
    private readonly query: QueryService,
    private readonly targets: TargetChangeService,
  ) {}

  @Patch(':code')
  @AdminAccess()
  @CODE
  @ApiOperation({
    // The operationId it had when it was served beside the reads (IndicatorsController): the contract and its clients keep it.
    operationId: 'Indicators_update',
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
}
