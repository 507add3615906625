import { MonitoringServiceConfig } from '../../apps/monitoring-service/src/config';
import { validateEnv } from '@wdp/config';

// `npm start` is the newcomer's way in: a webhook receiver on the same machine must be subscribable there,
// while the services' own default (a deployment without scripts/start.mjs) stays public https only.

const { localDemoEnv, LOCAL_WEBHOOK_CIDRS } = require('../../scripts/lib/local-env.cjs') as {
  localDemoEnv: (env: Record<string, string | undefined>) => Record<string, string | undefined>;
  LOCAL_WEBHOOK_CIDRS: string;
};

describe('npm start environment (scripts/lib/local-env.cjs)', () => {
  it('opens loopback (and only loopback) to webhooks in the local demo', () => {
    const env = localDemoEnv({});
    expect(env.WEBHOOK_ALLOW_PRIVATE_CIDRS).toBe('127.0.0.1/32,::1/128');
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('leaves what the caller set, an empty allow-list included', () => {
    expect(localDemoEnv({ WEBHOOK_ALLOW_PRIVATE_CIDRS: '10.0.0.0/8' }).WEBHOOK_ALLOW_PRIVATE_CIDRS).toBe('10.0.0.0/8');
    expect(localDemoEnv({ WEBHOOK_ALLOW_PRIVATE_CIDRS: '' }).WEBHOOK_ALLOW_PRIVATE_CIDRS).toBe('');
    expect(localDemoEnv({ DATABASE_URL: 'postgres://x@db/y' }).DATABASE_URL).toBe('postgres://x@db/y');
  });

  it('opens nothing when an operator brings ADMIN_API_KEY', () => {
    expect(localDemoEnv({ ADMIN_API_KEY: 'k'.repeat(40) }).WEBHOOK_ALLOW_PRIVATE_CIDRS).toBeUndefined();
  });

  it('is an allow-list the monitoring service accepts, while its own default stays strict', () => {
    const config = validateEnv(MonitoringServiceConfig, { ...localDemoEnv({}), KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(config.WEBHOOK_ALLOW_PRIVATE_CIDRS).toBe(LOCAL_WEBHOOK_CIDRS);
    expect(new MonitoringServiceConfig().WEBHOOK_ALLOW_PRIVATE_CIDRS).toBeUndefined();
  });
});
