import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { IndicatorStoreModule } from '../indicator-store/indicator-store.module';
import { QueryModule } from '../query/query.module';
import { SdmxController } from './sdmx.controller';
import { SdmxService } from './sdmx.service';

/** Lets Fastify hand an SDMX-CSV body to the import as raw bytes (its bodyLimit applies, as to any body). */
@Injectable()
class SdmxCsvBody implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    const type = 'application/vnd.sdmx.data+csv';
    if (fastify?.addContentTypeParser && !fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }
}

@Module({
  imports: [IndicatorStoreModule, QueryModule, DisclosureModule],
  controllers: [SdmxController],
  providers: [SdmxService, SdmxCsvBody],
})
export class SdmxModule {}
