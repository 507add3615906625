import { createEvent } from '@wdp/contracts';
import { OUTBOX_ROWS_PER_INSERT, outboxInsert, outboxInserts, type OutboxMessage } from './outbox-writer';
import { PG_MAX_BIND_PARAMETERS } from './chunk';

const message = (i: number): OutboxMessage => ({
  topic: 'wdp.test.v1',
  key: `area-${i % 3}`,
  event: createEvent({ source: '/test', type: 'gov.yunyan.test.v1', data: { i } }),
  headers: i % 2 ? { traceparent: `t-${i}` } : undefined,
});

describe('outboxInsert', () => {
  it('binds seven parameters per row in column order, the event as the exact JSON text it is published as', () => {
    const msgs = [message(1), message(2)];
    const { sql, params } = outboxInsert(msgs);
    expect(sql).toMatch(/^INSERT INTO outbox \(event_id, topic, message_key, event_type, event_source, payload, headers\) VALUES /);
    expect(sql).toContain('($8, $9, $10, $11, $12, $13, $14)');
    expect(params).toHaveLength(14);
    expect(params.slice(0, 7)).toEqual([
      msgs[0].event.id, 'wdp.test.v1', 'area-1', 'gov.yunyan.test.v1', '/test', JSON.stringify(msgs[0].event), JSON.stringify({ traceparent: 't-1' }),
    ]);
    expect(params[13]).toBe('{}');
  });
});

describe('outboxInserts', () => {
  it('chunks 10,000+ messages into statements under the bind-parameter limit, losing none', () => {
    const msgs = Array.from({ length: 10_500 }, (_, i) => message(i));
    const statements = outboxInserts(msgs);
    expect(statements).toHaveLength(Math.ceil(10_500 / OUTBOX_ROWS_PER_INSERT));
    for (const s of statements) expect(s.params.length).toBeLessThanOrEqual(PG_MAX_BIND_PARAMETERS);
    const ids = statements.flatMap((s) => s.params.filter((_, i) => i % 7 === 0));
    expect(ids).toEqual(msgs.map((m) => m.event.id));
  });
});
