import type { AlertKind } from '@wdp/assessment';
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

export interface AlertPlan {
  opened: { alert: AlertRecord; assessmentStatus: string }[];
  resolved: { alert: AlertRecord; assessmentStatus: string }[];
  /** Open alerts whose evidence changed but whose status did not: updated silently. */
  refreshed: { id: string; components: unknown }[];
}

export const slotKey = (s: { indicatorCode: string; areaCode: string; sex: string; kind: string }) =>
  `${s.indicatorCode}\u0000${s.areaCode}\u0000${s.sex}\u0000${s.kind}`;

/**
 * Decides what changes given the open alerts of the slots concerned: raise only where no alert is open
 * (so a repeated event never duplicates one), resolve only what is open. Pure.
 */
export function planAlerts(open: readonly AlertRecord[], transitions: readonly SlotTransition[], now: Date, methodologyVersion: string, newId: () => string): AlertPlan {
  const openBySlot = new Map(open.filter((a) => a.status === 'open').map((a) => [slotKey(a), a]));
  const plan: AlertPlan = { opened: [], resolved: [], refreshed: [] };
  const seen = new Set<string>();
  for (const t of transitions) {
    const key = slotKey(t);
    if (seen.has(key)) continue;
    seen.add(key);
    const current = openBySlot.get(key);
    if (t.action === 'raise') {
      if (current) {
        if (canonicalJson(current.components) !== canonicalJson(t.components)) plan.refreshed.push({ id: current.id, components: t.components });
        continue;
      }
      plan.opened.push({
        assessmentStatus: t.assessmentStatus,
        alert: {
          id: newId(),
          indicatorCode: t.indicatorCode,
          areaCode: t.areaCode,
          sex: t.sex,
          kind: t.kind,
          status: 'open',
          severity: ALERT_SEVERITY[t.kind],
          raisedAt: now.toISOString(),
          resolvedAt: null,
          components: t.components,
          resolution: null,
          methodologyVersion,
        },
      });
    } else if (current) {
      plan.resolved.push({
        assessmentStatus: t.assessmentStatus,
        alert: { ...current, status: 'resolved', resolvedAt: now.toISOString(), resolution: t.components },
      });
    }
  }
  return plan;
}
