import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RuleDefinition, RuleSeverity } from './rule';

type Db = DataSource | EntityManager;

export interface StoredRule {
  code: string;
  version: number;
  definition: RuleDefinition;
  datasets: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleVersionRow {
  version: number;
  definition: RuleDefinition;
  enabled: boolean;
  changedBy: string;
  changedAt: string;
  reason: string;
}

export const VIOLATION_STATES = ['open', 'resolved', 'overridden'] as const;
export type ViolationState = (typeof VIOLATION_STATES)[number];

export interface Violation {
  id: string;
  ruleCode: string;
  ruleVersion: number;
  severity: RuleSeverity;
  datasets: string[];
  areaCode: string;
  period: string;
  left: number;
  right: number;
  state: ViolationState;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  overriddenBy: string | null;
  overriddenAt: string | null;
  overrideReason: string | null;
}

/** A rule broken at one area and period, as a run found it. */
export interface FoundViolation {
  areaCode: string;
  period: string;
  left: number;
  right: number;
}

export interface ViolationFilter {
  ruleCode?: string;
  state?: ViolationState;
  severity?: RuleSeverity;
  areaCode?: string;
  period?: string;
  dataset?: string;
  department?: string;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

const RULE_COLUMNS = `code, version, definition, datasets, enabled, created_at AS "createdAt", updated_at AS "updatedAt"`;
const VIOLATION_COLUMNS = `id, rule_code AS "ruleCode", rule_version AS "ruleVersion", severity, datasets, area_code AS "areaCode", period,
  left_value AS "left", right_value AS "right", state, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", resolved_at AS "resolvedAt",
  overridden_by AS "overriddenBy", overridden_at AS "overriddenAt", override_reason AS "overrideReason"`;

const toRule = (r: StoredRule): StoredRule => ({ ...r, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! });
const toViolation = (r: Violation): Violation => ({
  ...r,
  firstSeenAt: iso(r.firstSeenAt)!,
  lastSeenAt: iso(r.lastSeenAt)!,
  resolvedAt: iso(r.resolvedAt),
  overriddenAt: iso(r.overriddenAt),
});

/** SQL for the validation rules, their versions and their violations; no decisions here. */
export class ValidationRepository {
  async rules(db: Db, enabledOnly: boolean): Promise<StoredRule[]> {
    const rows: StoredRule[] = await db.query(`SELECT ${RULE_COLUMNS} FROM validation_rule ${enabledOnly ? 'WHERE enabled' : ''} ORDER BY code`);
    return rows.map(toRule);
  }

  async rule(db: Db, code: string, forUpdate = false): Promise<StoredRule | undefined> {
    const [row] = await db.query(`SELECT ${RULE_COLUMNS} FROM validation_rule WHERE code = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [code]);
    return row ? toRule(row) : undefined;
  }

  /** Inserts version 1; false when the code exists (a concurrent create, or a seed already there). */
  async insertRule(db: Db, code: string, definition: RuleDefinition, datasets: string[], changedBy: string, reason: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO validation_rule (code, version, definition, datasets) VALUES ($1, 1, $2::jsonb, $3) ON CONFLICT (code) DO NOTHING RETURNING code`,
      [code, JSON.stringify(definition), datasets],
    );
    if (rows.length === 0) return false;
    await this.addVersion(db, code, 1, definition, true, changedBy, reason);
    return true;
  }

  /** Writes the next version (the caller holds the row lock); returns its number. */
  async updateRule(db: Db, code: string, definition: RuleDefinition, datasets: string[], enabled: boolean, changedBy: string, reason: string): Promise<number> {
    const [rows] = await db.query(
      `UPDATE validation_rule SET version = version + 1, definition = $2::jsonb, datasets = $3, enabled = $4, updated_at = now() WHERE code = $1 RETURNING version`,
      [code, JSON.stringify(definition), datasets, enabled],
    );
    const version: number = rows[0].version;
    await this.addVersion(db, code, version, definition, enabled, changedBy, reason);
    return version;
  }

  async versions(db: Db, code: string): Promise<RuleVersionRow[]> {
    const rows: RuleVersionRow[] = await db.query(
      `SELECT version, definition, enabled, changed_by AS "changedBy", changed_at AS "changedAt", reason
         FROM validation_rule_version WHERE rule_code = $1 ORDER BY version`,
      [code],
    );
    return rows.map((r) => ({ ...r, changedAt: iso(r.changedAt)! }));
  }

  /**
   * Records what one run of a rule found: new violations open, ones seen before get the latest numbers and rule
   * version. A resolved one found again reopens; an overridden one stays overridden while its numbers are those
   * it was overridden on, and reopens when they change — an override vouches for figures, not for whatever comes
   * later.
   */
  async recordFound(db: Db, rule: StoredRule, found: readonly FoundViolation[], at: Date): Promise<void> {
    if (found.length === 0) return;
    await db.query(
      `INSERT INTO validation_violation AS v (id, rule_code, rule_version, severity, datasets, area_code, period, left_value, right_value, state, first_seen_at, last_seen_at)
       SELECT f.id, $1, $2, $3, $4, f.area_code, f.period, f.left_value, f.right_value, 'open', $9, $9
         FROM unnest($5::uuid[], $6::text[], $7::text[], $8::float8[], $10::float8[]) AS f (id, area_code, period, left_value, right_value)
       ON CONFLICT (rule_code, area_code, period) DO UPDATE SET
         rule_version = EXCLUDED.rule_version, severity = EXCLUDED.severity, datasets = EXCLUDED.datasets,
         left_value = EXCLUDED.left_value, right_value = EXCLUDED.right_value, last_seen_at = EXCLUDED.last_seen_at,
         state = CASE WHEN v.state = 'overridden' AND v.left_value = EXCLUDED.left_value AND v.right_value = EXCLUDED.right_value THEN 'overridden' ELSE 'open' END,
         resolved_at = NULL`,
      [
        rule.code, rule.version, rule.definition.severity, rule.datasets,
        found.map(() => randomUUID()), found.map((f) => f.areaCode), found.map((f) => f.period), found.map((f) => f.left), at, found.map((f) => f.right),
      ],
    );
  }

