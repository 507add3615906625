import { chunk, maxRowsPerStatement } from '@wdp/messaging';
import type { EntityManager } from 'typeorm';
import type { AlertMessage } from '../alerts/alert-lifecycle';
import type { GroupCandidate } from './delivery-groups';

/** One alert change in a grouped delivery. */
export interface DeliveredChange {
  eventSeq: number;
  transition: string;
  occurredAt: string;
  alert: AlertMessage;
  /** The trace context the change was made in (its alert decision); null when it was not traced. Not sent in the body. */
  traceparent?: string | null;
}

/** A grouped delivery claimed for one attempt, with what it needs to be sent. */
export interface ClaimedDelivery {
  /** The group's id: the X-WDP-Delivery header, the same on every retry. */
  id: string;
  /** The group's first row, which carries its lease and its attempt log. */
  headId: string;
  subscriptionId: string;
  attempts: number;
  url: string;
  secretCiphertext: string;
  /** Every alert change of the group, in log order. */
  changes: DeliveredChange[];
}

export interface DeliveryLogRow {
  id: string;
  /** The grouped delivery carrying it (its X-WDP-Delivery id); null while it waits for its group. */
  groupId: string | null;
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
  /** Queues one pending delivery per (id, subscription, alert-event seq); a change already queued for a subscription is skipped. */
  async enqueue(manager: EntityManager, deliveries: readonly (readonly [id: string, subscriptionId: string, eventSeq: number])[]): Promise<void> {
    for (const part of chunk(deliveries, maxRowsPerStatement(3, 1000))) {
      const params = part.flat();
      const tuples = part.map((_, i) => `($${i * 3 + 1}::uuid, $${i * 3 + 2}::uuid, $${i * 3 + 3}::bigint, 'pending')`);
      await manager.query(`INSERT INTO webhook_delivery (id, subscription_id, event_seq, status) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, params);
    }
  }

  /**
   * Subscriptions with alert changes not yet in a delivery and no sealed delivery still pending (one in
   * flight keeps them in order), with what decides when the next group may be sealed.
   */
  async groupCandidates(manager: EntityManager, defaults: { groupWaitMs: number; groupIntervalMs: number }): Promise<GroupCandidate[]> {
    const rows: { subscriptionId: string; firstPendingAt: Date; lastGroupAt: Date | null; groupWaitMs: number; groupIntervalMs: number }[] = await manager.query(
      `SELECT s.id AS "subscriptionId", min(d.created_at) AS "firstPendingAt", s.last_group_at AS "lastGroupAt",
              coalesce(s.group_wait_ms, $1) AS "groupWaitMs", coalesce(s.group_interval_ms, $2) AS "groupIntervalMs"
         FROM alert_subscription s JOIN webhook_delivery d ON d.subscription_id = s.id AND d.status = 'pending' AND d.group_id IS NULL
        WHERE s.enabled
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery g WHERE g.subscription_id = s.id AND g.status = 'pending' AND g.group_id IS NOT NULL)
        GROUP BY s.id`,
      [defaults.groupWaitMs, defaults.groupIntervalMs],
    );
    return rows.map((r) => ({ ...r, firstPendingAt: new Date(r.firstPendingAt), lastGroupAt: r.lastGroupAt && new Date(r.lastGroupAt) }));
  }

  /**
   * Seals the waiting changes of each subscription (at most `maxChanges`, oldest first) into one delivery,
   * due at once, and notes when. Serialised across instances, so no change is sealed into two groups.
   */
  async sealGroups(manager: EntityManager, subscriptionIds: readonly string[], maxChanges: number): Promise<number> {
    if (subscriptionIds.length === 0) return 0;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wdp.monitoring.webhook-groups'))`);
    const [rows] = await manager.query(
      `WITH due AS (
         SELECT s.id, gen_random_uuid() AS group_id FROM alert_subscription s
          WHERE s.id = ANY($1::uuid[])
            AND NOT EXISTS (SELECT 1 FROM webhook_delivery g WHERE g.subscription_id = s.id AND g.status = 'pending' AND g.group_id IS NOT NULL)
       ), members AS (
         SELECT d.id, due.group_id, row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.event_seq) AS n
           FROM webhook_delivery d JOIN due ON due.id = d.subscription_id
          WHERE d.status = 'pending' AND d.group_id IS NULL
       ), sealed AS (
         UPDATE webhook_delivery d SET group_id = m.group_id, next_attempt_at = clock_timestamp()
           FROM members m WHERE d.id = m.id AND m.n <= $2
         RETURNING d.subscription_id
       )
       UPDATE alert_subscription s SET last_group_at = clock_timestamp()
        WHERE s.id IN (SELECT DISTINCT subscription_id FROM sealed) RETURNING s.id`,
      [subscriptionIds, maxChanges],
    );
    return (rows as unknown[]).length;
  }

