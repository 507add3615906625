import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceInfo } from '../tokens';

/** Header that carries a department's API key. */
export const API_KEY_HEADER = 'X-API-Key';
export const API_KEY_SCHEME = 'apiKey';

export function buildOpenApiDocument(app: INestApplication, info: ServiceInfo, port?: number): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .setLicense('Government of Yunyan District, Guiyang', 'https://www.yunyan.gov.cn/')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'Department API key' }, API_KEY_SCHEME);
  if (port) builder.addServer(`http://127.0.0.1:${port}`, 'local');
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
