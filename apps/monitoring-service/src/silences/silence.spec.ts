import { type Silence, silencedBy, silenceProblem, silenceState } from './silence';

const now = new Date('2026-03-01T00:00:00Z');
const silence = (over: Partial<Silence> = {}): Silence => ({
  id: 's1', indicatorCode: 'HEA-02', areaCode: null, kind: null, startsAt: '2026-02-01T00:00:00.000Z', endsAt: '2026-04-01T00:00:00.000Z',
  reason: 'known data gap', createdBy: 'monitoring:wdp_x', createdAt: '2026-02-01T00:00:00.000Z', deletedAt: null, deletedBy: null, ...over,
});
const alert = { indicatorCode: 'HEA-02', areaCode: '520103', kind: 'limited' };

describe('silences', () => {
  it('are pending, active, expired by themselves, or deleted', () => {
    expect(silenceState(silence({ startsAt: '2026-03-02T00:00:00Z' }), now)).toBe('pending');
    expect(silenceState(silence(), now)).toBe('active');
    expect(silenceState(silence(), new Date('2026-04-01T00:00:00Z'))).toBe('expired');
    expect(silenceState(silence({ deletedAt: '2026-02-15T00:00:00Z' }), now)).toBe('deleted');
  });

  it('mute the alerts their matchers select, null matching anything', () => {
    expect(silencedBy(alert, [silence()], now)).toBe('s1');
    expect(silencedBy(alert, [silence({ kind: 'fluctuating' })], now)).toBeNull();
    expect(silencedBy(alert, [silence({ indicatorCode: null, areaCode: '520103', kind: 'limited' })], now)).toBe('s1');
    expect(silencedBy({ ...alert, areaCode: '520103100' }, [silence({ areaCode: '520103' })], now)).toBeNull();
  });

  it('mute only while active', () => {
    expect(silencedBy(alert, [silence()], new Date('2026-04-01T00:00:00Z'))).toBeNull();
    expect(silencedBy(alert, [silence({ deletedAt: '2026-02-15T00:00:00Z' })], now)).toBeNull();
    expect(silencedBy(alert, [silence({ id: 'a' }), silence({ id: 'b', endsAt: '2026-05-01T00:00:00Z' })], now)).toBe('b');
  });

  it('refuse a silence of everything, one ending before it starts or in the past, and one over a year', () => {
    const base = { startsAt: now, endsAt: new Date('2026-03-02T00:00:00Z') };
    expect(silenceProblem({ ...base }, now)?.field).toBe('indicatorCode');
    expect(silenceProblem({ ...base, kind: 'limited' }, now)).toBeNull();
    expect(silenceProblem({ kind: 'limited', startsAt: now, endsAt: now }, now)?.field).toBe('endsAt');
    expect(silenceProblem({ kind: 'limited', startsAt: new Date('2026-01-01T00:00:00Z'), endsAt: new Date('2026-02-01T00:00:00Z') }, now)?.field).toBe('endsAt');
    expect(silenceProblem({ kind: 'limited', startsAt: now, endsAt: new Date('2027-03-03T00:00:00Z') }, now)?.field).toBe('endsAt');
  });
});
