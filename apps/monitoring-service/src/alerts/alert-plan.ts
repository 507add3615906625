import type { AlertKind } from '@wdp/methodology';
import { canonicalJson } from '@wdp/ingestion';
import { ALERT_SEVERITY } from './alert-kinds';
import type { AlertRecord } from './alert-events';

/** One alert slot (indicator × area × sex × kind) that an assessment says should be open or closed. */
export interface SlotTransition {
  indicatorCode: string;
  areaCode: string;
  sex: string;
  kind: AlertKind;
  action: 'raise' | 'resolve';
  /** The calculation behind the decision. */
  components: unknown;
  assessmentStatus: string;
}

/**
 * A slot whose change is decided but not yet made: a raise waiting for its condition to hold, or an
 * open alert's resolution waiting for its recovery to hold. Never published.
 */
export interface AlertHold {
  indicatorCode: string;
  areaCode: string;
  sex: string;
  kind: string;
  action: 'raise' | 'resolve';
  /** When the condition (or recovery) was first seen; every assessment since has agreed with it. */
  since: string;
  /** The latest calculation behind it (what the alert, or its resolution, will carry). */
  components: unknown;
  assessmentStatus: string;
}

export interface HoldPolicy {
  raiseHoldMs: number;
  resolveHoldMs: number;
}

const NO_HOLD: HoldPolicy = { raiseHoldMs: 0, resolveHoldMs: 0 };

export interface AlertPlan {
  opened: { alert: AlertRecord; assessmentStatus: string }[];
  resolved: { alert: AlertRecord; assessmentStatus: string }[];
  /** Open alerts whose evidence changed but whose status did not: updated silently. */
  refreshed: { id: string; components: unknown }[];
  /** Holds started or kept (with their latest calculation). */
  held: AlertHold[];
  /** Slot keys whose hold ends: contradicted by an assessment, or released into a change above. */
  released: string[];
}

const slotKey = (s: { indicatorCode: string; areaCode: string; sex: string; kind: string }) =>
  `${s.indicatorCode}\u0000${s.areaCode}\u0000${s.sex}\u0000${s.kind}`;

const heldFor = (hold: AlertHold, now: Date) => now.getTime() - new Date(hold.since).getTime();

/**
 * Decides what changes given the open alerts and the holds of the slots concerned (Alertmanager's
 * pending state): raise only where no alert is open (so a repeated event never duplicates one) and only
 * once the condition has held `raiseHoldMs`; resolve only what is open, once the recovery has held
 * `resolveHoldMs`. An assessment that says the opposite of a hold ends it: a raise that recovers within
 * its hold is never published, and an alert whose condition returns within its recovery hold stays open.
 * A slot an assessment says nothing about keeps its hold, as it keeps its open alert. Pure.
 */
export function planAlerts(
  open: readonly AlertRecord[],
  transitions: readonly SlotTransition[],
  now: Date,
  methodologyVersion: string,
  newId: () => string,
  holds: readonly AlertHold[] = [],
  policy: HoldPolicy = NO_HOLD,
): AlertPlan {
  const openBySlot = new Map(open.filter((a) => a.status === 'open').map((a) => [slotKey(a), a]));
  const holdBySlot = new Map(holds.map((h) => [slotKey(h), h]));
  const plan: AlertPlan = { opened: [], resolved: [], refreshed: [], held: [], released: [] };
  const seen = new Set<string>();
  for (const t of transitions) {
    const key = slotKey(t);
    if (seen.has(key)) continue;
    seen.add(key);
    const current = openBySlot.get(key);
    const hold = holdBySlot.get(key);
    // A hold of the other action (or a stale one) ends here whatever happens next.
    if (hold && hold.action !== t.action) plan.released.push(key);
    const kept = hold?.action === t.action ? hold : undefined;
    if (t.action === 'raise') {
      if (current) {
        if (canonicalJson(current.components) !== canonicalJson(t.components)) plan.refreshed.push({ id: current.id, components: t.components });
        if (kept) plan.released.push(key);
        continue;
      }
      const since = kept?.since ?? now.toISOString();
      if (policy.raiseHoldMs > 0 && heldFor({ ...t, since }, now) < policy.raiseHoldMs) {
        plan.held.push({ ...holdOf(t), since });
        continue;
      }
      if (kept) plan.released.push(key);
      plan.opened.push(openedFrom(t, t.components, now, methodologyVersion, newId));
    } else if (current) {
      const since = kept?.since ?? now.toISOString();
      if (policy.resolveHoldMs > 0 && heldFor({ ...t, since }, now) < policy.resolveHoldMs) {
        plan.held.push({ ...holdOf(t), since });
        continue;
      }
      if (kept) plan.released.push(key);
      plan.resolved.push(resolvedFrom(current, t.assessmentStatus, t.components, now));
    } else if (kept) {
      // Nothing open to resolve, and no pending raise any more (released above): a stale hold.
      plan.released.push(key);
    }
  }
  return plan;
}

/**
 * The holds that have lasted their time, turned into changes: a raise hold opens its alert (unless one is
 * open by now), a resolve hold resolves its open alert with the recovery's calculation. Holds that no
 * longer apply (the alert was resolved by hand meanwhile) are released without a change. Pure.
 */
export function releaseHolds(open: readonly AlertRecord[], due: readonly AlertHold[], now: Date, methodologyVersion: string, newId: () => string, policy: HoldPolicy): AlertPlan {
  const openBySlot = new Map(open.filter((a) => a.status === 'open').map((a) => [slotKey(a), a]));
  const plan: AlertPlan = { opened: [], resolved: [], refreshed: [], held: [], released: [] };
  for (const h of due) {
    const key = slotKey(h);
    const holdMs = h.action === 'raise' ? policy.raiseHoldMs : policy.resolveHoldMs;
    if (heldFor(h, now) < holdMs) continue;
    plan.released.push(key);
    const current = openBySlot.get(key);
    if (h.action === 'raise' && !current) plan.opened.push(openedFrom(h, h.components, now, methodologyVersion, newId));
    if (h.action === 'resolve' && current) plan.resolved.push(resolvedFrom(current, h.assessmentStatus, h.components, now));
  }
  return plan;
}

function holdOf(t: SlotTransition): Omit<AlertHold, 'since'> {
  return { indicatorCode: t.indicatorCode, areaCode: t.areaCode, sex: t.sex, kind: t.kind, action: t.action, components: t.components, assessmentStatus: t.assessmentStatus };
}

function openedFrom(
  t: { indicatorCode: string; areaCode: string; sex: string; kind: string; assessmentStatus: string },
  components: unknown,
  now: Date,
  methodologyVersion: string,
  newId: () => string,
): AlertPlan['opened'][number] {
  return {
    assessmentStatus: t.assessmentStatus,
    alert: {
      id: newId(),
      indicatorCode: t.indicatorCode,
      areaCode: t.areaCode,
      sex: t.sex,
      kind: t.kind,
      status: 'open',
      severity: ALERT_SEVERITY[t.kind as AlertKind],
      raisedAt: now.toISOString(),
      resolvedAt: null,
      components,
      resolution: null,
      methodologyVersion,
    },
  };
}

function resolvedFrom(current: AlertRecord, assessmentStatus: string, resolution: unknown, now: Date): AlertPlan['resolved'][number] {
  return { assessmentStatus, alert: { ...current, status: 'resolved', resolvedAt: now.toISOString(), resolution } };
}
