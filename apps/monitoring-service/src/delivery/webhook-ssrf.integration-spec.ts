import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@wdp/testing';
import { DataSource } from 'typeorm';
import type { SlotTransition } from '../alerts/alert-plan';
import { AlertService } from '../alerts/alert.service';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import type { HostResolver } from './webhook-target';
import { WebhookTargets } from './webhook-targets';

// Server-side request forgery, against the running service with its real database: no allow-list here
// (the default), so only public addresses may be reached. The test network has no DNS; the service's
// resolver is replaced by a zone the test controls, which is also how a rebinding attacker's DNS behaves.

const PUBLIC = '93.184.215.14';
const ENV = {
  WEBHOOK_BACKOFF_BASE_MS: '40',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  ALERT_DELIVERY_POLL_MS: '40',
  // Deliveries go out at the next poll, not after a grouping window.
  WEBHOOK_GROUP_WAIT_MS: '0',
  WEBHOOK_GROUP_INTERVAL_MS: '0',
  WEBHOOK_SECRET_KEY: 'integration-test-webhook-secret-key-0123456789',
};

describe('webhook URLs cannot reach internal addresses', () => {
  let h: MonitoringHarness;
  const zone: Record<string, string> = { 'hooks.example.org': PUBLIC, 'internal.example.org': '10.0.0.7' };
  const resolver: HostResolver = async (host) => {
    if (!zone[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: zone[host], family: zone[host].includes(':') ? 6 : 4 }];
  };
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, body?: object) =>
    h.app.inject({ method, url, headers: { 'x-api-key': h.keys.admin }, ...(body ? { payload: body } : {}) });
  const subscriptionCount = async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM alert_subscription`))[0].n as number;

  beforeAll(async () => {
    h = await startMonitoring('mon_ssrf', ENV);
    h.app.get(WebhookTargets).resolve = resolver;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    'http://127.0.0.1:5432/',
    'https://[::ffff:127.0.0.1]/',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://017700000001/',
    'http://169.254.169.254/latest/meta-data',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://user:pass@hooks.example.org/',
    'https://[fd00::1]/',
    'https://[::]/',
    'https://100.64.0.1/',
    'https://100.100.100.200/latest/meta-data',
    'https://internal.example.org/hook',
    'https://does-not-resolve.example.org/hook',
    'http://hooks.example.org/hook',
  ])('refuses to subscribe %s: 422 naming url, nothing stored', async (url) => {
    const before = await subscriptionCount();
    const res = await call('POST', '/v1/subscriptions', { name: 'probe', channel: 'webhook', url, filter: {} });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'url' })]);
    expect(await subscriptionCount()).toBe(before);
  });

  it('refuses to move a subscription to an internal address', async () => {
    const created = await call('POST', '/v1/subscriptions', { name: 'public', channel: 'webhook', url: 'https://hooks.example.org/wdp', filter: { indicators: ['EDU-01'] } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    const moved = await call('PATCH', `/v1/subscriptions/${id}`, { url: 'http://[::ffff:7f00:1]:6379/' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().errors).toEqual([expect.objectContaining({ field: 'url' })]);
    expect((await call('GET', `/v1/subscriptions/${id}`)).json().url).toBe('https://hooks.example.org/wdp');
  });

  it('a host that re-resolves to loopback after subscribing is never connected to, and the log shows no socket detail', async () => {
    let connections = 0;
    const receiver: Server = createServer((_, res) => res.writeHead(204).end());
    receiver.on('connection', () => connections++);
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const port = (receiver.address() as AddressInfo).port;
    try {
      zone['rebind.example.org'] = PUBLIC;
      const created = await call('POST', '/v1/subscriptions', { name: 'rebinding', channel: 'webhook', url: `https://rebind.example.org:${port}/hook`, filter: { indicators: ['HEA-09'] } });
      expect(created.statusCode).toBe(201);
      const { id } = created.json();
      // The attacker's DNS now answers with the address it wanted all along.
      zone['rebind.example.org'] = '127.0.0.1';
      const raise: SlotTransition = { indicatorCode: 'HEA-09', areaCode: '520103', sex: 'F', kind: 'limited', action: 'raise', components: {}, assessmentStatus: 'limited' };
      await h.app.get(DataSource).transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wdp.monitoring.assessment'))`);
        await h.app.get(AlertService).apply(manager, [raise], new Date());
      });
      await waitFor(async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM webhook_attempt WHERE subscription_id = $1`, [id]))[0].n >= 2, {
        what: 'two attempts',
      });
      expect(connections).toBe(0);
      const attempts = await h.dataSource.query(`SELECT DISTINCT error, status_code AS "statusCode" FROM webhook_attempt WHERE subscription_id = $1`, [id]);
      expect(attempts).toEqual([{ error: 'refused_address', statusCode: null }]);
      const log = (await call('GET', `/v1/subscriptions/${id}/deliveries`)).json();
      expect(log.items[0]).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'refused_address' });
      expect(JSON.stringify(log)).not.toMatch(/ECONN|UND_ERR|EPROTO|ENOTFOUND|127\.0\.0\.1/);
    } finally {
      await new Promise((ok) => receiver.close(ok));
    }
  });
});
