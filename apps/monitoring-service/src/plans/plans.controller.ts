import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { countedPage, ProblemException } from '@wdp/platform';
import type { PlanDocument } from '@wdp/plans';
import { ReadAccess } from '../auth/access.decorators';
import { pagingOf } from '../paging';
import { PLAN_DOCUMENT_SCHEMA, PlanListQueryDto, PlanPageDto, PlanVersionQueryDto } from './plan.dto';
import { PlanRegistryService } from './plan-registry.service';

export const PLAN_ID = ApiParam({ name: 'id', example: 'yunyan-district-2021-2025', description: 'The plan’s id.' });

/** The plans as stored, for anyone who reads the monitoring data. */
@ApiTags('plans')
@Controller('v1/plans')
export class PlansController {
  constructor(private readonly registry: PlanRegistryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'The plans in the registry (national, province, city, district), each as its latest version describes it' })
  @ApiOkResponse({ type: PlanPageDto })
  @ApiProblems(422)
  async list(@Query() q: PlanListQueryDto): Promise<PlanPageDto> {
    const paging = pagingOf(q);
    const { items, total } = await this.registry.page({ level: q.level, status: q.status, area: q.area }, paging.limit, paging.offset);
    return countedPage(paging, total, items);
  }

  @Get(':id')
  @ReadAccess()
  @PLAN_ID
  @ApiOperation({ summary: 'A plan’s document: its latest version, or the one asked for', description: 'The document as imported (wdp-plan/1); it can be imported elsewhere as it is.' })
  @ApiOkResponse({ schema: PLAN_DOCUMENT_SCHEMA })
  @ApiProblems(404, 422)
  async one(@Param('id') id: string, @Query() q: PlanVersionQueryDto): Promise<PlanDocument> {
    return requirePlan(this.registry, id, q.version);
  }
}

/** The document, or a 404 naming what is missing: the plan, or only the version. */
export async function requirePlan(registry: PlanRegistryService, id: string, version?: number): Promise<PlanDocument> {
  const doc = await registry.get(id, version);
  if (doc) return doc;
  if (version !== undefined && (await registry.summary(id))) throw ProblemException.notFound(`Plan ${id} has no version ${version}.`);
  throw ProblemException.notFound(`There is no plan ${id}.`);
}
