import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import type { FastifyReply } from 'fastify';
import { FigureAccess, mayReadUnsuppressed, ReportGenerationAccess, UNSUPPRESSED_SCOPE } from '../auth/scope-access';

import { ReadAccess } from '../auth/access.decorators';
import { pagingOf } from '../paging';
import { publishReport } from './publish-report';
import { GenerateReportDto, RegenerationDto, ReportFormatQueryDto, ReportPageDto, ReportQueryDto, ReportSnapshotDto } from './report.dto';
import { ReportService } from './report.service';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { PdfRenderer } from './render-pdf';
import { kindLabel } from './report-labels';
import { actorOf } from '../auth/actor';

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    @Inject(ReportService) private readonly reports: ReportService,
    @Inject(PdfRenderer) private readonly pdf: PdfRenderer,
  ) {}

  @Post()
  @ReportGenerationAccess()
  @ApiOperation({ summary: 'Generate a frozen report snapshot of the district plan 2021–2025: annual (any year), mid-term (2023) or final (2025) evaluation (generate:reports or admin)' })
  @ApiCreatedResponse({ type: ReportSnapshotDto })
  @ApiProblems(422)
  generate(@Body() body: GenerateReportDto, @Req() req: AuthenticatedRequest) {
    return this.reports.generate(body.kind, body.year, actorOf(req.apiKey!));
  }

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Report snapshots, newest first' })
  @ApiOkResponse({ type: ReportPageDto })
  async list(@Query() q: ReportQueryDto): Promise<ReportPageDto> {
    const p = pagingOf(q);
    const { items, total } = await this.reports.list({ kind: q.kind, year: q.year }, p.limit, p.offset);
    return countedPage(p, total, items);
  }

  @Get(':id')
  @FigureAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: 'A report as JSON, CSV, HTML or PDF (Chinese by default, ?lang=en)',
    description:
      'Figures from fewer than k records are suppressed (with complementary suppression); ?unsuppressed=true needs read:unsuppressed or admin. ' +
      'PDF is the HTML page printed by headless Chromium (CHROMIUM_PATH): 503 where the server has none. Scope: read:monitoring or admin.',
  })
  @ApiProduces('application/json', 'text/csv', 'text/html', 'application/pdf')
  @ApiOkResponse({
    description: 'JSON (default): the snapshot and the report as published (small figures suppressed); ?format=csv, html or pdf: the rendered report.',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['snapshot', 'report'],
          properties: { snapshot: { $ref: getSchemaPath(ReportSnapshotDto) }, report: { type: 'object', description: 'The report content by section.' } },
        },
      },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiProblems(403, 404, 503)
  async one(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ReportFormatQueryDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const unsuppressed = q.unsuppressed === true;
    const scopes = req.apiKey?.scopes ?? [];
    if (unsuppressed && !mayReadUnsuppressed(scopes)) {
      throw new ProblemException(problem(403, `Unsuppressed figures need the ${UNSUPPRESSED_SCOPE} scope.`));
    }
    const s = await this.reports.get(id);
    const published = publishReport(s.content, s.disclosureK, !unsuppressed);
    const lang = q.lang ?? 'zh';
    const base = `wdp-${s.kind}-${s.year}-${s.id.slice(0, 8)}`;
    switch (q.format ?? 'json') {
      case 'csv':
        reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${base}.csv"`);
        return renderCsv(published, lang);
      case 'html':
        reply.header('Content-Type', 'text/html; charset=utf-8');
        return renderHtml(published, lang, s.dataRevision);
      case 'pdf': {
        const pdf = await this.pdf.render(renderHtml(published, lang, s.dataRevision), `${kindLabel(s.kind, lang)} (${s.year})`);
        reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `attachment; filename="${base}-${lang}.pdf"`);
        return pdf;
      }
      default: {
        const { input: _input, content: _content, ...meta } = s;
        return { snapshot: meta, report: published };
      }
    }
  }

  @Post(':id/regenerate')
  @HttpCode(200)
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Assemble the report again from its stored input and compare with the stored report' })
  @ApiOkResponse({ type: RegenerationDto })
  @ApiProblems(404)
  regenerate(@Param('id', new ParseUUIDPipe()) id: string): Promise<RegenerationDto> {
    return this.reports.regenerate(id);
  }
}
