import { partitionRequests, type PartitionOf } from './partition-requests';
import type { OutgoingMessage } from './kafka-client';

const msg = (key: string, partition?: number): OutgoingMessage => ({ key, value: key, headers: {}, ...(partition === undefined ? {} : { partition }) });
// Keys name their partition ("p2-…" → 2), so each case reads at a glance.
const byPrefix: PartitionOf = (_topic, m) => Number(m.key!.slice(1, 2));

describe('partitionRequests', () => {
  it('makes one request per topic-partition, each message pinned to its partition', () => {
    const requests = partitionRequests(
      [{ topic: 'a', messages: [msg('p0-1'), msg('p3-1'), msg('p0-2'), msg('p5-1'), msg('p3-2')] }, { topic: 'b', messages: [msg('p0-x')] }],
      byPrefix,
    );
    expect(requests.map((r) => [r.topic, r.messages.map((m) => `${m.partition}:${m.key}`)])).toEqual([
      ['a', ['0:p0-1', '0:p0-2']],
      ['a', ['3:p3-1', '3:p3-2']],
      ['a', ['5:p5-1']],
      ['b', ['0:p0-x']],
    ]);
  });

  it('never puts two partitions in one request, so a retry after a leader change cannot skip one', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => msg(`p${i % 6}-${i}`));
    for (const request of partitionRequests([{ topic: 't', messages }], byPrefix)) {
      expect(new Set(request.messages.map((m) => m.partition)).size).toBe(1);
    }
  });

  it('keeps each key’s order and loses no message', () => {
    const messages = Array.from({ length: 60 }, (_, i) => msg(`p${i % 4}-${String(i).padStart(2, '0')}`));
    const out = partitionRequests([{ topic: 't', messages }], byPrefix).flatMap((r) => r.messages.map((m) => m.key!));
    expect([...out].sort()).toEqual(messages.map((m) => m.key!).sort());
    for (const request of partitionRequests([{ topic: 't', messages }], byPrefix)) {
      const keys = request.messages.map((m) => m.key!);
      expect(keys).toEqual([...keys].sort());
    }
  });

  it('keeps a partition the caller chose', () => {
    const [request] = partitionRequests([{ topic: 't', messages: [msg('p1-a', 4)] }], byPrefix);
    expect(request.messages[0].partition).toBe(4);
  });
});
