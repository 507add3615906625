import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertKind } from '@wdp/methodology';
import { validateEnv } from '@wdp/config';
import { createServiceApp } from '@wdp/platform';
import { testInfra, waitFor } from '@wdp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { SlotTransition } from '../alerts/alert-plan';
import { AlertService } from '../alerts/alert.service';
import { AppModule } from '../app.module';
import { MonitoringServiceConfig } from '../config';
import { SERVICE_INFO } from '../service-info';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';
import { verifySignature } from './webhook-signature';

/** A webhook receiver as a subscriber would run it: records what arrives and answers per its mode. */
interface Receiver {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  /** Answer this status (2xx = accept) to the next requests. */
  status: number;
  server: Server;
  close(): Promise<void>;
}

async function startReceiver(port = 0): Promise<Receiver> {
  const r = { received: [], status: 200 } as unknown as Receiver;
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      r.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((ok) => r.server.listen(port, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((ok) => r.server.close(() => ok()));
  return r;
}

const ENV = {
  WEBHOOK_BACKOFF_BASE_MS: '40',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_DISABLE_AFTER_FAILURES: '6',
  ALERT_DELIVERY_POLL_MS: '40',
  SSE_HEARTBEAT_MS: '500',
  WEBHOOK_SECRET_KEY: 'integration-test-webhook-secret-key-0123456789',
  // The receivers listen on loopback, which webhooks may not reach unless the operator allows it.
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.1/32',
  // No grouping window unless a test sets one: whatever is waiting goes out at the next poll.
  WEBHOOK_GROUP_WAIT_MS: '0',
  WEBHOOK_GROUP_INTERVAL_MS: '0',
};

/** The alert changes a receiver got, over all its requests, in arrival order. */
const changesOf = (received: { body: string }[]) => received.flatMap((r) => JSON.parse(r.body).changes as { sequence: number; transition: string; alert: { indicatorCode: string; kind: string } }[]);

const KINDS: AlertKind[] = ['acceleration_needed', 'limited', 'deteriorating', 'fluctuating', 'gap_widening', 'missing_data'];
let slot = 0;
/** Distinct alert slots of a real indicator, so each raise opens a new alert. */
const nextSlots = (n: number, indicatorCode = 'HEA-02'): SlotTransition[] =>
  Array.from({ length: n }, () => {
    const i = slot++;
    return { indicatorCode, areaCode: '520103', sex: ['F', 'M', 'T', 'gap'][Math.floor(i / KINDS.length) % 4], kind: KINDS[i % KINDS.length], action: 'raise', components: { i }, assessmentStatus: 'limited' };
  });

/** Raises (or resolves) alerts the way the settler does: one transaction under the assessment lock. */
async function applyTransitions(app: NestFastifyApplication, transitions: SlotTransition[]): Promise<void> {
  await app.get(DataSource).transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wdp.monitoring.assessment'))`);
    await app.get(AlertService).apply(manager, transitions, new Date());
  });
}

