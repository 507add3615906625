import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { AlertActionAccess } from '../auth/scope-access';
import type { AlertView } from './alert-lifecycle';
import { AlertDto } from './alert.dto';
import { AcknowledgeAlertDto, AlertHistoryDto, ResolveAlertDto } from './alert-lifecycle.dto';
import { AlertLifecycleService } from './alert-lifecycle.service';
import { actorOf } from '../auth/actor';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertLifecycleController {
  constructor(private readonly lifecycle: AlertLifecycleService) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @AlertActionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Acknowledge an open alert with a comment (handle:alerts or admin)' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(404, 409, 422)
  acknowledge(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AcknowledgeAlertDto, @Req() req: AuthenticatedRequest): Promise<AlertView> {
    return this.lifecycle.acknowledge(id, actorOf(req.apiKey!), body.comment);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @AlertActionAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Resolve an alert by hand, with the reason (handle:alerts or admin)', description: 'If the indicator still calls for the warning at its next assessment, a new alert is raised.' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(404, 409, 422)
  resolve(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResolveAlertDto, @Req() req: AuthenticatedRequest): Promise<AlertView> {
    return this.lifecycle.resolve(id, actorOf(req.apiKey!), body.reason);
  }

  @Get(':id/history')
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Every transition of an alert, oldest first, with who acted and why' })
  @ApiOkResponse({ type: AlertHistoryDto })
  @ApiProblems(404)
  async history(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertHistoryDto> {
    return { alertId: id, items: (await this.lifecycle.history(id)) as AlertHistoryDto['items'] };
  }
}
