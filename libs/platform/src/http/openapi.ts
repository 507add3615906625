import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceInfo } from '../tokens';
import { problem, PROBLEM_CONTENT_TYPE } from './problem-details';
import { isRateLimited } from './rate-limit';

/** Header that carries a department's API key. */
export const API_KEY_HEADER = 'X-API-Key';
export const API_KEY_SCHEME = 'apiKey';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The service's OpenAPI document. With a port (a running service) the server is that address; without one
 * (the committed docs/openapi/*.json) it is the relative '/', so the document does not depend on where it was built.
 */
export function buildOpenApiDocument(app: INestApplication, info: ServiceInfo, port?: number): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .setLicense('Government of Yunyan District, Guiyang', 'https://www.yunyan.gov.cn/')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'Department API key' }, API_KEY_SCHEME)
    .addServer(port ? `http://127.0.0.1:${port}` : '/', port ? 'local' : 'the service itself');
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return documentRateLimit(markPublicOperations(document));
}

/**
 * 429 on every operation the rate limiter covers (all but the probes), decided by the limiter's own rule
 * rather than a decorator on each controller, so no route can be left out of the contract.
 */
const TOO_MANY_REQUESTS = 'TooManyRequests';

export function documentRateLimit(document: OpenAPIObject): OpenAPIObject {
  const schema = document.components?.schemas?.ProblemDetailsDto ? { $ref: '#/components/schemas/ProblemDetailsDto' } : { type: 'object' };
  const tooMany = {
    description: 'Too many requests from this API key (or, without a valid key, from this address); retry after Retry-After seconds',
    headers: { 'Retry-After': { description: 'Seconds until the allowance is renewed', schema: { type: 'integer' } } },
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema, example: problem(429, 'Too many requests: at most 60000 per 1 minute. Retry after the time in Retry-After.') },
    },
  };
  document.components = { ...document.components, responses: { ...document.components?.responses, [TOO_MANY_REQUESTS]: tooMany } };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isRateLimited(path)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) operation.responses = { ...operation.responses, '429': { $ref: `#/components/responses/${TOO_MANY_REQUESTS}` } };
    }
  }
  return document;
}

/**
 * Every guarded route declares its API-key requirement (ApiKeyProtected goes with the guard), so an operation
 * with none is public: `security: []` says so explicitly instead of leaving integrators to guess.
 */
export function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}
