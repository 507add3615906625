import type { AlertRecord } from './alert-events';

/** A step of an alert's life, as kept in the alert-event log and sent on every channel. */
export type AlertTransition = 'raised' | 'acknowledged' | 'resolved';

/** Who acted when the service itself raised or resolved an alert (status recovered). */
export const SYSTEM_ACTOR = 'monitoring';

/** An alert with its lifecycle: who acknowledged it with which comment, who resolved it and why. */
export interface AlertView extends AlertRecord {
  /** raised → acknowledged → resolved (a raised alert may also be resolved directly). */
  state: AlertTransition;
  /** The department that owns the indicator, to which the alert is assigned. */
  department: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementComment: string | null;
  /** `monitoring` when the status recovered, otherwise the acting key. */
  resolvedBy: string | null;
  resolutionReason: string | null;
  /** The silence muting its notifications now (webhooks skip it), or null. */
  silencedBy: string | null;
  /** The plan it is about (the monitored one when raised) and that plan's version then. */
  planId: string;
  planVersion: number | null;
}

/** An alert as sent on the live stream and to webhooks: its view plus the transition that happened. */
export type AlertMessage = AlertView & { transition: AlertTransition };

/** Why a manual transition is refused (409), or null when it may happen. Pure. */
export function manualTransitionConflict(alert: Pick<AlertView, 'status' | 'acknowledgedAt'>, action: 'acknowledge' | 'resolve'): string | null {
  if (alert.status === 'resolved') return `The alert is already resolved; it cannot be ${action === 'acknowledge' ? 'acknowledged' : 'resolved'} again.`;
  if (action === 'acknowledge' && alert.acknowledgedAt) return 'The alert is already acknowledged.';
  return null;
}
