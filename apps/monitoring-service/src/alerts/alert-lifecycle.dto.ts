import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { AlertDto } from '../query/dto/alert.dto';

export class AcknowledgeAlertDto {
  @ApiProperty({ example: '已转卫健局核实2024年数据，拟于下月复核。', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  comment: string;
}

export class ResolveAlertDto {
  @ApiProperty({ example: 'Data error confirmed by the health bureau; revised return submitted.', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class AlertViewDto extends AlertDto {
  @ApiProperty({ enum: ['raised', 'acknowledged', 'resolved'], example: 'acknowledged' })
  state: string;

  @ApiProperty({ nullable: true, type: String, example: 'health', description: 'The department owning the indicator; the alert is assigned to it.' })
  department: string | null;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-29T06:40:00.000Z' })
  acknowledgedAt: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'monitoring:wdp_monitoring_1a2b3c4d', description: 'The acting API key: department and public prefix.' })
  acknowledgedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  acknowledgementComment: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'monitoring', description: '`monitoring` when the status recovered, otherwise the acting key.' })
  resolvedBy: string | null;

  @ApiProperty({ nullable: true, type: String })
  resolutionReason: string | null;
}

export class AlertMessageDto extends AlertViewDto {
  @ApiProperty({ enum: ['raised', 'acknowledged', 'resolved'], description: 'The transition this message announces.' })
  transition: string;
}

export class AlertHistoryEntryDto {
  @ApiProperty({ example: 42, description: 'Position in the alert-event log (the SSE event id).' })
  seq: number;

  @ApiProperty({ enum: ['raised', 'acknowledged', 'resolved'] })
  transition: string;

  @ApiProperty({ example: '2026-11-29T06:40:00.000Z' })
  occurredAt: string;

  @ApiProperty({ example: 'monitoring', description: '`monitoring` for the service itself, otherwise the acting key.' })
  actor: string;

  @ApiProperty({ nullable: true, type: String, description: 'Acknowledgement comment or resolution reason.' })
  comment: string | null;

  @ApiProperty({ type: AlertMessageDto, description: 'The alert as it stood right after the transition.' })
  alert: AlertMessageDto;
}

export class AlertHistoryDto {
  @ApiProperty({ format: 'uuid' })
  alertId: string;

  @ApiProperty({ type: [AlertHistoryEntryDto] })
  items: AlertHistoryEntryDto[];
}
