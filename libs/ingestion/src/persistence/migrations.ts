import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys: only the SHA-256 of a key is kept, found by its public prefix. */
export class CreateApiKeys1764390000000 implements MigrationInterface {
  name = 'CreateApiKeys1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id             uuid PRIMARY KEY,
        prefix         text NOT NULL UNIQUE,
        key_hash       text NOT NULL,
        department     text NOT NULL,
        scopes         text[] NOT NULL,
        label          text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        revoked_at     timestamptz NULL,
        revoked_reason text NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}

/**
 * Records: the current state of each submitted record. `fact` is exactly what events carry; `subject_ref`
 * (the pseudonymous reference) and `payload` (the item as received) never leave this database.
 * `seq` orders the keyset pagination of the read API.
 */
export class CreateRecords1764390000001 implements MigrationInterface {
  name = 'CreateRecords1764390000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE records (
        id               uuid PRIMARY KEY,
        seq              bigserial NOT NULL UNIQUE,
        kind             text NOT NULL,
        natural_key      text NOT NULL,
        revision         integer NOT NULL,
        status           text NOT NULL CHECK (status IN ('active', 'withdrawn')),
        content_hash     text NOT NULL,
        area             text NOT NULL,
        period           text NOT NULL,
        period_start     date NOT NULL,
        fact             jsonb NOT NULL,
        payload          jsonb NOT NULL,
        subject_ref      text NULL,
        withdrawn_reason text NULL,
        api_key_id       uuid NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, natural_key)
      )`);
    await q.query(`CREATE INDEX records_kind_period_idx ON records (kind, period_start, seq)`);
    await q.query(`CREATE INDEX records_kind_area_idx ON records (kind, area, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE records`);
  }
}

/** Statistical returns: one row per (kind, area, period), the natural key. */
export class CreateStatisticalReturns1764390000002 implements MigrationInterface {
  name = 'CreateStatisticalReturns1764390000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statistical_returns (
        id               uuid PRIMARY KEY,
        seq              bigserial NOT NULL UNIQUE,
        kind             text NOT NULL,
        area             text NOT NULL,
        period           text NOT NULL,
        period_start     date NOT NULL,
        revision         integer NOT NULL,
        status           text NOT NULL CHECK (status IN ('active', 'withdrawn')),
        content_hash     text NOT NULL,
        facts            jsonb NOT NULL,
        payload          jsonb NOT NULL,
        withdrawn_reason text NULL,
        api_key_id       uuid NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, area, period)
      )`);
    await q.query(`CREATE INDEX statistical_returns_kind_period_idx ON statistical_returns (kind, period_start, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE statistical_returns`);
  }
}

/** Idempotency-Key store: per API key, the request fingerprint and the response that was given. */
export class CreateIdempotencyKeys1764390000003 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764390000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        api_key_id      uuid NOT NULL,
        idempotency_key text NOT NULL,
        request_hash    text NOT NULL,
        response_status integer NULL,
        response_body   jsonb NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (api_key_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}

/** Who changed what: one row per write request (batches summarised) and per key-management action. */
export class CreateAuditLog1764390000004 implements MigrationInterface {
  name = 'CreateAuditLog1764390000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id          bigserial PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        api_key_id  uuid NULL,
        action      text NOT NULL,
        resource    text NOT NULL,
        resource_id text NULL,
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}

/**
 * A record's fact and payload are stored and returned whole, never queried inside, so `json` (the validated
 * text as written) serves as well as `jsonb`, which parses every document into a binary tree on insert.
 * Measured on 1,000-row inserts into `records`, together with the single unnest() insert of
 * RecordRepository: 37–52 → 29 µs a row (json alone 37 → 31). Rewrites the table once on upgrade.
 */
export class RecordDocumentsAsJson1764900000001 implements MigrationInterface {
  name = 'RecordDocumentsAsJson1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE records ALTER COLUMN fact TYPE json USING fact::json, ALTER COLUMN payload TYPE json USING payload::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE records ALTER COLUMN fact TYPE jsonb USING fact::jsonb, ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}

/**
 * Idempotency keys are kept as their SHA-256 (hex of the UTF-8 bytes, as idempotencyKeyDigest computes), so
 * nothing a client writes into the header is stored; keys already stored are hashed in place, and a retry
 * still finds them. Not reversible: down() only documents that.
 */
export class HashIdempotencyKeys1765090000000 implements MigrationInterface {
  name = 'HashIdempotencyKeys1765090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE idempotency_keys SET idempotency_key = encode(sha256(convert_to(idempotency_key, 'UTF8')), 'hex')`);
  }

  async down(): Promise<void> {
    // Not reversible: only the digests exist. Stored keys expire within 48 hours anyway.
  }
}

/**
 * The stored response of an Idempotency-Key request is only written once and read back whole on a replay, but as
 * `jsonb` PostgreSQL parsed it into a tree and compressed it with pglz on every write request: a 5,000-record
 * batch's body is ~700 kB. Measured on that body (UPDATE of the claimed row, backend CPU, 60 requests): jsonb 5.1 µs
 * a record, json 1.4, json with lz4 0.6. `json` also keeps the text as the first answer had it, so a replay is byte for byte
 * the same (jsonb reorders keys). lz4 only where the server was built with it; pglz otherwise.
 */
export class IdempotencyResponseAsJson1765300000000 implements MigrationInterface {
  name = 'IdempotencyResponseAsJson1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE json USING response_body::json`);
    await q.query(`
      DO $$ BEGIN
        ALTER TABLE idempotency_keys ALTER COLUMN response_body SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body SET COMPRESSION default`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb`);
  }
}

/**
 * Review and approval (issue 14): one row per cell (dataset × period × area) once it has a state; a cell of a dataset
 * that is auto-approved never gets one. `version` orders the cell's events for consumers. The history is the audit log.
 */
export class CreateSubmissionCells1765500000000 implements MigrationInterface {
  name = 'CreateSubmissionCells1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE submission_cell (
        dataset_type text NOT NULL CHECK (dataset_type IN ('record', 'return')),
        kind         text NOT NULL,
        period       text NOT NULL,
        area         text NOT NULL,
        state        text NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
        version      integer NOT NULL,
        fingerprint  jsonb NULL,
        comment      text NULL,
        api_key_id   uuid NULL,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dataset_type, kind, period, area)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE submission_cell`);
  }
}

/** Add to the service's migrations next to `messagingMigrations` (the outbox lives in the same database). */
export const ingestionMigrations = [
  CreateApiKeys1764390000000,
  CreateRecords1764390000001,
  CreateStatisticalReturns1764390000002,
  CreateIdempotencyKeys1764390000003,
  CreateAuditLog1764390000004,
  RecordDocumentsAsJson1764900000001,
  HashIdempotencyKeys1765090000000,
  IdempotencyResponseAsJson1765300000000,
  CreateSubmissionCells1765500000000,
];
