import type { AlertRecord } from './alert-events';
import { type AlertHold, planAlerts, releaseHolds, type SlotTransition } from './alert-plan';

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

describe('planAlerts with holds (pending before raising and before resolving)', () => {
  const policy = { raiseHoldMs: 60_000, resolveHoldMs: 120_000 };
  const at = (ms: number) => new Date(now.getTime() + ms);
  const hold = (over: Partial<AlertHold> = {}): AlertHold => ({
    indicatorCode: 'HEA-02', areaCode: '520103', sex: 'T', kind: 'limited', action: 'raise', since: now.toISOString(), components: { ratio: 0.4 }, assessmentStatus: 'limited', ...over,
  });

  it('holds a new raise instead of opening it, from the first time it is seen', () => {
    const plan = planAlerts([], [t({})], now, '1.0.0', id, [], policy);
    expect(plan.opened).toEqual([]);
    expect(plan.held).toEqual([hold()]);
  });

  it('keeps the start of a raise hold while the condition is re-assessed, with the latest calculation', () => {
    const plan = planAlerts([], [t({ components: { ratio: 0.3 } })], at(30_000), '1.0.0', id, [hold()], policy);
    expect(plan.opened).toEqual([]);
    expect(plan.held).toEqual([hold({ components: { ratio: 0.3 } })]);
  });

  it('opens the alert once the condition has held its time, raised at that moment', () => {
    const plan = planAlerts([], [t({})], at(60_000), '1.0.0', id, [hold()], policy);
    expect(plan.opened.map((o) => o.alert.raisedAt)).toEqual([at(60_000).toISOString()]);
    expect(plan.released).toHaveLength(1);
    expect(plan.held).toEqual([]);
  });

  it('drops a raise whose condition recovers within the hold: nothing is opened or resolved', () => {
    const plan = planAlerts([], [t({ action: 'resolve', assessmentStatus: 'on_track' })], at(10_000), '1.0.0', id, [hold()], policy);
    expect(plan).toMatchObject({ opened: [], resolved: [], held: [] });
    expect(plan.released).toHaveLength(1);
  });

  it('holds a recovery before resolving, and keeps the alert open if the condition returns', () => {
    const recovering = planAlerts([open()], [t({ action: 'resolve', components: { ratio: 1.1 }, assessmentStatus: 'on_track' })], now, '1.0.0', id, [], policy);
    expect(recovering.resolved).toEqual([]);
    expect(recovering.held).toEqual([hold({ action: 'resolve', components: { ratio: 1.1 }, assessmentStatus: 'on_track' })]);
    const back = planAlerts([open()], [t({})], at(60_000), '1.0.0', id, recovering.held, policy);
    expect(back).toMatchObject({ opened: [], resolved: [], held: [] });
    expect(back.released).toHaveLength(1);
  });

  it('resolves once the recovery has held its time', () => {
    const plan = planAlerts([open()], [t({ action: 'resolve', assessmentStatus: 'on_track' })], at(120_000), '1.0.0', id, [hold({ action: 'resolve' })], policy);
    expect(plan.resolved.map((r) => r.alert.resolvedAt)).toEqual([at(120_000).toISOString()]);
  });
});

describe('releaseHolds', () => {
  const policy = { raiseHoldMs: 60_000, resolveHoldMs: 60_000 };
  const hold = (over: Partial<AlertHold> = {}): AlertHold => ({
    indicatorCode: 'HEA-02', areaCode: '520103', sex: 'T', kind: 'limited', action: 'raise', since: now.toISOString(), components: { ratio: 0.4 }, assessmentStatus: 'limited', ...over,
  });
  const later = new Date(now.getTime() + 60_000);

  it('opens the alerts of raise holds that lasted, and leaves the younger ones', () => {
    const young = hold({ sex: 'F', since: new Date(now.getTime() + 1).toISOString() });
    const plan = releaseHolds([], [hold(), young], later, '1.0.0', id, policy);
    expect(plan.opened.map((o) => `${o.alert.sex}@${o.alert.raisedAt}`)).toEqual([`T@${later.toISOString()}`]);
    expect(plan.released).toHaveLength(1);
  });

  it('resolves with the recovery calculation; a hold whose alert is gone is just released', () => {
    const plan = releaseHolds([open()], [hold({ action: 'resolve', components: { ratio: 1.2 } }), hold({ action: 'resolve', kind: 'fluctuating' })], later, '1.0.0', id, policy);
    expect(plan.resolved.map((r) => r.alert.resolution)).toEqual([{ ratio: 1.2 }]);
    expect(plan.released).toHaveLength(2);
  });
});
