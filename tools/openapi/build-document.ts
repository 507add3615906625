import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildOpenApiDocument } from '@wdp/platform';
import type { DocumentedService } from './services';

/**
 * Builds a service's OpenAPI document from its real module graph in Nest's preview mode: modules and
 * controllers are scanned but no provider factory runs, so there is no database or Kafka connection.
 */
export async function buildServiceDocument(service: DocumentedService): Promise<object> {
  const app = await NestFactory.create<NestFastifyApplication>(service.module(), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return sortKeys(buildOpenApiDocument(app, service.info));
  } finally {
    await app.close();
  }
}

/** Object keys sorted recursively (arrays keep their order), so regeneration gives byte-identical files. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, sortKeys(record[k])]),
    ) as T;
  }
  return value;
}

export function renderDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const OPENAPI_DIR = path.resolve(__dirname, '..', '..', 'docs', 'openapi');
export const documentFile = (service: string): string => path.join(OPENAPI_DIR, `${service}.json`);
