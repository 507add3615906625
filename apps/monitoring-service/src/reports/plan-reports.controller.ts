import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage } from '@wdp/platform';
import { ReadAccess } from '../auth/access.decorators';
import { actorOf } from '../auth/actor';
import { ReportGenerationAccess } from '../auth/scope-access';
import { pagingOf } from '../paging';
import { PlanRegistryService } from '../plans/plan-registry.service';
import { PLAN_ID, requirePlan } from '../plans/plans.controller';
import { GenerateReportDto, ReportPageDto, ReportQueryDto, ReportSnapshotDto } from './report.dto';
import { ReportService } from './report.service';

/**
 * A plan's reports: its mid-term and final evaluation (and annual reports) against the district's values,
 * generated from the plan's latest version. A snapshot is then read, rendered and regenerated through
 * /v1/reports/{id} like any other.
 */
@ApiTags('reports')
@Controller('v1/plans/:id/reports')
export class PlanReportsController {
  constructor(
    @Inject(ReportService) private readonly reports: ReportService,
    @Inject(PlanRegistryService) private readonly registry: PlanRegistryService,
  ) {}

  @Post()
  @ReportGenerationAccess()
  @PLAN_ID
  @ApiOperation({
    summary: 'Generate a frozen report of a plan: its mid-term (the middle year of its period) or final (its last year) evaluation, or an annual report (generate:reports or admin)',
    description: 'The district’s values judged against the plan’s latest version; read it at /v1/reports/{id} (JSON, CSV, HTML, PDF).',
  })
  @ApiCreatedResponse({ type: ReportSnapshotDto })
  @ApiProblems(404, 422)
  async generate(@Param('id') id: string, @Body() body: GenerateReportDto, @Req() req: AuthenticatedRequest) {
    const plan = await requirePlan(this.registry, id);
    return this.reports.generate(body.kind, body.year, actorOf(req.apiKey!), new Date(), plan);
  }

  @Get()
  @ReadAccess()
  @PLAN_ID
  @ApiOperation({ summary: 'A plan’s report snapshots, newest first' })
  @ApiOkResponse({ type: ReportPageDto })
  @ApiProblems(404, 422)
  async list(@Param('id') id: string, @Query() q: ReportQueryDto): Promise<ReportPageDto> {
    await requirePlan(this.registry, id);
    const p = pagingOf(q);
    const { items, total } = await this.reports.list({ kind: q.kind, year: q.year, planId: id }, p.limit, p.offset);
    return countedPage(p, total, items);
  }
}
