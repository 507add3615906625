import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './tracer-provider';

/** Flushes the buffered spans when the application shuts down (after every module's own shutdown hook). */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
