import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { AlertDto, AlertPageDto, AlertQueryDto } from './dto/alert.dto';
import { QueryService } from './query.service';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly query: QueryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Open and past early warnings, newest first' })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiProblems(422)
  list(@Query() q: AlertQueryDto): Promise<AlertPageDto> {
    return this.query.alertList(q);
  }

  @Get(':id')
  @ReadAccess()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'One alert with its calculation components' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(404)
  one(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertDto> {
    return this.query.alert(id);
  }
}
