import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { AuditPageDto, IndicatorDetailDto, IndicatorListQueryDto, IndicatorPageDto } from './dto/indicator.dto';
import { PageQueryDto } from '../paging';
import { QueryService } from './query.service';

const CODE = ApiParam({ name: 'code', example: 'HEA-02', description: 'Indicator code.' });

@ApiTags('indicators')
@Controller('v1/indicators')
export class IndicatorsController {
  constructor(private readonly query: QueryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'The indicator catalogue: every target of the plan, with its definition, target and baseline' })
  @ApiOkResponse({ type: IndicatorPageDto })
  @ApiProblems(422)
  list(@Query() q: IndicatorListQueryDto): Promise<IndicatorPageDto> {
    return this.query.indicators(q);
  }

  @Get(':code')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'One indicator, with the history of its target and baseline' })
  @ApiOkResponse({ type: IndicatorDetailDto })
  @ApiProblems(404)
  one(@Param('code') code: string): Promise<IndicatorDetailDto> {
    return this.query.indicator(code);
  }

  @Get(':code/audit')
  @ReadAccess()
  @CODE
  @ApiOperation({ summary: 'Every change of the indicator: who, when, old value, new value, why' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(404, 422)
  audit(@Param('code') code: string, @Query() q: PageQueryDto): Promise<AuditPageDto> {
    return this.query.audit(code, q);
  }
}
