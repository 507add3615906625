import { Body, Controller, Param, Patch, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';
import { AdminAccess } from '../auth/access.decorators';
import { auditActor } from '../auth/actor';
import { UnknownIndicatorError } from '../indicator-store/indicator-store.service';
import { PlanImportService } from '../plans/plan-import.service';
import { QueryService } from '../query/query.service';
import { TargetChangeResultDto, UpdateTargetsDto } from './indicator-targets.dto';

const CODE = ApiParam({ name: 'code', example: 'HEA-02', description: 'Indicator code.' });

/** The administrator's change of an indicator's target, tolerance or baseline; the indicator's reads are in query/. */
@ApiTags('indicators')
@Controller('v1/indicators')
export class IndicatorTargetsController {
  constructor(
    private readonly query: QueryService,
    private readonly plans: PlanImportService,
  ) {}

  @Patch(':code')
  @AdminAccess()
  @CODE
  @ApiOperation({
    // The operationId it had when it was served beside the reads (IndicatorsController): the contract and its clients keep it.
    operationId: 'Indicators_update',
    summary: 'Change the target, tolerance or baseline (admin)',
    description:
      'Audited (who, when, old, new, why); the changed fields are kept over later catalogue updates. The indicator is re-assessed in every area at once and alerts follow. ' +
      'The targets are the monitored plan\'s (yunyan-district-2021-2025): a change makes a new version of it in the plan registry.',
  })
  @ApiOkResponse({ type: TargetChangeResultDto })
  @ApiProblems(404, 422)
  async update(@Param('code') code: string, @Body() body: UpdateTargetsDto, @Req() req: AuthenticatedRequest): Promise<TargetChangeResultDto> {
    const { reason, ...patch } = body;
    try {
      const result = await this.plans.changeIndicatorTargets(code, patch, auditActor(req.apiKey), reason);
      return { indicator: await this.query.indicator(code), changes: result.changes, recompute: result.recompute };
    } catch (err) {
      if (err instanceof UnknownIndicatorError) throw new ProblemException(problem(404, err.message));
      throw err;
    }
  }
}
