import { createEvent } from '@wdp/contracts';
import { decodeEvent, MalformedEventError } from './event-decoding';

const fact = { kind: 'live-birth', area: '520103001001', period: '2024-03', sex: 'F', count: 1, attributes: {} };

describe('decodeEvent', () => {
  it('recognises record events of any department by their versioned type', () => {
    const e = createEvent({ source: 's', type: 'gov.yunyan.social-security.insurance-enrolment.revised.v1', data: { recordId: 'r', revision: 2, operation: 'revised', department: 'social-security', current: fact, previous: fact } });
    expect(decodeEvent(e)).toMatchObject({ type: 'record', eventId: e.id, data: { recordId: 'r' } });
  });

  it('recognises return events, including withdrawals without current figures', () => {
    const facts = { kind: 'life-expectancy', area: '520103', period: '2024', unit: 'years', figures: [] };
    const e = createEvent({ source: 's', type: 'gov.yunyan.health.life-expectancy-return.withdrawn.v1', data: { returnId: 'x', revision: 3, operation: 'withdrawn', department: 'health', current: null, previous: facts } });
    expect(decodeEvent(e)).toMatchObject({ type: 'return', time: e.time, data: { returnId: 'x' } });
  });

  it('recognises approval changes and rejects one without its cell, a known state or, when approved, its fingerprint', () => {
    const type = 'gov.yunyan.health.submission.approval-changed.v1';
    const data = { department: 'health', datasetType: 'record', kind: 'maternal-death', period: '2025', area: '520103', state: 'approved', version: 2, fingerprint: { items: 3, revisionSum: 4 }, comment: null };
    expect(decodeEvent(createEvent({ source: 's', type, data }))).toMatchObject({ type: 'approval', data: { state: 'approved', version: 2 } });
    for (const [bad, reason] of [
      [{ ...data, department: 'education' }, /department/],
      [{ ...data, area: '' }, /kind, period and area/],
      [{ ...data, state: 'signed' }, /not an approval state/],
      [{ ...data, version: 0 }, /version/],
      [{ ...data, fingerprint: null }, /fingerprint/],
      [{ ...data, fingerprint: { items: 'x' } }, /fingerprint/],
    ] as const) {
      expect(() => decodeEvent(createEvent({ source: 's', type, data: bad }))).toThrow(reason);
    }
  });

  it('ignores events that carry no statistics', () => {
    expect(decodeEvent(createEvent({ source: 's', type: 'gov.yunyan.monitoring.alert.raised.v1', data: {} })).type).toBe('ignored');
  });

  it('rejects a record event whose data does not match its type', () => {
    const wrongOp = createEvent({ source: 's', type: 'gov.yunyan.health.live-birth.recorded.v1', data: { recordId: 'r', revision: 1, operation: 'withdrawn', department: 'health', current: fact, previous: null } });
    expect(() => decodeEvent(wrongOp)).toThrow(MalformedEventError);
    const noFact = createEvent({ source: 's', type: 'gov.yunyan.health.live-birth.recorded.v1', data: { recordId: 'r', revision: 1, operation: 'recorded', department: 'health', current: { kind: 'live-birth' }, previous: null } });
    expect(() => decodeEvent(noFact)).toThrow(/not a record fact/);
  });

  describe('batch events (v2)', () => {
    const batch = (data: unknown, type = 'gov.yunyan.health.live-birth.record-batch.v1') => createEvent({ source: 's', type, data });
    const item = (recordId: string, extra: Record<string, unknown> = {}) => ({ recordId, revision: 1, operation: 'recorded', current: fact, previous: null, ...extra });

    it('decodes each item as the v1 data it stands for, with the department of the event', () => {
      const e = batch({ department: 'health', kind: 'live-birth', items: [item('a'), item('b', { revision: 2, operation: 'revised', previous: fact })] });
      expect(decodeEvent(e)).toEqual({
        type: 'record-batch', department: 'health', kind: 'live-birth', eventId: e.id, time: e.time, malformed: [],
        items: [
          { index: 0, data: { recordId: 'a', revision: 1, operation: 'recorded', department: 'health', current: fact, previous: null } },
          { index: 1, data: { recordId: 'b', revision: 2, operation: 'revised', department: 'health', current: fact, previous: fact } },
        ],
      });
    });

    it('sets malformed items apart, by position, and keeps the rest', () => {
      const e = batch({ department: 'health', kind: 'live-birth', items: [item('a'), null, item('c', { operation: 'deleted' }), item('d', { current: { area: 5 } }), item('e', { revision: 1.5 }), item('f')] });
      const decoded = decodeEvent(e);
      expect(decoded.type === 'record-batch' && decoded.items.map((i) => i.data.recordId)).toEqual(['a', 'f']);
      expect(decoded.type === 'record-batch' && decoded.malformed).toEqual([
        { index: 1, reason: 'item 1: is not an object' },
        { index: 2, reason: 'item 2: operation deleted is not recorded, revised or withdrawn' },
        { index: 3, reason: 'item 3: current is not a record fact' },
        { index: 4, reason: 'item 4: needs recordId and revision' },
      ]);
    });

    it('rejects the whole event when its envelope does not match its type', () => {
      expect(() => decodeEvent(batch({ department: 'education', kind: 'live-birth', items: [item('a')] }))).toThrow(MalformedEventError);
      expect(() => decodeEvent(batch({ department: 'health', kind: 'maternal-death', items: [item('a')] }))).toThrow(/department and kind/);
      expect(() => decodeEvent(batch({ department: 'health', kind: 'live-birth', items: [] }))).toThrow(/non-empty items/);
      expect(() => decodeEvent(batch({ department: 'health', kind: 'live-birth', items: 'a' }))).toThrow(MalformedEventError);
    });
  });
});
