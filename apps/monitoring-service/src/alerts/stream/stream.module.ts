import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts.module';
import { AlertStreamController } from './alert-stream.controller';
import { AlertStreamHub } from './alert-stream.hub';
import { StreamTokenRepository } from './stream-token.repository';

@Module({
  imports: [AlertsModule],
  controllers: [AlertStreamController],
  providers: [AlertStreamHub, StreamTokenRepository],
})
export class StreamModule {}
