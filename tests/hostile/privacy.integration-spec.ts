import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ApiKeyService, containsResidentIdNumber, generateApiKey } from '@wdp/ingestion';
import { collectTopic, testInfra, topicMessageCount } from '@wdp/testing';
import type { Client } from 'pg';
import { writeOperations, type WriteOperation } from './openapi-operations';
import { DEPARTMENTAL_TARGETS, MONITORING_TARGET, outboxDrained, startService, type RunningService } from './stack';
import { captureOutput } from './capture-output';

// Issue 12, privacy: resident ID numbers hidden from the screen (invisible characters between the digit
// groups), carried in request headers, or in the URL of a request that is then logged.

const ID = '11010519491231002X';
const MIDDLE = ID.slice(6, 14);
const split = (sep: string) => `${ID.slice(0, 6)}${sep}${MIDDLE}${sep}${ID.slice(14)}`;
/** The forms the hostile run got through: one per kind of invisible character. */
const HIDDEN = ['\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u200e', '\u2066'].map(split);
const HEALTH = DEPARTMENTAL_TARGETS.find((t) => t.department === 'health')!;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BIRTH_HEADER = ['reference', 'subjectRef', 'area', 'period', 'sex', 'age', 'attributes.deliveryPlace', 'attributes.deliveryMode'];
const birthRow = (reference: string) => [reference, `p-${reference}`, '520103001001', '2025-07', 'F', 30, 'hospital', 'vaginal'];

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const csv = (rows: unknown[][]) => Buffer.from(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');

async function postOf(service: RunningService, path: RegExp): Promise<WriteOperation> {
  const doc = (await service.call('GET', '/docs-json')).json();
  return writeOperations(doc).find((o) => o.method === 'POST' && path.test(o.path) && o.example)!;
}

const fieldsOf = (body: string) => (JSON.parse(body).errors as { field: string; column?: string }[]).flatMap((e) => [e.field, e.column]);

/** Every row of every table of the database that holds a resident ID number, in any form the screen knows. */
async function rowsWithId(sql: Client): Promise<string[]> {
  const { rows: tables } = await sql.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const hits: string[] = [];
  for (const { t } of tables) {
    const { rows } = await sql.query<{ row: string }>(`SELECT x::text AS row FROM "${t}" x`);
    for (const { row } of rows) if (containsResidentIdNumber(row) || row.includes(MIDDLE)) hits.push(`${t}: ${row.slice(0, 120)}`);
  }
  return hits;
}

/** A key with every monitoring scope, old and new names alike (registering does not check scope names). */
async function monitoringKey(service: RunningService): Promise<string> {
  const { key } = generateApiKey('monitoring');
  await service.app.get(ApiKeyService).register(key, ['read:monitoring', 'write:monitoring', 'handle:alerts', 'manage:subscriptions', 'generate:reports', 'admin'], 'privacy test');
  return key;
}

describe('resident ID numbers with invisible characters between the digit groups', () => {
  let health: RunningService;
  let monitoring: RunningService;

  beforeAll(async () => {
    health = await startService(HEALTH);
    monitoring = await startService(MONITORING_TARGET);
  }, 120_000);
  afterAll(async () => {
    await health?.close();
    await monitoring?.close();
  });

  it('are refused with 422 naming the field in every free-text field of a departmental service, and nothing is written', async () => {
    const op = await postOf(health, /^\/v1\/records\/live-birth$/);
    const own = await health.issueKey('health', ['write:health', 'read:health']);
    const admin = await health.issueKey('health', ['admin']);
    const created = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: 'PRIV-OK' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().items[0].id as string;
    const keysBefore = (await health.sql.query(`SELECT count(*)::int AS n FROM api_keys`)).rows[0].n;
    const refused: [string, string, number, boolean][] = [];
    const expect422 = (what: string, field: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
      const named = res.statusCode === 422 && String(res.headers['content-type']).startsWith('application/problem+json') && fieldsOf(res.body).includes(field);
      refused.push([what, field, res.statusCode, named && !res.body.includes(MIDDLE)]);
    };

    for (const [i, hidden] of HIDDEN.entries()) {
      for (const field of ['reference', 'subjectRef']) {
        expect422('record', field, await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: `PRIV-${i}`, [field]: `p ${hidden}` } }));
        expect422('batch', `items[1].${field}`, await health.call('POST', op.path, {
          key: own.key, body: { items: [{ ...op.example, reference: `PRIV-B${i}` }, { ...op.example, reference: `PRIV-C${i}`, [field]: hidden }] },
        }));
        expect422('revision', field, await health.call('PUT', `${op.path}/${id}`, { key: own.key, body: { ...op.example, reference: 'PRIV-OK', [field]: `x${hidden}` } }));
        const row = (cell: string) => BIRTH_HEADER.map((h, j) => (h === field ? cell : birthRow(`PRIV-U${i}`)[j]));
        const upload = async (body: Buffer, contentType: string) =>
          health.app.inject({ method: 'POST', url: `${op.path}/upload`, headers: { 'x-api-key': own.key, 'content-type': contentType }, payload: body });
        expect422('csv', field, await upload(csv([BIRTH_HEADER, row(`ID ${hidden}`)]), 'text/csv'));
        expect422('xlsx', field, await upload(await xlsx([BIRTH_HEADER, row(hidden)]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
      }
      expect422('withdrawal', 'reason', await health.call('DELETE', `${op.path}/${id}?reason=${encodeURIComponent(`dup ${hidden}`)}`, { key: own.key }));
      expect422('withdrawal', 'reason', await health.call('DELETE', `${op.path}/${id}`, { key: own.key, body: { reason: `dup ${hidden}` } }));
      expect422('key', 'label', await health.call('POST', '/v1/admin/api-keys', { key: admin.key, body: { department: 'health', scopes: ['read:health'], label: `system ${hidden}` } }));
      expect422('revocation', 'reason', await health.call('DELETE', `/v1/admin/api-keys/${own.id}?reason=${encodeURIComponent(hidden)}`, { key: admin.key }));
    }
    expect(refused.filter(([, , status, ok]) => status !== 422 || !ok)).toEqual([]);
    expect(refused.length).toBe(HIDDEN.length * 14);

    const { rows } = await health.sql.query(`SELECT natural_key, status FROM records`);
    expect(rows).toEqual([{ natural_key: 'PRIV-OK', status: 'active' }]);
    expect((await health.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(1);
    expect((await health.sql.query(`SELECT count(*)::int AS n FROM api_keys`)).rows[0].n).toBe(keysBefore);
    expect((await health.call('GET', `${op.path}/${id}`, { key: own.key })).statusCode).toBe(200); // the key was not revoked
    expect(await rowsWithId(health.sql)).toEqual([]);
  });

  it('are refused in monitoring’s free text: return notes, subscription names, alert comments and resolution reasons', async () => {
    const key = await monitoringKey(monitoring);
    const ret = await postOf(monitoring, /^\/v1\/returns\/[^/{]+$/);
    const statistics = await monitoring.issueKey('statistics', ['write:statistics']);
    const alert = randomUUID();
    const subscription = randomUUID();
    const refused: [string, number, boolean][] = [];
    for (const hidden of HIDDEN) {
      const calls: [string, Promise<{ statusCode: number; body: string }>][] = [
        ['note', monitoring.call('POST', ret.path, { key: statistics.key, body: { ...ret.example, note: `checked ${hidden}` } })],
        ['name', monitoring.call('POST', '/v1/subscriptions', { key, body: { name: `sub ${hidden}`, channel: 'webhook', url: 'https://alerts.example.org/hook' } })],
        ['name', monitoring.call('PATCH', `/v1/subscriptions/${subscription}`, { key, body: { name: hidden } })],
        ['comment', monitoring.call('POST', `/v1/alerts/${alert}/acknowledge`, { key, body: { comment: `called ${hidden}` } })],
        ['reason', monitoring.call('POST', `/v1/alerts/${alert}/resolve`, { key, body: { reason: `fixed ${hidden}` } })],
        ['label', monitoring.call('POST', '/v1/admin/api-keys', { key, body: { department: 'monitoring', scopes: ['read:monitoring'], label: hidden } })],
      ];
      for (const [field, call] of calls) {
        const res = await call;
        refused.push([field, res.statusCode, res.statusCode === 422 && fieldsOf(res.body).includes(field) && !res.body.includes(MIDDLE)]);
      }
    }
    expect(refused.filter(([, status, ok]) => status !== 422 || !ok)).toEqual([]);
    expect((await monitoring.sql.query(`SELECT count(*)::int AS n FROM statistical_returns`)).rows[0].n).toBe(0);
    expect(await rowsWithId(monitoring.sql)).toEqual([]);
  });

  it('in request headers: a hostile X-Request-Id or traceparent never reaches the outbox or Kafka, an Idempotency-Key with one is refused, and only a digest of a key is stored', async () => {
    const op = await postOf(health, /^\/v1\/records\/live-birth$/);
    const own = await health.issueKey('health', ['write:health', 'read:health']);
    const badTrace = '00-ab440524188001010014abcdefabcdef-00f067aa0ba902b7-01'; // valid hex, an ID number inside
    const goodTrace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const hostileIds = [ID, `req-${split('-')}`, `req:${split('.')}`, `r${split('_')}`, ...HIDDEN, 'x'.repeat(65)];
    for (const [i, requestId] of hostileIds.entries()) {
      const res = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: `HDR-${i}` }, headers: { 'x-request-id': requestId, traceparent: badTrace } });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    const kept = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: 'HDR-OK' }, headers: { 'x-request-id': 'dept-sys-42', traceparent: goodTrace } });
    expect(kept.headers['x-request-id']).toBe('dept-sys-42');

    const badKey = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: 'HDR-K' }, headers: { 'idempotency-key': `retry-${split('-')}` } });
    expect(badKey.statusCode).toBe(422);
    expect(fieldsOf(badKey.body)).toContain('Idempotency-Key');
    const first = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: 'HDR-I' }, headers: { 'idempotency-key': 'retry-abc-1' } });
    const again = await health.call('POST', op.path, { key: own.key, body: { ...op.example, reference: 'HDR-I' }, headers: { 'idempotency-key': 'retry-abc-1' } });
    expect([first.statusCode, again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    const stored = (await health.sql.query(`SELECT idempotency_key FROM idempotency_keys`)).rows.map((r) => r.idempotency_key);
    expect(stored).toEqual([createHash('sha256').update('retry-abc-1').digest('hex')]);

    const { rows } = await health.sql.query<{ headers: Record<string, string> }>(`SELECT headers::jsonb AS headers FROM outbox WHERE headers::jsonb ? 'wdp_request_id'`);
    expect(rows.length).toBeGreaterThanOrEqual(hostileIds.length + 2);
    for (const { headers } of rows) expect(containsResidentIdNumber(JSON.stringify(headers))).toBe(false);
    expect(rows.map((r) => r.headers)).toContainEqual({ wdp_request_id: 'dept-sys-42', traceparent: goodTrace });
    expect(rows.filter((r) => r.headers.traceparent !== undefined)).toHaveLength(1);

    await outboxDrained(health);
    const { kafkaBrokers } = testInfra();
    const topic = health.publishedTopics[0];
    const n = await topicMessageCount(kafkaBrokers, topic);
    const messages = await collectTopic(kafkaBrokers, topic, { until: (ms) => ms.length >= n });
    expect(messages.length).toBeGreaterThanOrEqual(hostileIds.length + 2);
    for (const m of messages) {
      expect(containsResidentIdNumber(JSON.stringify(m.headers))).toBe(false);
      if (m.headers.wdp_request_id !== 'dept-sys-42') expect(m.headers.wdp_request_id).toMatch(UUID);
    }
  });
});

