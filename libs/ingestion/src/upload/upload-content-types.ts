import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from './spreadsheet';

/**
 * Lets Fastify accept spreadsheet bodies as raw bytes. Fastify's bodyLimit (BODY_LIMIT_BYTES) applies to them
 * as to JSON, so an oversized file is a 413 before anything is parsed.
 */
@Injectable()
export class UploadContentTypes implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return;
    for (const type of [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE]) {
      if (!fastify.hasContentTypeParser(type)) fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    }
  }
}
