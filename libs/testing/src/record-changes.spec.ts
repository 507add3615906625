import type { RecordChangeItem, RecordFact } from '@wdp/contracts';
import { changesOfEvent, eventsOfChanges, recordChangesIn, recordChangeType } from './record-changes';
import type { DeliveredEvent } from './service-probes';

const fact = (count: number): RecordFact => ({ kind: 'live-birth', area: '520103001001', period: '2025-07', sex: 'F', count, attributes: {} });
const item = (recordId: string, revision = 1, operation: RecordChangeItem['operation'] = 'recorded'): RecordChangeItem =>
  ({ recordId, revision, operation, current: fact(revision), previous: revision > 1 ? fact(revision - 1) : null });

function delivered(id: string, type: string, data: unknown, over: Partial<DeliveredEvent> = {}): DeliveredEvent {
  return {
    specversion: '1.0', id, source: 'urn:wdp:health-service', type, time: '2025-07-01T00:00:00Z', datacontenttype: 'application/json',
    data, key: 'k', partition: 2, raw: `{"id":"${id}"}`, wdpbatch: 'b', wdpbatchsize: 1, ...over,
  } as DeliveredEvent;
}
const v1 = (id: string, change: RecordChangeItem) =>
  delivered(id, recordChangeType('health', 'live-birth', change.operation, 'v1'), { ...change, department: 'health' }, { key: change.recordId });
const v2 = (id: string, items: RecordChangeItem[], over: Partial<DeliveredEvent> = {}) =>
  delivered(id, recordChangeType('health', 'live-birth', 'recorded', 'v2'), { department: 'health', kind: 'live-birth', items }, { key: items[0].recordId, ...over });

describe('record changes of delivered events, whichever generation carried them', () => {
  it('names the event type of each generation', () => {
    expect(recordChangeType('health', 'live-birth', 'revised', 'v1')).toBe('gov.yunyan.health.live-birth.revised.v1');
    expect(recordChangeType('health', 'live-birth', 'revised', 'v2')).toBe('gov.yunyan.health.live-birth.record-batch.v1');
  });

  it('reads a v1 event as one change, its data as it is', () => {
    const [change] = changesOfEvent(v1('e1', item('r1')));
    expect(change).toMatchObject({ eventId: 'e1', key: 'r1', partition: 2, changesInEvent: 1, wdpbatch: 'b', wdpbatchsize: 1, raw: '{"id":"e1"}' });
    expect(change.data).toEqual({ ...item('r1'), department: 'health' });
  });

  it('reads a v2 batch event as one change per item, in v1 shape with the batch department, each keeping its event', () => {
    const changes = changesOfEvent(v2('e2', [item('r1'), item('r2', 2, 'revised')], { wdpbatchsize: 3 }));
    expect(changes.map((c) => c.data)).toEqual([{ ...item('r1'), department: 'health' }, { ...item('r2', 2, 'revised'), department: 'health' }]);
    expect(changes.map((c) => [c.eventId, c.changesInEvent, c.wdpbatchsize, c.type])).toEqual([
      ['e2', 2, 3, 'gov.yunyan.health.live-birth.record-batch.v1'], ['e2', 2, 3, 'gov.yunyan.health.live-birth.record-batch.v1'],
    ]);
  });

  it('keeps the asked records only, in the order asked, each by revision, across generations', () => {
    const events = [v2('e3', [item('r2', 2, 'revised'), item('other')]), v1('e1', item('r1')), v2('e2', [item('r2'), item('r1', 2, 'withdrawn')])];
    const changes = recordChangesIn(events, ['r1', 'r2']);
    expect(changes.map((c) => [c.data.recordId, c.data.revision, c.eventId])).toEqual([['r1', 1, 'e1'], ['r1', 2, 'e2'], ['r2', 1, 'e2'], ['r2', 2, 'e3']]);
    expect(eventsOfChanges(changes).map((c) => c.eventId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('shows a change published twice, in one generation or both, as two changes', () => {
    const twice = recordChangesIn([v1('e1', item('r1')), v2('e2', [item('r1')])], ['r1']);
    expect(twice.map((c) => [c.data.recordId, c.data.revision])).toEqual([['r1', 1], ['r1', 1]]);
  });
});
