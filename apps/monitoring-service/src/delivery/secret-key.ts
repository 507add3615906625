import { Logger } from '@nestjs/common';
import type { MonitoringServiceConfig } from '../config';
import { SecretBox } from './secret-box';

/** Development-only key: a local demo (no ADMIN_API_KEY) may run without WEBHOOK_SECRET_KEY. */
const LOCAL_DEMO_KEY = 'wdp-local-demo-webhook-secret-key-not-for-production';

export const SECRET_BOX = Symbol('SECRET_BOX');

/** The secret box from WEBHOOK_SECRET_KEY; refuses to start a real deployment (ADMIN_API_KEY set) without it. */
export function secretBoxFrom(config: Pick<MonitoringServiceConfig, 'WEBHOOK_SECRET_KEY' | 'ADMIN_API_KEY'>): SecretBox {
  if (config.WEBHOOK_SECRET_KEY) return new SecretBox(config.WEBHOOK_SECRET_KEY);
  if (config.ADMIN_API_KEY) throw new Error('WEBHOOK_SECRET_KEY is required when ADMIN_API_KEY is set: webhook signing secrets are stored encrypted with it');
  new Logger('Webhooks').warn('WEBHOOK_SECRET_KEY not set: webhook secrets are encrypted with the local demo key (development only)');
  return new SecretBox(LOCAL_DEMO_KEY);
}
