import type { DataSource, EntityManager } from 'typeorm';

export interface StoredResponse {
  requestHash: string;
  status: number | null;
  body: unknown;
}

/** SQL for idempotency_keys; the replay/conflict decisions live in IdempotentWriter. */
export class IdempotencyStore {
  async find(db: DataSource | EntityManager, apiKeyId: string, key: string): Promise<StoredResponse | undefined> {
    const [row] = await db.query(
      `SELECT request_hash AS "requestHash", response_status AS status, response_body AS body
         FROM idempotency_keys WHERE api_key_id = $1 AND idempotency_key = $2`,
      [apiKeyId, key],
    );
    return row;
  }

  /**
   * Claims the key inside the write transaction. A concurrent request holding the same key makes this
   * wait until it commits (then the claim fails and its response is replayed) or rolls back (then it succeeds).
   */
  async claim(manager: EntityManager, apiKeyId: string, key: string, requestHash: string): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [apiKeyId, key, requestHash],
    );
    return rows.length === 1;
  }

  /** Forgets keys older than `hours`; returns how many. */
  async purgeOlderThan(db: DataSource | EntityManager, hours: number): Promise<number> {
    const [, count] = await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
    return Number(count ?? 0);
  }

  async complete(manager: EntityManager, apiKeyId: string, key: string, status: number, body: unknown): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4::json WHERE api_key_id = $1 AND idempotency_key = $2`,
      [apiKeyId, key, status, JSON.stringify(body)],
    );
  }
}
