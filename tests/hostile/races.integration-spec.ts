import { randomUUID } from 'node:crypto';
import { writeOperations, type WriteOperation } from './openapi-operations';
import { DEPARTMENTAL_TARGETS, startService, type RunningService } from './stack';

// Hostile timing: the same write sent many times at once. Unique constraints settle the race in the database;
// the answers must still be 2xx or a 4xx problem (never a 5xx), and exactly one record or return is stored.

describe('concurrent duplicates', () => {
  let service: RunningService;
  let key = '';
  let records: WriteOperation;
  let returns: WriteOperation;

  beforeAll(async () => {
    service = await startService(DEPARTMENTAL_TARGETS[0]);
    key = (await service.issueKey(service.target.department, [`write:${service.target.department}`])).key;
    const ops = writeOperations((await service.call('GET', '/docs-json')).json()).filter((o) => o.method === 'POST' && /^\/v1\/(records|returns)\/[^/{]+$/.test(o.path));
    records = ops.find((o) => o.path.startsWith('/v1/records/'))!;
    returns = ops.find((o) => o.path.startsWith('/v1/returns/'))!;
  });
  afterAll(async () => {
    await service?.close();
  });

  const expectNo5xx = (answers: { statusCode: number; body: string }[]) => {
    for (const a of answers) {
      if (a.statusCode >= 500) throw new Error(`answered ${a.statusCode}: ${a.body.slice(0, 300)}`);
    }
  };

  it('stores one record when the same reference arrives 20 times at once, with or without one Idempotency-Key', async () => {
    const body = { ...records.example, reference: 'RACE-1' };
    expectNo5xx(await Promise.all(Array.from({ length: 20 }, () => service.call('POST', records.path, { key, body }))));
    const idem = randomUUID();
    const body2 = { ...records.example, reference: 'RACE-2' };
    expectNo5xx(await Promise.all(Array.from({ length: 20 }, () => service.call('POST', records.path, { key, body: body2, headers: { 'idempotency-key': idem } }))));
    const { rows } = await service.sql.query(`SELECT natural_key, count(*)::int AS n FROM records WHERE natural_key LIKE 'RACE-%' GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ natural_key: 'RACE-1', n: 1 }, { natural_key: 'RACE-2', n: 1 }]);
    const { rows: events } = await service.sql.query(`SELECT count(*)::int AS n FROM outbox o JOIN records r ON o.message_key = r.id::text WHERE r.natural_key LIKE 'RACE-%'`);
    expect(events[0].n).toBe(2);
  });

  it('keeps revisions consistent when 20 different corrections and withdrawals of one record race', async () => {
    const created = await service.call('POST', records.path, { key, body: { ...records.example, reference: 'RACE-3' } });
    const id = created.json().items[0].id;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => i % 5 === 4
      ? service.call('DELETE', `${records.path}/${id}?reason=race`, { key })
      : service.call('PUT', `${records.path}/${id}`, { key, body: { ...records.example, reference: 'RACE-3', count: i + 2 } })));
    expectNo5xx(answers);
    const { rows: [row] } = await service.sql.query(`SELECT revision FROM records WHERE id = $1`, [id]);
    const { rows: [{ n }] } = await service.sql.query(`SELECT count(*)::int AS n FROM outbox WHERE message_key = $1`, [id]);
    expect(n).toBe(row.revision); // one event per revision: recorded, then each accepted change
  });

  it('stores one return when the same return arrives 20 times at once', async () => {
    expectNo5xx(await Promise.all(Array.from({ length: 20 }, () => service.call('POST', returns.path, { key, body: returns.example }))));
    const { rows } = await service.sql.query(`SELECT count(*)::int AS n FROM statistical_returns`);
    expect(rows[0].n).toBe(1);
  });
});
