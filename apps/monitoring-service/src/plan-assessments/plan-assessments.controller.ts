import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { PLAN_ID } from '../plans/plans.controller';
import { IndicatorPlanAssessmentQueryDto, IndicatorPlanAssessmentsDto, PlanAssessmentPageDto, PlanAssessmentQueryDto } from './dto/plan-assessment.dto';
import { PlanAssessmentService } from './plan-assessment.service';

/** Assessments under any plan of the registry, as of an evaluation year; read scope, like the other query routes. */
@ApiTags('plans')
@Controller('v1')
export class PlanAssessmentsController {
  constructor(private readonly plans: PlanAssessmentService) {}

  @Get('plans/:id/assessments')
  @ReadAccess()
  @PLAN_ID
  @ApiOperation({
    summary: 'A plan’s targets assessed on the district’s values as of an evaluation year',
    description:
      'One item per target × assessed area, each judged towards the plan’s own target and target year with the same methodology as /v1/assessments. Only data of years up to asOf is used, so the same data, plan version and asOf give the same result. A target without a figure (a draft’s to-be-set, a not-published official figure) is no_target_set. These assessments raise no alerts: only the monitored district plan’s stored assessments do.',
  })
  @ApiOkResponse({ type: PlanAssessmentPageDto })
  @ApiProblems(404, 422)
  ofPlan(@Param('id') id: string, @Query() q: PlanAssessmentQueryDto): Promise<PlanAssessmentPageDto> {
    return this.plans.ofPlan(id, q);
  }

  @Get('indicators/:code/plan-assessments')
  @ReadAccess()
  @ApiParam({ name: 'code', example: 'HEA-02' })
  @ApiOperation({
    summary: 'One indicator in one area under every plan that targets it, side by side',
    description: 'E.g. the district’s 2025 target, the city’s and the national outline’s 2030 target for maternal mortality, each with its own status, on the same values.',
  })
  @ApiOkResponse({ type: IndicatorPlanAssessmentsDto })
  @ApiProblems(404, 422)
  ofIndicator(@Param('code') code: string, @Query() q: IndicatorPlanAssessmentQueryDto): Promise<IndicatorPlanAssessmentsDto> {
    return this.plans.ofIndicator(code, q);
  }
}
