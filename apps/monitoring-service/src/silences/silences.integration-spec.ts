import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { residentIdCheckChar } from '@wdp/platform';
import { collectTopic, testInfra, waitFor } from '@wdp/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type { SlotTransition } from '../alerts/alert-plan';
import { AlertService } from '../alerts/alert.service';
import { type MonitoringHarness, startMonitoring } from '../test-support/monitoring-harness';

const ENV = {
  ALERT_DELIVERY_POLL_MS: '40',
  WEBHOOK_GROUP_WAIT_MS: '0',
  WEBHOOK_GROUP_INTERVAL_MS: '0',
  WEBHOOK_SECRET_KEY: 'integration-test-webhook-secret-key-0123456789',
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.1/32',
};

const slot = (kind: string, action: 'raise' | 'resolve' = 'raise'): SlotTransition =>
  ({ indicatorCode: 'HEA-09', areaCode: '520103', sex: 'T', kind, action, components: { kind }, assessmentStatus: action === 'raise' ? 'limited' : 'on_track' }) as SlotTransition;

async function applyTransitions(app: NestFastifyApplication, transitions: SlotTransition[]): Promise<void> {
  await app.get(DataSource).transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wdp.monitoring.assessment'))`);
    await app.get(AlertService).apply(manager, transitions, new Date());
  });
}

describe('silences', () => {
  let h: MonitoringHarness;
  let server: Server;
  const received: { changes: { transition: string; alert: { kind: string; silencedBy: string | null } }[] }[] = [];
  const send = (method: string, url: string, body?: object, key = h.keys.admin) => h.app.inject({ method: method as 'POST', url, payload: body, headers: { 'x-api-key': key } });
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

  beforeAll(async () => {
    h = await startMonitoring('mon_silences', ENV);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  }, 60_000);
  afterAll(async () => {
    await new Promise((ok) => server?.close(ok));
    await h?.close();
  });

  it('refuse what cannot be a silence, naming the field, and take the alert-handling scope', async () => {
    const valid = { indicatorCode: 'HEA-09', endsAt: inSeconds(3600), reason: '已知数据延迟' };
    const field = async (body: object) => {
      const res = await send('POST', '/v1/silences', body);
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json().errors.map((e: { field: string }) => e.field);
    };
    const residentId = `11010519491231002${residentIdCheckChar('11010519491231002')}`;
    expect(await field({ ...valid, reason: `户主${residentId}来电说明` })).toEqual(['reason']);
    expect(await field({ ...valid, reason: 'a\u0000b' })).toEqual(['reason']);
    expect(await field({ ...valid, reason: '' })).toEqual(['reason']);
    expect(await field({ endsAt: valid.endsAt, reason: 'everything' })).toEqual(['indicatorCode']);
    expect(await field({ ...valid, endsAt: inSeconds(-60) })).toEqual(['endsAt']);
    expect(await field({ ...valid, startsAt: inSeconds(7200) })).toEqual(['endsAt']);
    expect(await field({ ...valid, indicatorCode: 'XXX-99' })).toEqual(['indicatorCode']);
    expect((await send('POST', '/v1/silences', valid, h.keys.read)).statusCode).toBe(403);
    expect(Number((await h.dataSource.query(`SELECT count(*) AS n FROM alert_silence`))[0].n)).toBe(0);
  });

  it('mute webhook deliveries of matching alerts, which are still recorded and published, and expire by themselves', async () => {
    const sub = await send('POST', '/v1/subscriptions', { name: 'silences', channel: 'webhook', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, filter: { indicators: ['HEA-09'] } });
    expect(sub.statusCode).toBe(201);
    const created = await send('POST', '/v1/silences', { indicatorCode: 'HEA-09', kind: 'limited', endsAt: inSeconds(4), reason: '卫健局已知悉，数据核实中' });
    expect(created.statusCode).toBe(201);
    const silence = created.json();
    expect(silence).toMatchObject({ indicatorCode: 'HEA-09', areaCode: null, kind: 'limited', state: 'active', createdBy: expect.stringMatching(/^statistics:/) });
    expect((await send('GET', '/v1/silences', undefined, h.keys.read)).json().items.map((s: { id: string }) => s.id)).toContain(silence.id);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/wdp_monitoring_silences_active 1\b/);

    await applyTransitions(h.app, [slot('limited'), slot('fluctuating')]);
    await waitFor(() => received.length >= 1, { what: 'the unsilenced alert delivered' });
    const listed = (await send('GET', '/v1/alerts?indicator=HEA-09&status=open', undefined, h.keys.read)).json().items;
    const limited = listed.find((a: { kind: string }) => a.kind === 'limited');
    expect(limited.silencedBy).toBe(silence.id);
    expect(listed.find((a: { kind: string }) => a.kind === 'fluctuating').silencedBy).toBeNull();
    // Published on the topic, flagged.
    const onTopic = await collectTopic(testInfra().kafkaBrokers, h.topics.alerts, { until: (ms) => ms.some((m) => JSON.parse(m.value!.toString()).data.alertId === limited.id) });
    expect(onTopic.map((m) => JSON.parse(m.value!.toString()).data).find((d) => d.alertId === limited.id)).toMatchObject({ kind: 'limited', silencedBy: silence.id });

    // The silence ends by itself: no job, no call.
    await waitFor(async () => (await send('GET', `/v1/silences/${silence.id}`, undefined, h.keys.read)).json().state === 'expired', { what: 'the silence expired', timeoutMs: 15_000 });
    expect((await send('GET', '/v1/silences', undefined, h.keys.read)).json().items.map((s: { id: string }) => s.id)).not.toContain(silence.id);
    await applyTransitions(h.app, [slot('limited', 'resolve')]);
    await waitFor(() => received.length >= 2, { what: 'the resolution delivered' });
    const changes = received.flatMap((r) => r.changes).map((c) => `${c.alert.kind}/${c.transition}`);
    expect(changes).toEqual(['fluctuating/raised', 'limited/resolved']);
    expect((await send('GET', `/v1/alerts/${limited.id}`, undefined, h.keys.read)).json().silencedBy).toBeNull();
  });

  it('are audited: who created one, when and why; who deleted it and when', async () => {
    const silence = (await send('POST', '/v1/silences', { areaCode: '520103', endsAt: inSeconds(3600), reason: '区级年度数据复核期间' })).json();
    const deleted = await send('DELETE', `/v1/silences/${silence.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ state: 'deleted', reason: '区级年度数据复核期间', createdBy: expect.stringMatching(/^statistics:/), deletedBy: expect.stringMatching(/^statistics:/), deletedAt: expect.any(String) });
    expect((await send('DELETE', `/v1/silences/${silence.id}`)).statusCode).toBe(409);
    const listed = (await send('GET', '/v1/silences?state=deleted', undefined, h.keys.read)).json();
    expect(listed.items.map((s: { id: string }) => s.id)).toEqual([silence.id]);
    expect((await send('DELETE', '/v1/silences/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
