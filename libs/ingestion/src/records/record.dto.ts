import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubmissionItemResultDto {
  @ApiProperty({ example: 0, description: 'Zero-based row of the item in the request (0 for a single item).' })
  row: number;

  @ApiPropertyOptional({ example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11', description: 'Record id (absent for would-create in a dry run).' })
  id?: string;

  @ApiProperty({ example: 'MCH-2025-000123' })
  reference: string;

  @ApiPropertyOptional({ example: 1 })
  revision?: number;

  @ApiProperty({
    enum: ['created', 'unchanged', 'would-create'],
    example: 'created',
    description: 'created: stored and its event queued; unchanged: the same reference with the same content was already stored (no new event); would-create: dry run.',
  })
  status: 'created' | 'unchanged' | 'would-create';
}

export class SubmissionResultDto {
  @ApiProperty({ example: false })
  dryRun: boolean;

  @ApiProperty({ example: 2, description: 'Items received.' })
  received: number;

  @ApiProperty({ example: 2, description: 'Records created (in a dry run: that would be created).' })
  created: number;

  @ApiProperty({ example: 0, description: 'Items that were already stored with the same content.' })
  unchanged: number;

  @ApiProperty({ type: [SubmissionItemResultDto] })
  items: SubmissionItemResultDto[];
}

export class RecordMetaDto {
  @ApiProperty({ example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' })
  id: string;

  @ApiProperty({ example: 'live-birth' })
  kind: string;

  @ApiProperty({ example: 2, description: 'Starts at 1; each revision or withdrawal adds 1.' })
  revision: number;

  @ApiProperty({ enum: ['active', 'withdrawn'], example: 'active' })
  status: 'active' | 'withdrawn';

  @ApiPropertyOptional({ example: 'duplicate of MCH-2025-000122', nullable: true })
  withdrawnReason?: string | null;

  @ApiProperty({ example: '2025-08-02T03:04:05.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2025-08-03T03:04:05.000Z' })
  updatedAt: string;
}