describe('alert delivery: webhooks and the live stream', () => {
  let h: MonitoringHarness;
  const post = (url: string, body: unknown, key = h.keys.admin) => h.app.inject({ method: 'POST', url, payload: body as object, headers: { 'x-api-key': key } });
  const subscribe = async (url: string, filter: object = {}) => {
    const res = await post('/v1/subscriptions', { name: 'test', channel: 'webhook', url, filter });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string };
  };

  beforeAll(async () => {
    h = await startMonitoring('mon_delivery', ENV);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('delivers a correctly signed alert; a forged or tampered signature fails verification', async () => {
    const receiver = await startReceiver();
    try {
      const sub = await subscribe(receiver.url, { indicators: ['HEA-02'], kinds: ['limited'] });
      const [limited] = nextSlots(6).filter((t) => t.kind === 'limited');
      await applyTransitions(h.app, [limited, ...nextSlots(1).map((t) => ({ ...t, kind: 'fluctuating' as AlertKind }))]);
      const [got] = await waitFor(() => (receiver.received.length ? receiver.received : undefined), { what: 'webhook delivered' });
      const now = Math.floor(Date.now() / 1000);
      const header = got.headers['x-wdp-signature'] as string;
      expect(verifySignature(sub.secret, header, got.body, now)).toEqual({ valid: true, timestamp: expect.any(Number) });
      const payload = JSON.parse(got.body);
      expect(payload).toMatchObject({ deliveryId: got.headers['x-wdp-delivery'], subscriptionId: sub.id, event: 'alerts' });
      expect(payload.changes).toHaveLength(1);
      expect(payload.changes[0]).toMatchObject({ transition: 'raised' });
      expect(payload.changes[0].alert).toMatchObject({ indicatorCode: 'HEA-02', kind: 'limited', state: 'raised', department: 'health', transition: 'raised' });
      // The filter kept the fluctuating alert out.
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received).toHaveLength(1);
      // Forgeries: another secret, a changed body, a re-stamped timestamp.
      expect(verifySignature('whsec_guess', header, got.body, now).valid).toBe(false);
      expect(verifySignature(sub.secret, header, got.body.replace('"limited"', '"fluctuating"'), now).valid).toBe(false);
      expect(verifySignature(sub.secret, header.replace(/t=\d+/, `t=${now + 1}`), got.body, now).valid).toBe(false);
      // The secret is never shown again and is not stored in clear.
      const again = await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } });
      expect(again.json().secret).toBeUndefined();
      const [{ secret }] = await h.dataSource.query(`SELECT secret_ciphertext AS secret FROM alert_subscription WHERE id = $1`, [sub.id]);
      expect(secret).not.toContain(sub.secret);
      await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } });
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that is down for a while gets every alert once it is back, in one delivery retried under one id', async () => {
    const receiver = await startReceiver();
    receiver.status = 503;
    try {
      const sub = await subscribe(receiver.url, { indicators: ['HEA-03'] });
      await applyTransitions(h.app, nextSlots(4, 'HEA-03'));
      await waitFor(() => receiver.received.length >= 3, { what: 'three failed attempts' });
      receiver.status = 204;
      await waitFor(async () => {
        const log = await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}/deliveries?status=delivered`, headers: { 'x-api-key': h.keys.admin } });
        return log.json().total === 4;
      }, { what: 'four deliveries delivered' });
      // The four changes of one transaction are one delivery: every retry carries them all under one id, in log order.
      const ids = new Set(receiver.received.map((r) => r.headers['x-wdp-delivery']));
      expect(ids.size).toBe(1);
      const sequences = changesOf(receiver.received.slice(-1)).map((c) => c.sequence);
      expect(sequences).toHaveLength(4);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      const log = (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}/deliveries`, headers: { 'x-api-key': h.keys.admin } })).json();
      expect(log.items.some((d: { attempts: number }) => d.attempts > 1)).toBe(true);
      const subNow = (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } })).json();
      expect(subNow).toMatchObject({ enabled: true, consecutiveFailures: 0 });
      await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } });
    } finally {
      await receiver.close();
    }
  });

  it('disables a subscription after repeated failures; re-enabling sends its backlog', async () => {
    const receiver = await startReceiver();
    receiver.status = 500;
    try {
      const sub = await subscribe(receiver.url, { indicators: ['HEA-04'] });
      await applyTransitions(h.app, nextSlots(2, 'HEA-04'));
      const disabled = await waitFor(async () => {
        const s = (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } })).json();
        return s.enabled === false ? s : undefined;
      }, { what: 'subscription disabled' });
      expect(disabled.disabledReason).toContain('HTTP 500');
      const attemptsWhenDisabled = receiver.received.length;
      expect(attemptsWhenDisabled).toBe(6);
      await new Promise((r) => setTimeout(r, 400));
      expect(receiver.received.length).toBe(attemptsWhenDisabled);
      receiver.status = 200;
      const enabled = await post(`/v1/subscriptions/${sub.id}/enable`, {});
      expect(enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0 });
      await waitFor(() => changesOf(receiver.received.slice(attemptsWhenDisabled)).length === 2, { what: 'backlog delivered' });
    } finally {
      await receiver.close();
    }
  });

  it('groups deliveries: the changes of one group window arrive as one signed POST; the next waits the group interval', async () => {
    const receiver = await startReceiver();
    const patch = (id: string, body: object) => h.app.inject({ method: 'PATCH', url: `/v1/subscriptions/${id}`, payload: body, headers: { 'x-api-key': h.keys.admin } });
    const log = async (id: string) => (await h.app.inject({ method: 'GET', url: `/v1/subscriptions/${id}/deliveries`, headers: { 'x-api-key': h.keys.admin } })).json();
    try {
      const res = await post('/v1/subscriptions', { name: 'grouped', channel: 'webhook', url: receiver.url, filter: { indicators: ['HEA-08'] }, groupWaitMs: 1_500, groupIntervalMs: 3_600_000 });
      expect(res.statusCode).toBe(201);
      const sub = res.json();
      expect(sub).toMatchObject({ groupWaitMs: 1_500, groupIntervalMs: 3_600_000 });
      // Three separate decisions within the group wait.
      for (const t of nextSlots(3, 'HEA-08')) await applyTransitions(h.app, [t]);
      await waitFor(() => receiver.received.length >= 1, { what: 'the grouped delivery' });
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      expect(verifySignature(sub.secret, got.headers['x-wdp-signature'] as string, got.body, Math.floor(Date.now() / 1000)).valid).toBe(true);
      expect(got.headers['x-wdp-event']).toBe('alerts');
      const body = JSON.parse(got.body);
      expect(body.changes.map((c: { transition: string }) => c.transition)).toEqual(['raised', 'raised', 'raised']);
      expect((await log(sub.id)).items.every((d: { groupId: string; status: string }) => d.groupId === body.deliveryId && d.status === 'delivered')).toBe(true);

      // Two more right after: they wait for the group interval (an hour here) in the log, unsealed…
      for (const t of nextSlots(2, 'HEA-08')) await applyTransitions(h.app, [t]);
      const waiting = (await log(sub.id)).items.filter((d: { status: string }) => d.status === 'pending');
      expect(waiting).toHaveLength(2);
      expect(waiting.every((d: { groupId: string | null }) => d.groupId === null)).toBe(true);
      // …until the subscription's interval is shortened: then both go out together.
      expect((await patch(sub.id, { groupIntervalMs: 0, groupWaitMs: 0 })).json()).toMatchObject({ groupWaitMs: 0, groupIntervalMs: 0 });
      await waitFor(() => receiver.received.length >= 2, { what: 'the second grouped delivery' });
      expect(JSON.parse(receiver.received[1].body).changes).toHaveLength(2);
      expect((await patch(sub.id, { groupWaitMs: -1 })).statusCode).toBe(422);
      await h.app.inject({ method: 'DELETE', url: `/v1/subscriptions/${sub.id}`, headers: { 'x-api-key': h.keys.admin } });
    } finally {
      await receiver.close();
    }
  });

  it('streams alerts as server-sent events and resumes from Last-Event-ID', async () => {
    await h.app.listen(0, '127.0.0.1');
    const base = await h.app.getUrl();
    const open = async (headers: Record<string, string>, query = '') => {
      const controller = new AbortController();
      const res = await fetch(`${base}/v1/alerts/stream${query}`, { headers, signal: controller.signal });
      const events: { id: number; event: string; data: { id: string; transition: string; state: string } }[] = [];
      let text = '';
      const reading = (async () => {
        const decoder = new TextDecoder();
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            text += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = text.indexOf('\n\n')) >= 0) {
              const block = text.slice(0, end);
              text = text.slice(end + 2);
              const fields = Object.fromEntries(block.split('\n').filter((l) => /^(id|event|data):/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
              if (fields.id) events.push({ id: Number(fields.id), event: fields.event, data: JSON.parse(fields.data) });
              else if (block.startsWith(': heartbeat')) events.push({ id: -1, event: 'heartbeat', data: null as never });
            }
          }
        } catch {
          // aborted
        }
      })();
      return { res, events, alerts: () => events.filter((e) => e.id >= 0), close: async () => { controller.abort(); await reading; } };
    };

    const first = await open({ 'x-api-key': h.keys.read });
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toContain('text/event-stream');
    await new Promise((r) => setTimeout(r, 200));
    await applyTransitions(h.app, nextSlots(3, 'HEA-05'));
    await waitFor(() => first.alerts().length >= 3, { what: 'three live events' });
    const seen = first.alerts();
    expect(seen.map((e) => e.event)).toEqual(['alert', 'alert', 'alert']);
    expect(seen.map((e) => e.data.transition)).toEqual(['raised', 'raised', 'raised']);
    await waitFor(() => first.events.some((e) => e.event === 'heartbeat'), { what: 'a heartbeat comment' });
    await first.close();

    // While disconnected: two more raised and one acknowledged (by the administrator; handle:alerts would do as well).
    await applyTransitions(h.app, nextSlots(2, 'HEA-05'));
    const ack = await post(`/v1/alerts/${seen[0].data.id}/acknowledge`, { comment: '已核实' });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'acknowledged', acknowledgementComment: '已核实' });

    const resumed = await open({ 'x-api-key': h.keys.read, 'Last-Event-ID': String(seen[2].id) });
    await waitFor(() => resumed.alerts().length >= 3, { what: 'missed events replayed' });
    await new Promise((r) => setTimeout(r, 200));
    const replay = resumed.alerts();
    expect(replay).toHaveLength(3);
    expect(replay.every((e) => e.id > seen[2].id)).toBe(true);
    expect(replay.map((e) => e.data.transition)).toEqual(['raised', 'raised', 'acknowledged']);
    expect(replay[2].data).toMatchObject({ id: seen[0].data.id, state: 'acknowledged' });
    await resumed.close();

    // Browsers: a stream token instead of the header; ?lastEventId= instead of the header on reconnect.
    const token = (await post('/v1/alerts/stream-tokens', {}, h.keys.read)).json();
    expect(token.token).toMatch(/^wdpst_/);
    const viaToken = await open({}, `?token=${encodeURIComponent(token.token)}&lastEventId=${seen[2].id}`);
    expect(viaToken.res.status).toBe(200);
    await waitFor(() => viaToken.alerts().length >= 3, { what: 'replay through a stream token' });
    await viaToken.close();

    expect((await fetch(`${base}/v1/alerts/stream?key=${h.keys.read}`)).status).toBe(400);
    expect((await fetch(`${base}/v1/alerts/stream?token=wdpst_forged`)).status).toBe(401);
    expect((await fetch(`${base}/v1/alerts/stream`)).status).toBe(401);
  });

  it('acknowledging and resolving by hand take handle:alerts or admin, and the history keeps every step', async () => {
    await applyTransitions(h.app, nextSlots(1, 'HEA-06'));
    const [{ id }] = await h.dataSource.query(`SELECT id FROM alert WHERE indicator_code = 'HEA-06' AND status = 'open'`);
    expect((await post(`/v1/alerts/${id}/acknowledge`, { comment: 'x' }, h.keys.read)).statusCode).toBe(403);
    expect((await post(`/v1/alerts/${id}/acknowledge`, { comment: '' })).statusCode).toBe(422);
    expect((await post(`/v1/alerts/${id}/acknowledge`, { comment: '转妇幼科' })).statusCode).toBe(200);
    expect((await post(`/v1/alerts/${id}/acknowledge`, { comment: 'again' })).statusCode).toBe(409);
    const resolved = await post(`/v1/alerts/${id}/resolve`, { reason: '数据错误，已更正' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', state: 'resolved', resolutionReason: '数据错误，已更正' });
    expect(resolved.json().resolvedBy).toMatch(/^statistics:/);
    const history = (await h.app.inject({ method: 'GET', url: `/v1/alerts/${id}/history`, headers: { 'x-api-key': h.keys.read } })).json();
    expect(history.items.map((e: { transition: string }) => e.transition)).toEqual(['raised', 'acknowledged', 'resolved']);
    expect(history.items.map((e: { comment: string | null }) => e.comment)).toEqual([null, '转妇幼科', '数据错误，已更正']);
    const one = (await h.app.inject({ method: 'GET', url: `/v1/alerts/${id}`, headers: { 'x-api-key': h.keys.read } })).json();
    expect(one).toMatchObject({ state: 'resolved', department: 'health', acknowledgementComment: '转妇幼科' });
  });
});

