import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { ValuePageDto, ValueQueryDto } from './dto/value.dto';
import { QueryService } from './query.service';

@ApiTags('values')
@Controller('v1/values')
export class ValuesController {
  constructor(private readonly query: QueryService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({
    summary: 'Yearly indicator values by area and sex',
    description: 'District and each street/town; F, M and T where the indicator is sex-disaggregated; with numerator and denominator.',
  })
  @ApiOkResponse({ type: ValuePageDto })
  @ApiProblems(422)
  list(@Query() q: ValueQueryDto): Promise<ValuePageDto> {
    return this.query.values(q);
  }
}
