import type { EntityManager } from 'typeorm';
import type { AlertMessage } from '../alerts/alert-lifecycle';

/** A delivery claimed for one attempt, with what it needs to be sent. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  eventSeq: number;
  attempts: number;
  url: string;
  secretCiphertext: string;
  transition: string;
  occurredAt: string;
  alert: AlertMessage;
}

export interface DeliveryLogRow {
  id: string;
  eventSeq: number;
  alertId: string;
  transition: string;
  status: 'pending' | 'delivered';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** SQL for `webhook_delivery` and `webhook_attempt`; no decisions here. */
export class WebhookDeliveryRepository {
  /**
   * Leases the oldest pending delivery of each enabled subscription, if it is due and not leased by
   * another instance: one in flight per subscription keeps its deliveries in order and makes
   * "failures in a row" mean what it says. A lease that expires (crash mid-post) makes it due again.
   */
  async claimHeads(manager: EntityManager, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await manager.query(
      `WITH heads AS (
         SELECT DISTINCT ON (d.subscription_id) d.id, d.next_attempt_at, d.lease_until
           FROM webhook_delivery d JOIN alert_subscription s ON s.id = d.subscription_id
          WHERE d.status = 'pending' AND s.enabled
          ORDER BY d.subscription_id, d.event_seq
       ), claimed AS (
         UPDATE webhook_delivery w SET lease_until = clock_timestamp() + $1 * interval '1 millisecond'
           FROM heads h
          WHERE w.id = h.id AND w.status = 'pending' AND h.next_attempt_at <= clock_timestamp()
            AND (h.lease_until IS NULL OR h.lease_until < clock_timestamp())
            AND w.lease_until IS NOT DISTINCT FROM h.lease_until
          RETURNING w.id, w.subscription_id, w.event_seq, w.attempts
       )
       SELECT c.id, c.subscription_id AS "subscriptionId", c.event_seq AS "eventSeq", c.attempts, s.url,
              s.secret_ciphertext AS "secretCiphertext", e.transition, e.occurred_at AS "occurredAt", e.alert
         FROM claimed c JOIN alert_subscription s ON s.id = c.subscription_id JOIN alert_event e ON e.seq = c.event_seq
        ORDER BY c.event_seq LIMIT $2`,
      [leaseMs, limit],
    );
    return rows.map((r: ClaimedDelivery & { eventSeq: string; occurredAt: Date }) => ({ ...r, eventSeq: Number(r.eventSeq), occurredAt: new Date(r.occurredAt).toISOString() }));
  }

  async markDelivered(manager: EntityManager, id: string, statusCode: number, at: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_attempt_at = $2,
              last_status_code = $3, last_error = NULL, lease_until = NULL WHERE id = $1`,
      [id, at.toISOString(), statusCode],
    );
  }

  async markFailed(manager: EntityManager, id: string, statusCode: number | null, error: string, at: Date, nextAttemptAt: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = $2, last_status_code = $3, last_error = $4,
              next_attempt_at = $5, lease_until = NULL WHERE id = $1`,
      [id, at.toISOString(), statusCode, error, nextAttemptAt.toISOString()],
    );
  }

  async addAttempt(manager: EntityManager, a: { deliveryId: string; subscriptionId: string; at: Date; statusCode: number | null; error: string | null; durationMs: number }): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_attempt (delivery_id, subscription_id, attempted_at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
      [a.deliveryId, a.subscriptionId, a.at.toISOString(), a.statusCode, a.error, a.durationMs],
    );
  }

  /** Pending deliveries become due now (after a re-enable, so the backlog goes out at once). */
  async makeDue(manager: EntityManager, subscriptionId: string): Promise<void> {
    await manager.query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE subscription_id = $1 AND status = 'pending'`, [subscriptionId]);
  }

  async log(manager: EntityManager, subscriptionId: string, status: string | undefined, limit: number, offset: number): Promise<{ items: DeliveryLogRow[]; total: number }> {
    const params: unknown[] = [subscriptionId];
    let where = 'd.subscription_id = $1';
    if (status) {
      params.push(status);
      where += ` AND d.status = $2`;
    }
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM webhook_delivery d WHERE ${where}`, params);
    const rows = await manager.query(
      `SELECT d.id, d.event_seq AS "eventSeq", e.alert_id AS "alertId", e.transition, d.status, d.attempts,
              CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt", d.last_attempt_at AS "lastAttemptAt",
              d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt"
         FROM webhook_delivery d JOIN alert_event e ON e.seq = d.event_seq
        WHERE ${where} ORDER BY d.event_seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      total,
      items: rows.map((r: DeliveryLogRow & { eventSeq: string }) => ({
        ...r,
        eventSeq: Number(r.eventSeq),
        nextAttemptAt: iso(r.nextAttemptAt),
        lastAttemptAt: iso(r.lastAttemptAt),
        deliveredAt: iso(r.deliveredAt),
        createdAt: iso(r.createdAt)!,
      })),
    };
  }
}