describe('webhook deliveries survive a restart', () => {
  it('deliveries pending when the service stops go out after it starts again', async () => {
    // No auto-disable here: the receiver is unreachable until after the restart.
    const env = { ...ENV, WEBHOOK_DISABLE_AFTER_FAILURES: '10000' };
    const h = await startMonitoring('mon_restart', env);
    const receiverPort = await (async () => {
      const probe = await startReceiver();
      const port = Number(new URL(probe.url).port);
      await probe.close();
      return port;
    })();
    let second: NestFastifyApplication | undefined;
    let receiver: Receiver | undefined;
    try {
      const res = await h.app.inject({ method: 'POST', url: '/v1/subscriptions', payload: { name: 'restart', channel: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, filter: {} }, headers: { 'x-api-key': h.keys.admin } });
      const sub = res.json();
      // Nobody listens on the port: every attempt fails, the deliveries stay pending.
      await applyTransitions(h.app, nextSlots(3, 'HEA-07'));
      await waitFor(async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM webhook_attempt WHERE subscription_id = $1`, [sub.id]))[0].n >= 1, { what: 'a failed attempt' });
      await h.app.close();

      receiver = await startReceiver(receiverPort);
      const { kafkaBrokers, databaseUrl } = testInfra();
      const config = validateEnv(MonitoringServiceConfig, {
        PORT: '3000', DATABASE_URL: databaseUrl, DATABASE_NAME: h.db.name, KAFKA_BROKERS: kafkaBrokers, MESSAGING_ENABLED: 'false',
        SUBMISSION_CHECK_INTERVAL_MS: '0', API_KEYS_FILE: 'off', LOG_LEVEL: 'warn', ALERTS_TOPIC: h.topics.alerts, ...env,
      });
      second = await createServiceApp(AppModule.forRoot(config, { keysFile: false, topic: h.topics.statistics }), SERVICE_INFO, config);
      await second.init();
      await waitFor(() => new Set(changesOf(receiver!.received).map((c) => c.sequence)).size === 3, { what: 'pending deliveries sent after the restart', timeoutMs: 15_000 });
      expect(new Set(changesOf(receiver.received).map((c) => c.alert.indicatorCode))).toEqual(new Set(['HEA-07']));
      for (const r of receiver.received) expect(verifySignature(sub.secret, r.headers['x-wdp-signature'] as string, r.body, Math.floor(Date.now() / 1000)).valid).toBe(true);
    } finally {
      await second?.close();
      await receiver?.close();
      await h.producer.disconnect();
      await h.db.drop();
    }
  }, 60_000);
});
