import type { RecordBatchEventData, RecordEventData } from '@wdp/contracts';
import { recordMessages, type RecordChange } from './events';

const fact = { kind: 'live-birth', area: '520102001', period: '2025-07', sex: 'F' as const, count: 1, attributes: {} };
const changes: RecordChange[] = Array.from({ length: 40 }, (_, i) => ({ recordId: `rec-${i}`, kind: 'live-birth', revision: 1, operation: 'recorded', current: fact, previous: null }));
const publisher = { department: 'health', topic: 't', source: 'urn:wdp:health-service' };

describe('recordMessages: each change is published once, in the publisher’s generation only', () => {
  it('v1: one recorded event per change, keyed by its record id', () => {
    const messages = recordMessages({ ...publisher, generation: 'v1' }, changes);
    expect(messages.map((m) => m.event.type)).toEqual(changes.map(() => 'gov.yunyan.health.live-birth.recorded.v1'));
    expect(messages.map((m) => [m.key, (m.event.data as RecordEventData).recordId])).toEqual(changes.map((c) => [c.recordId, c.recordId]));
  });

  it('v2: batch events only, whose items are the changes, each once', () => {
    const messages = recordMessages({ ...publisher, generation: 'v2' }, changes);
    expect(new Set(messages.map((m) => m.event.type))).toEqual(new Set(['gov.yunyan.health.live-birth.record-batch.v1']));
    const items = messages.flatMap((m) => (m.event.data as RecordBatchEventData).items.map((i) => i.recordId));
    expect(items.sort()).toEqual(changes.map((c) => c.recordId).sort());
  });
});
