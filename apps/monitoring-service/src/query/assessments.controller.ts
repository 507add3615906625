import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@wdp/ingestion';
import { ReadAccess } from '../auth/access.decorators';
import { AssessmentDetailQueryDto, AssessmentPageDto, AssessmentQueryDto, GenderGapPageDto, GenderGapQueryDto } from './dto/assessment.dto';
import { QueryService } from './query.service';

@ApiTags('assessments')
@Controller('v1')
export class AssessmentsController {
  constructor(private readonly query: QueryService) {}

  @Get('assessments')
  @ReadAccess()
  @ApiOperation({ summary: 'Current assessments (status and key figures) by indicator, area and sex' })
  @ApiOkResponse({ type: AssessmentPageDto })
  @ApiProblems(422)
  list(@Query() q: AssessmentQueryDto): Promise<AssessmentPageDto> {
    return this.query.assessmentList(q);
  }

  @Get('assessments/:code')
  @ReadAccess()
  @ApiParam({ name: 'code', example: 'HEA-02' })
  @ApiOperation({ summary: 'The assessments of one indicator with their full calculation components' })
  @ApiOkResponse({ type: AssessmentPageDto })
  @ApiProblems(404, 422)
  one(@Param('code') code: string, @Query() q: AssessmentDetailQueryDto): Promise<AssessmentPageDto> {
    return this.query.assessmentsOf(code, q);
  }

  @Get('gender-gaps')
  @ReadAccess()
  @ApiOperation({ summary: 'Female–male gaps of the sex-disaggregated indicators, and whether they widen' })
  @ApiOkResponse({ type: GenderGapPageDto })
  @ApiProblems(422)
  gaps(@Query() q: GenderGapQueryDto): Promise<GenderGapPageDto> {
    return this.query.genderGaps(q);
  }
}
