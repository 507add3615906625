import type { AlertMessage } from '../alerts/alert-lifecycle';

/** The JSON body of a webhook delivery. Its exact bytes are what the signature covers. */
export interface WebhookPayload {
  /** Same on every retry of this delivery: dedupe on it. Also in the X-WDP-Delivery header. */
  deliveryId: string;
  subscriptionId: string;
  /** Position in the alert-event log (the SSE event id): increasing per subscription. */
  sequence: number;
  event: 'alert';
  transition: string;
  occurredAt: string;
  alert: AlertMessage;
}

export function webhookPayload(d: { id: string; subscriptionId: string; eventSeq: number; transition: string; occurredAt: string; alert: AlertMessage }): WebhookPayload {
  return { deliveryId: d.id, subscriptionId: d.subscriptionId, sequence: d.eventSeq, event: 'alert', transition: d.transition, occurredAt: d.occurredAt, alert: d.alert };
}
