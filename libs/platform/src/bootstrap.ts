import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, INestApplication, Logger, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { FastifyInstance } from 'fastify';
import type { ServiceConfig } from '@wdp/config';
import { frameworkErrorsAsProblems, problemClientErrorHandler, registerRequestEnvelopeChecks } from './http/framework-errors';
import { NoBodyInterceptor } from './http/no-body';
import { buildOpenApiDocument } from './http/openapi';
import { registerStrictJsonParsers } from './http/json-body';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { registerRateLimit } from './http/rate-limit';
import { registerRequestContext, requestIdFrom } from './http/request-context';
import { registerRequestScreen } from './http/request-screen';
import { createValidationPipe } from './http/validation';
import { registerHttpMetrics } from './metrics/http-metrics';
import { registerHttpTracing } from './tracing/http-tracing';
import { startTracing, tracingRegistered } from './tracing/tracer-provider';
import { startOrExit, type StartupIo } from './startup';
import type { ServiceInfo } from './tokens';

const NEST_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds a service's Nest application on Fastify (measured faster than Express for our JSON batches;
 * see docs/benchmarks.md) with the shared validation, problem-details errors, per-client rate limit, metrics and OpenAPI at /docs.
 * Does not listen, so tests can use the same wiring with `app.inject` or a random port.
 */
export async function createServiceApp(module: Type<unknown> | DynamicModule, info: ServiceInfo, config: ServiceConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
    // Errors raised before Nest's filter can see them are problem details too.
    frameworkErrors: frameworkErrorsAsProblems,
    clientErrorHandler: problemClientErrorHandler,
  });
  registerRequestContext(adapter.getInstance() as unknown as FastifyInstance);
  if (tracingRegistered()) registerHttpTracing(adapter.getInstance() as unknown as FastifyInstance);
  registerRequestEnvelopeChecks(adapter.getInstance() as unknown as FastifyInstance);
  registerRequestScreen(adapter.getInstance() as unknown as FastifyInstance);
  registerHttpMetrics(adapter.getInstance(), info.name);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: NEST_LEVELS[config.LOG_LEVEL] ?? NEST_LEVELS.info,
    // Lines logged while the app is built go to the JSON logger once it exists.
    bufferLogs: true,
    bodyParser: false, // registerStrictJsonParsers instead: invalid UTF-8 is refused, not replaced
    // A module that fails to initialise (database down) rejects, for runService to report, instead of process.abort().
    abortOnError: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  registerStrictJsonParsers(adapter.getInstance() as unknown as FastifyInstance);
  await registerRateLimit(app, config);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new NoBodyInterceptor());
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app, info, config.PORT);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return app;
}

/**
 * main.ts of every service: create, listen, print where it serves. A start-up that fails is one fatal log
 * line and exit status 1 (see startOrExit), so the resolved app is undefined only on the way out.
 */
export function runService(module: Type<unknown> | DynamicModule, info: ServiceInfo, config: ServiceConfig, io?: StartupIo): Promise<INestApplication | undefined> {
  return startOrExit(
    info.name,
    async () => {
      // Before the app exists, so its first request is traced; nothing is registered unless OTEL_* ask for it.
      startTracing(info, config);
      const app = await createServiceApp(module, info, config);
      await app.listen(config.PORT, config.HOST);
      new Logger(info.name).log(`listening on http://${config.HOST}:${config.PORT} (docs at /docs)`);
      return app;
    },
    io,
  );
}
