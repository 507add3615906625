import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Short-lived tokens for EventSource clients, stored hashed; expired ones are swept on each issue. */
export class StreamTokenRepository {
  async issue(manager: EntityManager, keyId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const token = `wdpst_${randomBytes(24).toString('base64url')}`;
    await manager.query(`DELETE FROM alert_stream_token WHERE expires_at < now()`);
    const [row] = await manager.query(
      `INSERT INTO alert_stream_token (token_hash, key_id, expires_at) VALUES ($1, $2, now() + $3 * interval '1 second') RETURNING expires_at AS "expiresAt"`,
      [hash(token), keyId, ttlSeconds],
    );
    return { token, expiresAt: new Date(row.expiresAt).toISOString() };
  }

  /** The key the token was issued to, if the token is known and unexpired. */
  async valid(manager: EntityManager, token: string): Promise<string | undefined> {
    const [row] = await manager.query(`SELECT key_id AS "keyId" FROM alert_stream_token WHERE token_hash = $1 AND expires_at > now()`, [hash(token)]);
    return row?.keyId;
  }
}
