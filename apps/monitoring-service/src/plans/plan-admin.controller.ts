import { applyDecorators, Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage, ProblemException } from '@wdp/platform';
import { serializePlan } from '@wdp/plans';
import type { FastifyReply } from 'fastify';
import { AdminAccess } from '../auth/access.decorators';
import { auditActor } from '../auth/actor';
import { PageQueryDto, pagingOf } from '../paging';
import { planBody } from './plan-body';
import { PlanImportService } from './plan-import.service';
import { PlanRegistryService } from './plan-registry.service';
import { PLAN_DOCUMENT_SCHEMA, PLAN_EXAMPLE, PlanAuditPageDto, PlanExportQueryDto, PlanImportQueryDto, PlanImportResultDto, PlanVersionDto } from './plan.dto';
import { PLAN_ID, requirePlan } from './plans.controller';

const PLAN_BODY = applyDecorators(
  ApiConsumes('application/json', 'application/yaml'),
  ApiBody({
    description: 'The plan document, as JSON (application/json) or YAML (application/yaml), exactly as `npm run plan -- validate` checks it.',
    required: true,
    schema: PLAN_DOCUMENT_SCHEMA,
    examples: { plan: { value: PLAN_EXAMPLE } },
  }),
);

const IMPORT_DOC =
  'Validated against the stored catalogue: a rejected document is a 422 naming each problem’s field (targets[3].indicator) and writes nothing. ' +
  'Versions are immutable and numbered 1, 2, 3…; a number other than the next is a 409. A draft may become adopted, not the reverse. ' +
  'A version of the monitored plan (yunyan-district-2021-2025) changes the targets in force: each changed value, tolerance or baseline goes through the target-change path (audited, re-assessed at once, alerts follow).';

/** The administrator's side of the plan registry: importing plans and their versions, exporting them, their history. */
@ApiTags('plans')
@Controller('v1/admin/plans')
export class PlanAdminController {
  constructor(
    private readonly registry: PlanRegistryService,
    private readonly imports: PlanImportService,
  ) {}

  @Post()
  @AdminAccess()
  @PLAN_BODY
  @ApiOperation({ summary: 'Import a new plan: its version 1 (admin)', description: IMPORT_DOC })
  @ApiCreatedResponse({ type: PlanImportResultDto })
  @ApiProblems(409, 415, 422)
  create(@Body() body: unknown, @Query() q: PlanImportQueryDto, @Req() req: AuthenticatedRequest): Promise<PlanImportResultDto> {
    return this.imports.import(planBody(body), { importedBy: auditActor(req.apiKey), reason: q.reason ?? null });
  }

  @Post(':id/versions')
  @AdminAccess()
  @PLAN_ID
  @PLAN_BODY
  @ApiOperation({ summary: 'Import the next version of a plan (admin)', description: IMPORT_DOC })
  @ApiCreatedResponse({ type: PlanImportResultDto })
  @ApiProblems(404, 409, 415, 422)
  newVersion(@Param('id') id: string, @Body() body: unknown, @Query() q: PlanImportQueryDto, @Req() req: AuthenticatedRequest): Promise<PlanImportResultDto> {
    return this.imports.import(planBody(body), { importedBy: auditActor(req.apiKey), reason: q.reason ?? null, planId: id });
  }

  @Get(':id/export')
  @HttpCode(200)
  @AdminAccess()
  @PLAN_ID
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Export a plan’s document as a file, YAML or JSON (admin)', description: 'The latest version, or the one asked for; the file imports as it is.' })
  @ApiProduces('application/yaml', 'application/json')
  @ApiOkResponse({ description: 'The document, with Content-Disposition naming the file <id>-v<version>.<yaml|json>.', schema: PLAN_DOCUMENT_SCHEMA })
  @ApiProblems(404, 422)
  async export(@Param('id') id: string, @Query() q: PlanExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const doc = await requirePlan(this.registry, id, q.version);
    const format = q.format ?? 'yaml';
    reply.header('Content-Type', format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${doc.id}-v${doc.version}.${format}"`);
    return serializePlan(doc, format);
  }

  @Get(':id/versions')
  @AdminAccess()
  @PLAN_ID
  @ApiOperation({ summary: 'A plan’s versions, oldest first: who imported each, when, why, its content hash (admin)' })
  @ApiOkResponse({ type: [PlanVersionDto] })
  @ApiProblems(404)
  async versions(@Param('id') id: string): Promise<PlanVersionDto[]> {
    const versions = await this.registry.versions(id);
    if (versions.length === 0) throw ProblemException.notFound(`There is no plan ${id}.`);
    return versions;
  }

  @Get(':id/audit')
  @AdminAccess()
  @PLAN_ID
  @ApiOperation({ summary: 'A plan’s audit trail, newest first: each field every version changed, old and new value, who, why (admin)' })
  @ApiOkResponse({ type: PlanAuditPageDto })
  @ApiProblems(404, 422)
  async audit(@Param('id') id: string, @Query() q: PageQueryDto): Promise<PlanAuditPageDto> {
    if (!(await this.registry.summary(id))) throw ProblemException.notFound(`There is no plan ${id}.`);
    const paging = pagingOf(q);
    const { items, total } = await this.registry.audit(id, paging.limit, paging.offset);
    return countedPage(paging, total, items);
  }
}
