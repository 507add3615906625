import type { AlertMessage } from '../alerts/alert-lifecycle';
import type { DeliveredChange } from './webhook-delivery.repository';

/** One alert change in a delivery. */
export interface WebhookAlertChange {
  /** Position in the alert-event log (the SSE event id): increasing per subscription. */
  sequence: number;
  transition: string;
  occurredAt: string;
  alert: AlertMessage;
}

/** The JSON body of a webhook delivery: every alert change of one group window. Its exact bytes are what the signature covers. */
export interface WebhookPayload {
  /** Same on every retry of this delivery: dedupe on it. Also in the X-WDP-Delivery header. */
  deliveryId: string;
  subscriptionId: string;
  event: 'alerts';
  /** The changes, in log order (at least one). */
  changes: WebhookAlertChange[];
}

export function webhookPayload(d: { id: string; subscriptionId: string; changes: readonly DeliveredChange[] }): WebhookPayload {
  return {
    deliveryId: d.id,
    subscriptionId: d.subscriptionId,
    event: 'alerts',
    changes: d.changes.map((c) => ({ sequence: c.eventSeq, transition: c.transition, occurredAt: c.occurredAt, alert: c.alert })),
  };
}