  /** The violations of a rule that are not resolved. */
  async unresolvedOf(db: Db, ruleCode: string): Promise<Violation[]> {
    const rows: Violation[] = await db.query(`SELECT ${VIOLATION_COLUMNS} FROM validation_violation WHERE rule_code = $1 AND state <> 'resolved'`, [ruleCode]);
    return rows.map(toViolation);
  }

  /** Resolves the open and overridden violations of a rule that its run no longer finds. */
  async resolveOthers(db: Db, ruleCode: string, found: readonly FoundViolation[], at: Date): Promise<number> {
    // An UPDATE's answer through TypeORM's driver is [rows, count].
    const [rows] = await db.query(
      `UPDATE validation_violation v SET state = 'resolved', resolved_at = $4
        WHERE v.rule_code = $1 AND v.state <> 'resolved'
          AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS f (area_code, period) WHERE f.area_code = v.area_code AND f.period = v.period)
        RETURNING v.id`,
      [ruleCode, found.map((f) => f.areaCode), found.map((f) => f.period), at],
    );
    return rows.length;
  }

  async list(db: Db, filter: ViolationFilter, limit: number, offset: number): Promise<{ items: Violation[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
    if (filter.ruleCode) add((p) => `rule_code = ${p}`, filter.ruleCode);
    if (filter.state) add((p) => `state = ${p}`, filter.state);
    if (filter.severity) add((p) => `severity = ${p}`, filter.severity);
    if (filter.areaCode) add((p) => `area_code = ${p}`, filter.areaCode);
    if (filter.period) add((p) => `period = ${p}`, filter.period);
    if (filter.dataset) add((p) => `${p} = ANY(datasets)`, filter.dataset);
    if (filter.department) add((p) => `EXISTS (SELECT 1 FROM unnest(datasets) d WHERE split_part(d, '/', 1) = ${p})`, filter.department);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM validation_violation ${clause}`, params);
    const rows: Violation[] = await db.query(
      `SELECT ${VIOLATION_COLUMNS} FROM validation_violation ${clause} ORDER BY last_seen_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toViolation), total };
  }

  async violation(db: Db, id: string, forUpdate = false): Promise<Violation | undefined> {
    const [row] = await db.query(`SELECT ${VIOLATION_COLUMNS} FROM validation_violation WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return row ? toViolation(row) : undefined;
  }

  async override(db: Db, id: string, actor: string, reason: string, at: Date): Promise<Violation> {
    const [[row]] = await db.query(
      `UPDATE validation_violation SET state = 'overridden', overridden_by = $2, overridden_at = $3, override_reason = $4 WHERE id = $1 RETURNING ${VIOLATION_COLUMNS}`,
      [id, actor, at, reason],
    );
    return toViolation(row);
  }

  async addAudit(db: Db, violationId: string, action: 'override' | 'reopen', actor: string, reason: string, oldState: ViolationState, newState: ViolationState): Promise<void> {
    await db.query(
      `INSERT INTO validation_violation_audit (violation_id, action, actor, reason, old_state, new_state) VALUES ($1, $2, $3, $4, $5, $6)`,
      [violationId, action, actor, reason, oldState, newState],
    );
  }

  /** The enabled rules reading any of these datasets that have an open error violation, with the datasets each reads. */
  async rulesWithOpenErrors(db: Db, datasets: readonly string[]): Promise<{ code: string; datasets: string[] }[]> {
    return db.query(
      `SELECT r.code, r.datasets FROM validation_rule r
        WHERE r.enabled AND r.datasets && $1::text[]
          AND EXISTS (SELECT 1 FROM validation_violation v WHERE v.rule_code = r.code AND v.state = 'open' AND v.severity = 'error')
        ORDER BY r.code`,
      [datasets],
    );
  }

  /** Open error violations of rules reading `dataset` (`department/kind`), at these areas and periods. */
  async openErrors(db: Db, dataset: string, areaCodes: readonly string[], periods: readonly string[]): Promise<Violation[]> {
    const rows: Violation[] = await db.query(
      `SELECT ${VIOLATION_COLUMNS} FROM validation_violation
        WHERE state = 'open' AND severity = 'error' AND $1 = ANY(datasets) AND area_code = ANY($2) AND period = ANY($3)
        ORDER BY rule_code, area_code, period`,
      [dataset, areaCodes, periods],
    );
    return rows.map(toViolation);
  }

  private async addVersion(db: Db, code: string, version: number, definition: RuleDefinition, enabled: boolean, changedBy: string, reason: string): Promise<void> {
    await db.query(
      `INSERT INTO validation_rule_version (rule_code, version, definition, enabled, changed_by, reason) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`,
      [code, version, JSON.stringify(definition), enabled, changedBy, reason],
    );
  }
}
