import { createEvent, derivedId, inBatch, type RecordBatchEventData } from '@wdp/contracts';
import type { ConsumedEvent } from '@wdp/messaging';
import { rejectedItems } from './batch-processor.service';

describe('rejectedItems', () => {
  const item = (recordId: string) => ({ recordId, revision: 1, operation: 'recorded' as const, current: null, previous: null });
  const [event] = inBatch([createEvent<RecordBatchEventData>({ source: 's', type: 'gov.yunyan.health.live-birth.record-batch.v1', data: { department: 'health', kind: 'live-birth', items: ['a', 'b', 'c', 'd'].map(item) } })]);
  const from: ConsumedEvent = { event, topic: 't', partition: 2, offset: '7', key: 'a', headers: {}, timestamp: '0' };

  it('is an event of the bad items only, with an id of its own derived from the original and no request batch', () => {
    const part = rejectedItems(from, [{ index: 1, reason: 'item 1: unknown area 9' }, { index: 3, reason: 'item 3: is not an object' }]);
    expect(part.from).toBe(from);
    expect(part.event).toMatchObject({ id: derivedId(`${event.id}:rejected`), type: event.type, source: 's', data: { department: 'health', kind: 'live-birth', items: [item('b'), item('d')] } });
    expect(part.event).not.toHaveProperty('wdpbatch');
    expect(part.event).not.toHaveProperty('wdpbatchsize');
    expect(part.error).toBe('item 1: unknown area 9; item 3: is not an object');
    // The original is untouched: it is what the inbox records as applied.
    expect((event.data as RecordBatchEventData).items).toHaveLength(4);
  });
});
