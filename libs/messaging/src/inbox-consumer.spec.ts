import { nextOffset, selectNewEvents } from './inbox-consumer';
import { groupByTopic, type RelayedRow } from './outbox-relay';

describe('selectNewEvents', () => {
  const e = (id: string, offset: string) => ({ event: { id }, offset });
  it('keeps only fresh ids, in delivery order', () => {
    const events = [e('a', '1'), e('b', '2'), e('c', '3')];
    expect(selectNewEvents(events, ['c', 'a']).map((x) => x.offset)).toEqual(['1', '3']);
  });
  it('keeps the first occurrence when a duplicate arrives in the same batch', () => {
    const events = [e('a', '1'), e('a', '2'), e('b', '3')];
    expect(selectNewEvents(events, ['a', 'b']).map((x) => x.offset)).toEqual(['1', '3']);
  });
});

describe('nextOffset', () => {
  it('is the offset after the processed one, beyond 2^53 too', () => {
    expect(nextOffset('0')).toBe('1');
    expect(nextOffset('9007199254740993')).toBe('9007199254740994');
  });
});

describe('groupByTopic', () => {
  const row = (id: string, topic: string, key: string): RelayedRow => ({ id, eventId: id, topic, key, payload: `p${id}`, headers: {} });
  it('groups by topic and keeps id order inside each topic', () => {
    const batches = groupByTopic([row('1', 'a', 'k1'), row('2', 'b', 'k1'), row('3', 'a', 'k2'), row('4', 'a', 'k1')]);
    expect(batches.map((b) => b.topic)).toEqual(['a', 'b']);
    expect(batches[0].messages.map((m) => m.value)).toEqual(['p1', 'p3', 'p4']);
    expect(batches[0].messages.map((m) => m.key)).toEqual(['k1', 'k2', 'k1']);
  });
});
