import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { problem, ProblemException } from '@wdp/platform';
import { ReadAccess } from '../auth/access.decorators';
import { CompletenessPageDto, CompletenessQueryDto } from './completeness.dto';
import { CompletenessService } from './completeness.service';

@ApiTags('completeness')
@Controller('v1/completeness')
export class CompletenessController {
  constructor(private readonly completeness: CompletenessService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({
    summary: 'Completeness and timeliness: expected vs received, on time vs late, per department × dataset × period × area',
    description:
      'For every dataset the catalogue expects (the record series and returns whose silence leaves an indicator without data), every period of the plan ' +
      'whose deadline (the catalogue’s reporting frequency and deadline) has passed as of `asOf`, in every area that must report it (records: the district, ' +
      'its streets and towns; returns: the district): received or missing, and on time when the data first reached monitoring before the deadline. ' +
      'One item per department × dataset × period with its areas; `totals` over every matching item. A dataset late in a street while the district has it ' +
      'raises one late_dataset alert per dataset × area. Scope: read:monitoring.',
  })
  @ApiOkResponse({ type: CompletenessPageDto })
  @ApiProblems(422)
  list(@Query() q: CompletenessQueryDto): Promise<CompletenessPageDto> {
    if (q.area && !this.completeness.isReportingArea(q.area)) {
      throw new ProblemException(problem(422, `area ${q.area} is not the district or one of its streets and towns.`, { errors: [{ field: 'area', reason: 'not a reporting area' }] }));
    }
    if (q.dataset && !this.completeness.datasets().some((d) => d.key === q.dataset)) {
      throw new ProblemException(problem(422, 'dataset is not one the catalogue expects.', { errors: [{ field: 'dataset', reason: 'not an expected dataset' }] }));
    }
    return this.completeness.page(q);
  }
}
