import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssessmentService } from '../assessment/assessment.service';
import { AdminAccess } from '../auth/access.decorators';
import { CompletenessService } from '../completeness/completeness.service';
import { RecomputeResultDto } from './recompute-result.dto';

@ApiTags('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly completeness: CompletenessService,
  ) {}

  @Post('recompute')
  @HttpCode(200)
  @AdminAccess()
  @ApiOperation({
    summary: 'Recompute every indicator in every area (admin)',
    description: 'Runs the same evaluation as the per-event path over all pairs, with the missing-data check; gives the same results.',
  })
  @ApiOkResponse({ type: RecomputeResultDto })
  async recompute(): Promise<RecomputeResultDto> {
    const started = Date.now();
    const summary = await this.assessment.recomputeAll();
    return { ...summary, durationMs: Date.now() - started };
  }

  @Post('check-submissions')
  @HttpCode(200)
  @AdminAccess()
  @ApiOperation({
    summary: 'Check expected submissions against their deadlines now (admin); the service also does it every minute',
    description: 'The missing-data check (per indicator, at the district) and the late-dataset check (per dataset × street or town); the counts are their sum.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { raised: { type: 'integer' }, resolved: { type: 'integer' } }, example: { raised: 1, resolved: 0 } } })
  async checkSubmissions(): Promise<{ raised: number; resolved: number }> {
    const missing = await this.assessment.checkSubmissions();
    const late = await this.completeness.checkLateDatasets();
    return { raised: missing.raised + late.raised, resolved: missing.resolved + late.resolved };
  }
}
