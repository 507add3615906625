import type { EntityManager } from 'typeorm';
import type { SubscriptionFilter } from './subscription-filter';

export interface SubscriptionRow {
  id: string;
  name: string;
  createdBy: string;
  filter: SubscriptionFilter;
  channel: 'webhook';
  url: string;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  /** Grouping of its deliveries; null: the service defaults (WEBHOOK_GROUP_WAIT_MS, WEBHOOK_GROUP_INTERVAL_MS). */
  groupWaitMs: number | null;
  groupIntervalMs: number | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, created_by AS "createdBy", filter, channel, url, enabled, disabled_at AS "disabledAt",
  disabled_reason AS "disabledReason", consecutive_failures AS "consecutiveFailures",
  group_wait_ms AS "groupWaitMs", group_interval_ms AS "groupIntervalMs", created_at AS "createdAt", updated_at AS "updatedAt"`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
function toRow(r: SubscriptionRow): SubscriptionRow {
  return { ...r, disabledAt: iso(r.disabledAt), createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! };
}

/** SQL for `alert_subscription`; no decisions here. The secret column is read only by `secretOf`. */
export class SubscriptionRepository {
  async insert(
    manager: EntityManager,
    s: { id: string; name: string; createdBy: string; filter: SubscriptionFilter; url: string; secretCiphertext: string; groupWaitMs?: number; groupIntervalMs?: number },
  ): Promise<SubscriptionRow> {
    const [row] = await manager.query(
      `INSERT INTO alert_subscription (id, name, created_by, filter, channel, url, secret_ciphertext, group_wait_ms, group_interval_ms)
       VALUES ($1, $2, $3, $4::jsonb, 'webhook', $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [s.id, s.name, s.createdBy, JSON.stringify(s.filter), s.url, s.secretCiphertext, s.groupWaitMs ?? null, s.groupIntervalMs ?? null],
    );
    return toRow(row);
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: { name?: string; filter?: SubscriptionFilter; url?: string; secretCiphertext?: string; groupWaitMs?: number; groupIntervalMs?: number },
  ): Promise<SubscriptionRow | undefined> {
    const [rows] = await manager.query(
      `UPDATE alert_subscription SET name = COALESCE($2, name), filter = COALESCE($3::jsonb, filter), url = COALESCE($4, url),
              secret_ciphertext = COALESCE($5, secret_ciphertext), group_wait_ms = COALESCE($6, group_wait_ms),
              group_interval_ms = COALESCE($7, group_interval_ms), updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.name ?? null, patch.filter ? JSON.stringify(patch.filter) : null, patch.url ?? null, patch.secretCiphertext ?? null, patch.groupWaitMs ?? null, patch.groupIntervalMs ?? null],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async delete(manager: EntityManager, id: string): Promise<boolean> {
    const [, count] = await manager.query(`DELETE FROM alert_subscription WHERE id = $1`, [id]);
    return count > 0;
  }

  async byId(manager: EntityManager, id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM alert_subscription WHERE id = $1`, [id]);
    return row ? toRow(row) : undefined;
  }

  async list(manager: EntityManager, limit: number, offset: number): Promise<{ items: SubscriptionRow[]; total: number }> {
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM alert_subscription`);
    const rows = await manager.query(`SELECT ${COLUMNS} FROM alert_subscription ORDER BY created_at, id LIMIT $1 OFFSET $2`, [limit, offset]);
    return { items: rows.map(toRow), total };
  }

  /** Every subscription with its filter, for fanning an alert event out (disabled ones keep their backlog). */
  async filters(manager: EntityManager): Promise<{ id: string; filter: SubscriptionFilter }[]> {
    return manager.query(`SELECT id, filter FROM alert_subscription`);
  }

  async secretOf(manager: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await manager.query(`SELECT secret_ciphertext AS "secret" FROM alert_subscription WHERE id = $1`, [id]);
    return row?.secret;
  }

  async enable(manager: EntityManager, id: string): Promise<SubscriptionRow | undefined> {
    const [rows] = await manager.query(
      `UPDATE alert_subscription SET enabled = true, disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Records one attempt's outcome; disables the subscription when `disableAfter` failures in a row are reached. */
  async recordOutcome(manager: EntityManager, id: string, ok: boolean, disableAfter: number, reason: string | null): Promise<{ disabled: boolean }> {
    if (ok) {
      await manager.query(`UPDATE alert_subscription SET consecutive_failures = 0 WHERE id = $1`, [id]);
      return { disabled: false };
    }
    const [rows] = await manager.query(
      `UPDATE alert_subscription
          SET consecutive_failures = consecutive_failures + 1,
              enabled = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE enabled END,
              disabled_at = CASE WHEN consecutive_failures + 1 >= $2 AND enabled THEN now() ELSE disabled_at END,
              disabled_reason = CASE WHEN consecutive_failures + 1 >= $2 AND enabled THEN $3 ELSE disabled_reason END
        WHERE id = $1 RETURNING enabled`,
      [id, disableAfter, reason],
    );
    return { disabled: rows[0] ? !rows[0].enabled : false };
  }
}
