import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Inject, Logger, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { countedPage, problem, ProblemException } from '@wdp/platform';
import { DataSource } from 'typeorm';
import { AlertActionAccess } from '../auth/scope-access';

import { CLOCK, type Clock } from '../assessment/clock';
import { ReadAccess } from '../auth/access.decorators';
import { IndicatorStoreService } from '../indicator-store/indicator-store.service';
import { pagingOf } from '../paging';
import { type Silence, silenceProblem, silenceState } from './silence';
import { CreateSilenceDto, SilenceDto, SilencePageDto, SilenceQueryDto } from './silence.dto';
import { SilenceRepository } from './silence.repository';
import { actorOf } from '../auth/actor';

/**
 * Silences mute the webhook notifications of matching alerts for a period (the alerts are still raised,
 * listed with `silencedBy`, streamed and published). Created and deleted by whoever handles alerts; read
 * by anyone who reads the monitoring data (the dashboard lists the active ones).
 */
@ApiTags('silences')
@Controller('v1/silences')
export class SilencesController {
  private readonly logger = new Logger(SilencesController.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly silences: SilenceRepository,
    private readonly catalogue: IndicatorStoreService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @AlertActionAccess()
  @ApiOperation({ summary: 'Mute the webhook notifications of alerts matching indicator, area and/or kind for a period, with a reason' })
  @ApiCreatedResponse({ type: SilenceDto })
  @ApiProblems(422)
  async create(@Body() body: CreateSilenceDto, @Req() req: AuthenticatedRequest): Promise<SilenceDto> {
    const now = this.clock();
    const startsAt = body.startsAt ? new Date(body.startsAt) : now;
    const endsAt = new Date(body.endsAt);
    const refused = silenceProblem({ ...body, startsAt, endsAt }, now);
    if (refused) throw unprocessable(refused.field, refused.reason);
    if (body.indicatorCode && !this.catalogue.find(body.indicatorCode)) throw unprocessable('indicatorCode', `no indicator ${body.indicatorCode} in the catalogue`);
    const created = await this.silences.insert(this.dataSource.manager, {
      id: randomUUID(),
      indicatorCode: body.indicatorCode ?? null,
      areaCode: body.areaCode ?? null,
      kind: body.kind ?? null,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      reason: body.reason,
      createdBy: actorOf(req.apiKey!),
    });
    this.logger.log(`silence ${created.id} created by ${created.createdBy}, ${created.startsAt} to ${created.endsAt}`);
    return this.view(created, now);
  }

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Silences, the latest ending first (default: the pending and active ones)' })
  @ApiOkResponse({ type: SilencePageDto })
  @ApiProblems(422)
  async list(@Query() q: SilenceQueryDto): Promise<SilencePageDto> {
    const now = this.clock();
    const p = pagingOf(q);
    const { items, total } = await this.silences.list(this.dataSource.manager, q.state ? [q.state] : ['pending', 'active'], now, p.limit, p.offset);
    return countedPage(p, total, items.map((s) => this.view(s, now)));
  }

  @Get(':id')
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'One silence, with who created (and deleted) it, when and why' })
  @ApiOkResponse({ type: SilenceDto })
  @ApiProblems(404)
  async one(@Param('id', new ParseUUIDPipe()) id: string): Promise<SilenceDto> {
    return this.view(found(await this.silences.byId(this.dataSource.manager, id), id), this.clock());
  }

  @Delete(':id')
  @AlertActionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'End a silence now; it stays on record as deleted, with by whom and when' })
  @ApiOkResponse({ type: SilenceDto })
  @ApiProblems(404, 409)
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest): Promise<SilenceDto> {
    const now = this.clock();
    return this.dataSource.transaction(async (manager) => {
      const silence = found(await this.silences.byId(manager, id, true), id);
      const state = silenceState(silence, now);
      if (state === 'deleted' || state === 'expired') throw new ProblemException(problem(409, `The silence is already ${state}.`));
      const deleted = (await this.silences.markDeleted(manager, id, actorOf(req.apiKey!), now))!;
      this.logger.log(`silence ${id} deleted by ${deleted.deletedBy}`);
      return this.view(deleted, now);
    });
  }

  private view(s: Silence, now: Date): SilenceDto {
    return { ...s, state: silenceState(s, now) };
  }
}

function found(s: Silence | undefined, id: string): Silence {
  if (!s) throw new ProblemException(problem(404, `No silence with id ${id}.`));
  return s;
}

function unprocessable(field: string, reason: string): ProblemException {
  return new ProblemException(problem(422, `The silence is refused: ${field} ${reason}.`, { errors: [{ field, reason }] }));
}

