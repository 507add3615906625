import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { AlertDto, AlertPageDto, AlertQueryDto } from './alert.dto';
import { AlertQueryService } from './alert-query.service';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertQueryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Open and past early warnings, newest first' })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiProblems(422)
  list(@Query() q: AlertQueryDto): Promise<AlertPageDto> {
    return this.alerts.list(q);
  }

  @Get(':id')
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'One alert with its calculation components' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(404)
  one(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertDto> {
    return this.alerts.one(id);
  }
}
