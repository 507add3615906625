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

  it('ignores events that carry no statistics', () => {
    expect(decodeEvent(createEvent({ source: 's', type: 'gov.yunyan.monitoring.alert.raised.v1', data: {} })).type).toBe('ignored');
  });

  it('rejects a record event whose data does not match its type', () => {
    const wrongOp = createEvent({ source: 's', type: 'gov.yunyan.health.live-birth.recorded.v1', data: { recordId: 'r', revision: 1, operation: 'withdrawn', department: 'health', current: fact, previous: null } });
    expect(() => decodeEvent(wrongOp)).toThrow(MalformedEventError);
    const noFact = createEvent({ source: 's', type: 'gov.yunyan.health.live-birth.recorded.v1', data: { recordId: 'r', revision: 1, operation: 'recorded', department: 'health', current: { kind: 'live-birth' }, previous: null } });
    expect(() => decodeEvent(noFact)).toThrow(/not a record fact/);
  });
});
