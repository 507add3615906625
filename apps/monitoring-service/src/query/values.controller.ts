import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, type AuthenticatedRequest } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';
import { FigureAccess, mayReadUnsuppressed, UNSUPPRESSED_SCOPE } from '../auth/scope-access';
import { ValuePageDto, ValueQueryDto } from './dto/value.dto';
import { QueryService } from './query.service';

@ApiTags('values')
@Controller('v1/values')
export class ValuesController {
  constructor(private readonly query: QueryService) {}

  @Get()
  @FigureAccess()
  @ApiOperation({
    summary: 'Yearly indicator values by area and sex',
    description:
      'District and each street/town; F, M and T where the indicator is sex-disaggregated; with numerator and denominator. ' +
      'Cells from fewer than k records (DISCLOSURE_K, default 5) are suppressed (value, numerator, denominator null; `suppressed` says why), ' +
      'with complementary suppression across sexes and areas; ?unsuppressed=true needs the read:unsuppressed scope (or admin). Scope: read:monitoring or admin.',
  })
  @ApiOkResponse({ type: ValuePageDto })
  @ApiProblems(403, 422)
  list(@Query() q: ValueQueryDto, @Req() req: AuthenticatedRequest): Promise<ValuePageDto> {
    const scopes = req.apiKey?.scopes ?? [];
    if (q.unsuppressed && !mayReadUnsuppressed(scopes)) {
      throw new ProblemException(problem(403, `Unsuppressed values need the ${UNSUPPRESSED_SCOPE} scope.`));
    }
    return this.query.values(q, q.unsuppressed === true);
  }
}
