import { ApiProperty } from '@nestjs/swagger';

export class RecomputeResultDto {
  @ApiProperty({ example: 1919, description: 'Indicator × area pairs recomputed.' })
  pairs: number;

  @ApiProperty({ example: 2400 })
  assessments: number;

  @ApiProperty({ example: 9000 })
  values: number;

  @ApiProperty({ example: 3 })
  alertsRaised: number;

  @ApiProperty({ example: 1 })
  alertsResolved: number;

  @ApiProperty({ example: [], description: 'Pairs that could not be assessed, with the reason.' })
  failed: string[];

  @ApiProperty({ example: 412 })
  durationMs: number;
}
