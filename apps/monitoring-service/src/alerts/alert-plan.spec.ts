import type { AlertRecord } from './alert-events';
import { planAlerts, type SlotTransition } from './alert-plan';

const now = new Date('2026-01-01T00:00:00Z');
let n = 0;
const id = () => `id-${++n}`;
const t = (over: Partial<SlotTransition>): SlotTransition => ({
  indicatorCode: 'HEA-02', areaCode: '520103', sex: 'T', kind: 'limited', action: 'raise', components: { ratio: 0.4 }, assessmentStatus: 'limited', ...over,
});
const open = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  id: 'open-1', indicatorCode: 'HEA-02', areaCode: '520103', sex: 'T', kind: 'limited', status: 'open', severity: 'high',
  raisedAt: '2025-01-01T00:00:00.000Z', resolvedAt: null, components: { ratio: 0.4 }, resolution: null, methodologyVersion: '1.0.0', ...over,
});

describe('planAlerts', () => {
  it('opens an alert for a slot with none open', () => {
    const plan = planAlerts([], [t({})], now, '1.0.0', id);
    expect(plan.opened).toHaveLength(1);
    expect(plan.opened[0].alert).toMatchObject({ kind: 'limited', status: 'open', severity: 'high', raisedAt: now.toISOString() });
  });

  it('never duplicates an open alert, however often the same status comes back', () => {
    const plan = planAlerts([open()], [t({}), t({})], now, '1.0.0', id);
    expect(plan.opened).toEqual([]);
    expect(plan.refreshed).toEqual([]);
  });

  it('refreshes the evidence of an open alert silently', () => {
    const plan = planAlerts([open()], [t({ components: { ratio: 0.3 } })], now, '1.0.0', id);
    expect(plan.opened).toEqual([]);
    expect(plan.refreshed).toEqual([{ id: 'open-1', components: { ratio: 0.3 } }]);
  });

  it('resolves only what is open, keeping the resolving calculation', () => {
    const plan = planAlerts([open()], [t({ action: 'resolve', components: { ratio: 1.1 }, assessmentStatus: 'on_track' }), t({ kind: 'deteriorating', action: 'resolve' })], now, '1.0.0', id);
    expect(plan.resolved).toHaveLength(1);
    expect(plan.resolved[0].alert).toMatchObject({ id: 'open-1', status: 'resolved', resolvedAt: now.toISOString(), resolution: { ratio: 1.1 } });
  });

  it('keeps slots apart by sex and kind', () => {
    const plan = planAlerts([open()], [t({ sex: 'F' }), t({ kind: 'fluctuating' })], now, '1.0.0', id);
    expect(plan.opened.map((o) => `${o.alert.sex}/${o.alert.kind}/${o.alert.severity}`)).toEqual(['F/limited/high', 'T/fluctuating/low']);
  });
});
