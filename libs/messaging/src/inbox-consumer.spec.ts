import { lagIsZero, nextOffset, selectNewEvents } from './inbox-consumer';
import { chunkByPayloadBytes, groupByTopic, type RelayedRow } from './outbox-relay';

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

describe('lagIsZero', () => {
  it('is true only when every partition ended its last batch at the high watermark (and for no partition yet)', () => {
    expect(lagIsZero({})).toBe(true);
    expect(lagIsZero({ 'a/0': 0, 'a/1': 0, 'b/0': 0 })).toBe(true);
    expect(lagIsZero({ 'a/0': 0, 'a/1': 3, 'b/0': 0 })).toBe(false);
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

describe('chunkByPayloadBytes', () => {
  const sized = (id: string, bytes: number): RelayedRow => ({ id, eventId: id, topic: 't', key: id, payload: 'x'.repeat(bytes), headers: {} });

  it('keeps every row, in order, in runs under the byte limit', () => {
    const rows = Array.from({ length: 25 }, (_, i) => sized(String(i), 100 + (i % 7) * 50));
    const runs = chunkByPayloadBytes(rows, 1_000);
    expect(runs.flat().map((r) => r.id)).toEqual(rows.map((r) => r.id));
    for (const run of runs) expect(run.reduce((n, r) => n + r.payload.length, 0)).toBeLessThanOrEqual(1_000);
    expect(runs.length).toBeGreaterThan(1);
  });

  it('sends a row larger than the limit on its own rather than dropping it', () => {
    const runs = chunkByPayloadBytes([sized('a', 10), sized('big', 5_000), sized('b', 10)], 1_000);
    expect(runs.map((r) => r.map((x) => x.id))).toEqual([['a'], ['big'], ['b']]);
  });

  it('counts bytes, not characters (Chinese text is three bytes a character in UTF-8)', () => {
    const row = (id: string): RelayedRow => ({ id, eventId: id, topic: 't', key: id, payload: '妇'.repeat(200), headers: {} });
    expect(chunkByPayloadBytes([row('a'), row('b')], 1_000)).toHaveLength(2);
  });
});
