import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { AlertDto } from './alert.dto';

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

export class AlertMessageDto extends AlertDto {
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