/** The log as text, percent-decoded (byte runs, so split UTF-8 sequences decode too), and with JSON \u escapes undone. */
function readings(log: string): string[] {
  const percent = log.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
  const unescape = (s: string) => s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return [log, percent, unescape(log), unescape(percent)];
}

describe('request logs', () => {
  it('hold no resident ID number from the query, the path, a header or the body, whatever the answer', async () => {
    const percentDigits = [...ID].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    let requests = 0;
    const { output } = await captureOutput(async () => {
      const service = await startService(HEALTH, { LOG_LEVEL: 'trace' });
      try {
        const own = await service.issueKey('health', ['write:health', 'read:health']);
        const op = await postOf(service, /^\/v1\/records\/live-birth$/);
        const path = op.path;
        const zw = encodeURIComponent(split('\u200b'));
        const urls = [
          `${path}?area=${ID}`, `${path}?area=${zw}&period=2025-07`, `${path}?${ID}=1`, `${path}?area=${percentDigits}`,
          `${path}/${ID}`, `${path}/${zw}`, `${path}/${percentDigits}`, `${path}/110105/19491231002X`, `/v1/nothing/${ID}`,
          `${path}/%E0%A4%A${ID}`, `${path}/${encodeURIComponent('１１０１０５１９４９１２３１００２Ｘ')}`,
        ];
        const calls: Promise<{ statusCode: number }>[] = [];
        for (const url of urls) {
          calls.push(service.call('GET', url, { key: own.key }), service.call('GET', url)); // authenticated and refused
          calls.push(service.call('DELETE', `${path}/${randomUUID()}?reason=${encodeURIComponent(`dup ${split('\u200b')}`)}`, { key: own.key }));
        }
        const headers = { 'x-request-id': split('-'), traceparent: '00-ab440524188001010014abcdefabcdef-00f067aa0ba902b7-01', 'user-agent': `tool/1 (${split('\u2060')})`, 'idempotency-key': `k-${split('.')}` };
        calls.push(service.call('POST', path, { key: own.key, body: { ...op.example, reference: 'LOG-OK' }, headers: { ...headers, 'idempotency-key': 'ok-1' } }));
        calls.push(service.call('POST', path, { key: own.key, body: { ...op.example, reference: `LOG ${split('\u200b')}` }, headers }));
        calls.push(service.call('POST', path, { key: own.key, body: { ...op.example, reference: 'LOG-2' }, headers }));
        calls.push(service.call('POST', path, { body: { ...op.example, subjectRef: ID }, headers }));
        const answers = await Promise.all(calls);
        requests = answers.length;
        expect(answers.filter((a) => a.statusCode >= 500)).toEqual([]);
        expect(answers.some((a) => a.statusCode === 201)).toBe(true);
      } finally {
        await service.close();
      }
    });
    expect(requests).toBeGreaterThan(30);
    expect(output).toContain('"msg":"request completed"'); // the capture works: the JSON request log is in it
    expect(output).toContain('?area=…');
    for (const text of readings(output)) {
      expect(containsResidentIdNumber(text)).toBe(false);
      expect(text).not.toContain(MIDDLE);
    }
  }, 120_000);
});