  /**
   * Leases the oldest sealed delivery of each enabled subscription, if it is due and not leased by another
   * instance (the lease is on the group's first row): one in flight per subscription keeps its deliveries
   * in order and makes "failures in a row" mean what it says. A lease that expires (crash mid-post) makes
   * it due again.
   */
  async claimHeads(manager: EntityManager, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const heads: { headId: string; id: string; subscriptionId: string; attempts: number; url: string; secretCiphertext: string }[] = await manager.query(
      `WITH heads AS (
         SELECT DISTINCT ON (d.subscription_id) d.id, d.next_attempt_at, d.lease_until
           FROM webhook_delivery d JOIN alert_subscription s ON s.id = d.subscription_id
          WHERE d.status = 'pending' AND d.group_id IS NOT NULL AND s.enabled
          ORDER BY d.subscription_id, d.event_seq
       ), claimed AS (
         UPDATE webhook_delivery w SET lease_until = clock_timestamp() + $1 * interval '1 millisecond'
           FROM heads h
          WHERE w.id = h.id AND w.status = 'pending' AND h.next_attempt_at <= clock_timestamp()
            AND (h.lease_until IS NULL OR h.lease_until < clock_timestamp())
            AND w.lease_until IS NOT DISTINCT FROM h.lease_until
          RETURNING w.id, w.group_id, w.subscription_id, w.event_seq, w.attempts
       )
       SELECT c.id AS "headId", c.group_id AS id, c.subscription_id AS "subscriptionId", c.attempts, s.url, s.secret_ciphertext AS "secretCiphertext"
         FROM claimed c JOIN alert_subscription s ON s.id = c.subscription_id
        ORDER BY c.event_seq LIMIT $2`,
      [leaseMs, limit],
    );
    if (heads.length === 0) return [];
    const changes: (DeliveredChange & { groupId: string; eventSeq: string; occurredAt: Date })[] = await manager.query(
      `SELECT d.group_id AS "groupId", d.event_seq AS "eventSeq", e.transition, e.occurred_at AS "occurredAt", e.alert, e.traceparent
         FROM webhook_delivery d JOIN alert_event e ON e.seq = d.event_seq
        WHERE d.group_id = ANY($1::uuid[]) ORDER BY d.event_seq`,
      [heads.map((h) => h.id)],
    );
    const byGroup = new Map(heads.map((h) => [h.id, [] as DeliveredChange[]]));
    for (const c of changes) {
      byGroup.get(c.groupId)?.push({ eventSeq: Number(c.eventSeq), transition: c.transition, occurredAt: new Date(c.occurredAt).toISOString(), alert: c.alert, traceparent: c.traceparent });
    }
    return heads.map((h) => ({ ...h, changes: byGroup.get(h.id)! }));
  }

  async markDelivered(manager: EntityManager, groupId: string, statusCode: number, at: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_attempt_at = $2,
              last_status_code = $3, last_error = NULL, lease_until = NULL WHERE group_id = $1`,
      [groupId, at.toISOString(), statusCode],
    );
  }

  async markFailed(manager: EntityManager, groupId: string, statusCode: number | null, error: string, at: Date, nextAttemptAt: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = $2, last_status_code = $3, last_error = $4,
              next_attempt_at = $5, lease_until = NULL WHERE group_id = $1`,
      [groupId, at.toISOString(), statusCode, error, nextAttemptAt.toISOString()],
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
      `SELECT d.id, d.group_id AS "groupId", d.event_seq AS "eventSeq", e.alert_id AS "alertId", e.transition, d.status, d.attempts,
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
