import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { validateEnv } from '@wdp/config';
import { SERVICE_APPS, type ServiceApp } from '../openapi/services';

/**
 * The migration Job's entry point (deploy/k8s/base/release/migrate-job.yaml): `migrate.ts <service>` creates the service's
 * database if missing and runs its migrations, then exits, so a rolling upgrade never has several new replicas
 * racing to migrate (TypeORM takes no lock). It does this by running the service's own start-up with nothing
 * that talks to Kafka (outbox relay and consumers off) and no HTTP listener, then closing it: the migrations
 * are the ones the service itself would run, from the same module graph.
 */
export async function migrateService(service: ServiceApp, env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = validateEnv(service.configClass, env);
  // Only the monitoring service consumes; MESSAGING_ENABLED=false keeps its consumers and alert producer off.
  if ('MESSAGING_ENABLED' in config) Object.assign(config, { MESSAGING_ENABLED: false });
  const context = await NestFactory.createApplicationContext(service.module(config, { relay: false, keysFile: false }), {
    logger: ['fatal', 'error', 'warn'],
    abortOnError: false,
  });
  await context.close();
}

export function serviceNamed(name: string): ServiceApp {
  const service = SERVICE_APPS.find((s) => s.info.name === name);
  if (!service) throw new Error(`unknown service ${name}; one of: ${SERVICE_APPS.map((s) => s.info.name).join(', ')}`);
  return service;
}

if (require.main === module) {
  const name = process.argv[2] ?? process.env.SERVICE;
  if (!name) {
    console.error('usage: migrate.ts <service> (or SERVICE=<service>)');
    process.exit(64);
  }
  migrateService(serviceNamed(name))
    .then(() => console.log(`${name}: database ready, migrations applied`))
    .catch((err) => {
      console.error(`${name}: migration failed: ${(err as Error).message}`);
      process.exit(1);
    });
}
