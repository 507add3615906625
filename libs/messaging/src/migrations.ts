import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox: events written in the same transaction as the state change they describe. The relay reads
 * unpublished rows in id order, so the partial index keeps that scan small however large the table grows.
 */
export class CreateOutbox1764380000000 implements MigrationInterface {
  name = 'CreateOutbox1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id           bigserial PRIMARY KEY,
        event_id     uuid NOT NULL UNIQUE,
        topic        text NOT NULL,
        message_key  text NOT NULL,
        payload      jsonb NOT NULL,
        headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text NULL
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
  }
}

/** Inbox: one row per (consumer, event id) already applied; a redelivered event finds its row and is skipped. */
export class CreateInbox1764380000001 implements MigrationInterface {
  name = 'CreateInbox1764380000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox (
        consumer     text NOT NULL,
        event_id     text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox`);
  }
}

/** Add these to a service's own `migrations` list (synchronize stays off). */
export const messagingMigrations = [CreateOutbox1764380000000, CreateInbox1764380000001];
