import type { DataSource, EntityManager } from 'typeorm';

export interface ApiKeyRow {
  id: string;
  prefix: string;
  keyHash: string;
  department: string;
  scopes: string[];
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

const COLUMNS = `id, prefix, key_hash AS "keyHash", department, scopes, label, created_at AS "createdAt",
                 revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`;

/** SQL for the api_keys table; no decisions here. */
export class ApiKeyRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async insert(row: Omit<ApiKeyRow, 'createdAt' | 'revokedAt' | 'revokedReason'>): Promise<ApiKeyRow> {
    const [created] = await this.db.query(
      `INSERT INTO api_keys (id, prefix, key_hash, department, scopes, label) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [row.id, row.prefix, row.keyHash, row.department, row.scopes, row.label],
    );
    return created;
  }

  async findByPrefix(prefix: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE prefix = $1`, [prefix]);
    return row;
  }

  async findById(id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return row;
  }

  async list(includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM api_keys ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at, id`,
    );
  }

  /** Returns the row after revocation; a key already revoked keeps its first revocation time and reason. */
  async revoke(id: string, reason: string): Promise<ApiKeyRow | undefined> {
    // TypeORM's postgres driver answers UPDATE with [rows, rowCount].
    const [rows] = await this.db.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), revoked_reason = COALESCE(revoked_reason, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, reason],
    );
    return (rows as ApiKeyRow[])[0];
  }

  async countActiveWithScope(scope: string): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL AND $1 = ANY(scopes)`, [scope]);
    return n;
  }

  async audit(apiKeyId: string | null, action: string, resourceId: string, detail: object): Promise<void> {
    await this.db.query(`INSERT INTO audit_log (api_key_id, action, resource, resource_id, detail) VALUES ($1, $2, 'api-key', $3, $4)`, [
      apiKeyId,
      action,
      resourceId,
      JSON.stringify(detail),
    ]);
  }
}
