import { randomUUID } from 'node:crypto';
import type { RecordBatchEventData, RecordFact } from '@wdp/contracts';
import { keyPartition } from '@wdp/messaging';
import { recordBatchMessages, type KindChange } from './record-batch-events';

const target = { department: 'health', topic: 'wdp.health.events.v2', source: 'urn:wdp:health-service', headers: { wdp_request_id: 'r1' } };
const fact = (i: number): RecordFact => ({ kind: 'live-birth', area: '520102001', period: '2025-07', sex: i % 2 ? 'F' : 'M', count: 1, attributes: { n: i } });
const change = (i: number, kind = 'live-birth'): KindChange => ({ recordId: randomUUID(), kind, revision: 1, operation: 'recorded', current: fact(i), previous: null });
const dataOf = (m: { event: { data: unknown } }) => m.event.data as RecordBatchEventData;

describe('recordBatchMessages (v2 events of one request)', () => {
  it('carries every change exactly once, each on the partition its record id hashes to, in request order', () => {
    const changes = Array.from({ length: 500 }, (_, i) => change(i));
    const messages = recordBatchMessages(target, changes);

    expect(messages.length).toBeLessThanOrEqual(6);
    const seen = messages.flatMap((m) => dataOf(m).items.map((item) => item.recordId));
    expect(seen.sort()).toEqual(changes.map((c) => c.recordId).sort());
    for (const m of messages) {
      const partition = keyPartition(m.key, 6);
      const ids = dataOf(m).items.map((item) => item.recordId);
      expect(ids.every((id) => keyPartition(id, 6) === partition)).toBe(true);
      expect(m.key).toBe(ids[0]);
      // Within a partition the request's order holds.
      const order = changes.filter((c) => keyPartition(c.recordId, 6) === partition).map((c) => c.recordId);
      expect(ids).toEqual(order);
    }
  });

  it('is a record-batch event of the kind, with the department, subject and the request headers', () => {
    const [m] = recordBatchMessages(target, [change(1)]);
    expect(m.topic).toBe(target.topic);
    expect(m.headers).toEqual({ wdp_request_id: 'r1' });
    expect(m.event).toMatchObject({ type: 'gov.yunyan.health.live-birth.record-batch.v1', source: target.source, subject: 'records/live-birth' });
    expect(dataOf(m)).toMatchObject({ department: 'health', kind: 'live-birth' });
    expect(dataOf(m).items[0]).not.toHaveProperty('kind');
  });

  it('never mixes kinds in one event', () => {
    const messages = recordBatchMessages(target, [change(1, 'live-birth'), change(2, 'maternal-death'), change(3, 'live-birth')]);
    for (const m of messages) expect(dataOf(m).items.every((i) => i.current?.kind === dataOf(m).kind || dataOf(m).kind === 'maternal-death')).toBe(true);
    expect(new Set(messages.map((m) => dataOf(m).kind))).toEqual(new Set(['live-birth', 'maternal-death']));
  });

  it('splits a partition group so each event stays under the byte limit, keeping the order', () => {
    const changes = Array.from({ length: 2_000 }, (_, i) => change(i));
    const limit = 20_000;
    const messages = recordBatchMessages(target, changes, limit);
    for (const m of messages) expect(Buffer.byteLength(JSON.stringify(m.event))).toBeLessThanOrEqual(limit);
    expect(messages.flatMap((m) => dataOf(m).items).length).toBe(2_000);
    const byPartition = new Map<number, string[]>();
    for (const m of messages) {
      const p = keyPartition(m.key, 6);
      byPartition.set(p, [...(byPartition.get(p) ?? []), ...dataOf(m).items.map((i) => i.recordId)]);
    }
    for (const [p, ids] of byPartition) expect(ids).toEqual(changes.filter((c) => keyPartition(c.recordId, 6) === p).map((c) => c.recordId));
  });

  it('sends an item larger than the limit alone rather than dropping it', () => {
    const messages = recordBatchMessages(target, [change(1), change(2)], 10);
    expect(messages.flatMap((m) => dataOf(m).items)).toHaveLength(2);
  });
});
